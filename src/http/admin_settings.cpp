// The force's settings and the audit log, for admins. Every change is audited, and so is every
// look at the audit log.
#include <regex>

#include "app/access.hpp"
#include "app/force_settings.hpp"
#include "app/organisations.hpp"
#include "app/staff_admin.hpp"
#include "core/csv.hpp"
#include "core/embedded.hpp"
#include "core/limits.hpp"
#include "core/london_time.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"
#include "notify/readability.hpp"
#include "notify/sms.hpp"

namespace cf::http {

// --- force settings ---

request_handling_status_t SettingsHandlers::SettingsPage(
    RequestContext& rc, const request_handle_t& req, const std::map<std::string, std::string>& form,
    const std::string& message, const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  mstch::array settings;
  for (const auto& spec : app::ForceSettings()) {
    const std::string value =
        form.count(spec.key) ? form.at(spec.key) : app::SettingValue(s_.cases, spec.key);
    mstch::array choices;
    for (size_t i = 0; i < spec.choices.size(); ++i) {
      choices.push_back(mstch::map{{"id", spec.key + "-" + spec.choices[i]},
                                   {"key", spec.key},
                                   {"value", spec.choices[i]},
                                   {"label", spec.choice_labels[i]},
                                   {"checked", spec.choices[i] == value}});
    }
    settings.push_back(mstch::map{{"key", spec.key},
                                  {"label", spec.label},
                                  {"hint", spec.hint},
                                  {"value", value},
                                  {"free_text", spec.choices.empty()},
                                  {"choices", choices}});
  }
  auto context = AdminContext(rc, message, problems);
  context["settings"] = settings;
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, problems.empty() ? "Force settings" : "Error: force settings",
                Render("admin_settings", context)));
}

request_handling_status_t SettingsHandlers::SettingsForm(RequestContext& rc,
                                                         const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireAdmin(rc);  // audits a refusal as denied_admin, as every admin form does
  std::map<std::string, std::string> values;
  // A setting the form does not carry stays as it is (a form from before it existed, say).
  for (const auto& spec : app::ForceSettings()) {
    if (form.count(spec.key) != 0) values[spec.key] = FormValue(form, spec.key);
  }
  std::vector<std::string> problems;
  const auto changed = app::ChangeSettingsAs(s_, ActorOf(rc), values, problems);
  if (!changed && changed.error().code == core::ErrorCode::kInvalidArgument)
    return SettingsPage(rc, req, form, "", problems);
  if (!changed) throw ProblemFor(changed.error(), "Settings not changed");
  return Redirect(req, "/admin/settings?done=saved");
}

// --- organisations referred to ---

request_handling_status_t SettingsHandlers::OrganisationsPage(
    RequestContext& rc, const request_handle_t& req, const std::map<std::string, std::string>& form,
    const std::string& message, const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  const auto listed = s_.cases.Organisations();
  mstch::array rows;
  for (const auto& o : listed) {
    rows.push_back(mstch::map{{"id", o.id},
                              {"name", o.name},
                              {"offers", o.offers},
                              {"active", o.active},
                              {"updated", LondonTimeText(o.updated_at)}});
  }
  // The form: as posted when refused; an organisation to change (?id=); else empty.
  std::map<std::string, std::string> shown = form;
  const std::string asked = Query(req, "id").substr(0, 40);
  if (form.empty() && !asked.empty()) {
    for (const auto& o : listed) {
      if (o.id == asked)
        shown = {{"id", o.id},
                 {"name", o.name},
                 {"offers", o.offers},
                 {"listed", o.active ? "yes" : "no"}};
    }
  }
  auto value = [&](const char* key) {
    const auto it = shown.find(key);
    return it == shown.end() ? std::string() : it->second;
  };
  // Each problem names its field ("Name: ..."): linked from the summary and shown at the field.
  auto context = AdminContext(rc, message, {});
  if (!problems.empty()) {
    static const std::pair<const char*, const char*> kFields[] = {
        {"Id:", "id"}, {"Name:", "name"}, {"What it offers:", "offers"}};
    mstch::array linked;
    for (const auto& p : problems) {
      std::string field = "id";
      for (const auto& [prefix, key] : kFields) {
        if (p.rfind(prefix, 0) == 0) field = key;
      }
      linked.push_back(mstch::map{{"href", "#org-" + field}, {"text", p}});
      context["error_" + field] = p;
    }
    context["problem"] = true;
    context["linked_problems"] = linked;
  }
  context["organisations"] = rows;
  context["has_organisations"] = !rows.empty();
  context["form_id"] = value("id");
  context["form_name"] = value("name");
  context["form_offers"] = value("offers");
  context["form_withdrawn"] = value("listed") == "no";
  context["changing"] = !value("id").empty();
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, problems.empty() ? "Organisations we refer to" : "Error: organisations",
                Render("admin_organisations", context)));
}

request_handling_status_t SettingsHandlers::OrganisationsForm(RequestContext& rc,
                                                              const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireAdmin(rc);
  const auto get = FormGetter(form);
  storage::OrganisationRow o;
  o.id = get("id");
  o.name = get("name");
  o.offers = get("offers");
  o.active = get("listed") != "no";
  std::vector<std::string> problems;
  const auto saved = app::SaveOrganisationAs(s_, ActorOf(rc), o, problems);
  if (!saved && saved.error().code == core::ErrorCode::kInvalidArgument)
    return OrganisationsPage(rc, req, form, "", problems);
  if (!saved) throw ProblemFor(saved.error(), "Organisation not saved");
  return Redirect(req, "/admin/organisations?done=saved");
}

// --- audit log ---

namespace {

// The search an audit page's query asks for (London dates turned to UTC instants), with each
// problem beside the id of the field it is about.
struct AuditAsked {
  storage::AuditQuery query;
  std::string from, to;  // as typed
  std::vector<std::pair<std::string, std::string>> problems;
};

AuditAsked AuditAskedIn(const request_handle_t& req) {
  AuditAsked out;
  out.query.user = Query(req, "user").substr(0, 100);
  out.query.crime = Query(req, "crime").substr(0, 100);
  out.from = Query(req, "from").substr(0, 20);
  out.to = Query(req, "to").substr(0, 20);
  core::LondonDates london;
  std::optional<core::Date> from;
  std::optional<core::Date> to;
  if (!out.from.empty()) {
    from = core::Date::Parse(out.from);
    if (!from) out.problems.emplace_back("audit-from", "From must be a real date, like 2026-11-30");
  }
  if (!out.to.empty()) {
    to = core::Date::Parse(out.to);
    if (!to) out.problems.emplace_back("audit-to", "To must be a real date, like 2026-11-30");
  }
  if (from && to && *to < *from)
    out.problems.emplace_back("audit-to", "To must be on or after From");
  if (from) out.query.from = core::UtcText(london.StartOf(*from));
  if (to) out.query.until = core::UtcText(london.StartOf(to->AddDays(1)));  // to the day's end
  return out;
}

}  // namespace

request_handling_status_t SettingsHandlers::AuditPage(RequestContext& rc,
                                                      const request_handle_t& req) {
  RequireAdmin(rc);
  AuditAsked asked = AuditAskedIn(req);
  const size_t page = NumberParam(req, "page", 1, 1, 100000);
  mstch::map context{{"user_filter", asked.query.user},
                     {"crime_filter", asked.query.crime},
                     {"from", asked.from},
                     {"to", asked.to}};
  if (!asked.problems.empty()) {
    mstch::array linked;
    for (const auto& [field, text] : asked.problems) {
      linked.push_back(mstch::map{{"href", "#" + field}, {"text", text}});
      context["error_" + field.substr(6)] = text;  // error_from, error_to
    }
    context["problem"] = true;
    context["linked_problems"] = linked;
    return SendHtml(req, restinio::status_bad_request(),
                    StaffPage(rc, "Error: Audit log", Render("audit", context)));
  }
  asked.query.offset = (page - 1) * core::kAuditPageRows;
  asked.query.limit = core::kAuditPageRows;
  const auto found = app::SearchAuditAs(s_, ActorOf(rc), asked.query);
  if (!found) throw ProblemFor(found.error(), "");
  mstch::array entries;
  for (const auto& e : found->entries) {
    entries.push_back(mstch::map{{"at", LondonTimeText(e.at)},
                                 {"user", e.user},
                                 {"action", app::AuditActionText(e.action)},
                                 {"code", e.action},
                                 {"crime", e.crime},
                                 {"crime_path", e.crime.empty() ? std::string() : PathOf(e.crime)},
                                 {"detail", e.detail},
                                 {"source", e.source}});
  }
  const std::string query =
      fmt::format("user={}&crime={}&from={}&to={}", PathOf(asked.query.user),
                  PathOf(asked.query.crime), PathOf(asked.from), PathOf(asked.to));
  context["entries"] = entries;
  context["any"] = !entries.empty();
  context["past_end"] = entries.empty() && found->total > 0;
  context["first_page"] = fmt::format("/admin/audit?{}", query);
  context["exportable"] = found->total <= static_cast<int64_t>(core::kAuditExportRows);
  context["total"] = fmt::format("{}", found->total);
  context["csv_href"] = "/admin/audit.csv?" + query;
  context["pagination"] =
      Pagination(asked.query.offset, core::kAuditPageRows, found->total,
                 [&](size_t n) { return fmt::format("/admin/audit?{}&page={}", query, n); });
  return SendHtml(req, restinio::status_ok(), StaffPage(rc, "Audit log", Render("audit", context)));
}

request_handling_status_t SettingsHandlers::AuditCsv(RequestContext& rc,
                                                     const request_handle_t& req) {
  RequireAdmin(rc);
  AuditAsked asked = AuditAskedIn(req);
  if (!asked.problems.empty()) {
    const auto& [field, text] = asked.problems.front();
    std::string pointer(1, '?');  // audit-from -> ?from
    pointer.append(field, 6, std::string::npos);
    throw BadRequest(text, json::array({{{"pointer", pointer}, {"message", text}}}));
  }
  const auto found = app::ExportAuditAs(s_, ActorOf(rc), asked.query);
  if (!found) throw ProblemFor(found.error(), "Not downloaded");
  std::string csv = "When (UTC),When (London),Who,What,Action code,Crime,Detail,From\r\n";
  for (const auto& e : found->entries) {
    for (const std::string& field : {e.at, LondonTimeText(e.at), e.user,
                                     app::AuditActionText(e.action), e.action, e.crime, e.detail}) {
      csv += core::CsvField(field);
      csv += ',';
    }
    csv += core::CsvField(e.source);
    csv += "\r\n";
  }
  return SendDownload(req, "text/csv; charset=utf-8",
                      fmt::format("audit-log-{}.csv", s_.Today().ToString()), std::move(csv));
}

}  // namespace cf::http
