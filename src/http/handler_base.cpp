#include "http/handler_base.hpp"

#include <atomic>
#include <charconv>
#include <iostream>
#include <restinio/helpers/file_upload.hpp>

#include "app/access.hpp"
#include "app/rota.hpp"
#include "app/sign_in.hpp"
#include "auth/credentials.hpp"
#include "core/budget.hpp"
#include "core/escape.hpp"
#include "core/limits.hpp"
#include "core/london_time.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::http {
namespace {

void LogFailure(uint64_t id, const request_handle_t& req, const char* what) {
  // The route, not the path: portal paths carry people's one-time links.
  LogLine("error",
          fmt::format("{} {}: {}", req->header().method().c_str(), RequestRoute(req), what), id);
}

// Runs a handler under the request time limit; work past it (or past a stop) ends as a 503,
// its writes rolled back by the transaction the exception leaves.
template <typename F>
request_handling_status_t WithinBudget(const RequestContext& rc, const request_handle_t& req,
                                       F&& handler) {
  const core::ScopedDeadline deadline(core::kRequestTime);
  try {
    return handler();
  } catch (const core::BudgetExceeded& e) {
    LogFailure(rc.id, req, e.what());
    throw e.stopping
        ? ServiceUnavailable("The service is stopping", "Try again in a minute.")
        : ServiceUnavailable("That took too long",
                             fmt::format("The request was stopped after {} seconds. Ask for "
                                         "less at once: a nearer date or a smaller scope.",
                                         core::kRequestTime.count() / 1000));
  }
}

}  // namespace

request_handling_status_t HandlerBase::Api(
    const request_handle_t& req,
    const std::function<request_handling_status_t(RequestContext&)>& fn) {
  RequestContext rc;
  rc.id = RequestId(req);  // in the log beside a failure, and on the error page
  s_.cases.EndReads();     // this request sees what other threads have committed
  try {
    const auto auth = req->header().get_field_or(restinio::http_field::authorization, "");
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() ||
        std::string_view(auth).substr(0, kBearer.size()) != kBearer) {
      return SendProblem(req, Unauthorized());
    }
    rc.user = app::UserForApiToken(s_, std::string_view(auth).substr(kBearer.size()));
    if (!rc.user) return SendProblem(req, Unauthorized());
    rc.source = req->remote_endpoint().address().to_string();
    return WithinBudget(rc, req, [&] { return fn(rc); });
  } catch (const Problem& p) {
    return SendProblem(req, p);
  } catch (const std::exception& e) {
    // Logged with the request id; the body says only that it failed (no internals).
    LogFailure(rc.id, req, e.what());
    return SendProblem(req,
                       {restinio::status_internal_server_error(), "Server error",
                        fmt::format("request {} failed; the server log has the details", rc.id)});
  }
}

request_handling_status_t HandlerBase::Html(
    const request_handle_t& req,
    const std::function<request_handling_status_t(RequestContext&)>& fn) {
  RequestContext rc;
  rc.id = RequestId(req);  // in the log beside a failure, and on the error page
  s_.cases.EndReads();     // this request sees what other threads have committed
  return ResumeHtml(rc, req, [&](RequestContext& c) {
    c.source = req->remote_endpoint().address().to_string();
    return fn(c);
  });
}

request_handling_status_t HandlerBase::ResumeHtml(
    RequestContext& rc, const request_handle_t& req,
    const std::function<request_handling_status_t(RequestContext&)>& fn) {
  try {
    return WithinBudget(rc, req, [&] { return fn(rc); });
  } catch (const Problem& p) {
    // The page around the error is this request's own: signed out unless this request signed in.
    const bool signed_in = rc.session && rc.user;
    return SendHtml(
        req, p.status,
        Page(p.title,
             fmt::format("<h1 class=\"govuk-heading-l\">{}</h1><p class=\"govuk-body\">{}</p>",
                         Render("text", {{"t", p.title}}), Render("text", {{"t", p.detail}})),
             signed_in ? &*rc.user : nullptr, signed_in ? rc.session->csrf : ""));
  } catch (const std::exception& e) {
    return ServerError(req, rc.id, e.what());
  }
}

mstch::array HandlerBase::ReassignTargets(const storage::User& actor, const std::string& unit,
                                          const std::string& except) {
  mstch::array targets;
  const bool any_unit = app::MayAdminister(actor);
  for (const auto& u : any_unit ? s_.accounts.Users() : s_.accounts.UsersInUnit(unit)) {
    if (!app::MayTakeCases(u) || u.officer == except) continue;
    const std::string who = u.full_name.empty() ? u.name : u.full_name;
    const std::string collar = u.collar.empty() ? u.officer : u.collar;
    const std::string elsewhere = u.unit == unit ? "" : ", unit " + u.unit;
    targets.push_back(mstch::map{{"officer", u.officer},
                                 {"label", fmt::format("{} ({}{})", who, collar, elsewhere)}});
  }
  return targets;
}

size_t HandlerBase::NumberParam(const request_handle_t& req, const char* name, size_t fallback,
                                size_t min, size_t max) {
  const std::string text = Query(req, name);
  return text.empty() ? fallback : WholeNumber(text, fmt::format("?{}", name), min, max);
}

size_t HandlerBase::WholeNumber(const std::string& text, const std::string& pointer, size_t min,
                                size_t max) {
  size_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || value < min || value > max) {
    const auto name = pointer.substr(pointer.find_first_not_of("?/"));
    const auto message = fmt::format("{} must be a whole number from {} to {}", name, min, max);
    throw BadRequest(message, json::array({{{"pointer", pointer}, {"message", message}}}));
  }
  return value;
}

mstch::map HandlerBase::Pagination(size_t offset, size_t per_page, int64_t total,
                                   const std::function<std::string(size_t)>& href) {
  const auto count = static_cast<size_t>(std::max<int64_t>(total, 0));
  const size_t pages = std::max<size_t>(1, (count + per_page - 1) / per_page);
  const size_t current = offset / per_page + 1;
  mstch::map out{{"has_pages", pages > 1}};
  if (count > 0 && offset < count) {
    out["showing"] = fmt::format("Showing {} to {} of {}", offset + 1,
                                 std::min(count, offset + per_page), count);
  }
  if (pages <= 1) return out;
  if (current > 1) out["prev_href"] = href(std::min(current, pages + 1) - 1);
  if (current < pages) out["next_href"] = href(current + 1);
  // The first, the last, and the current with one either side; gaps as an ellipsis.
  mstch::array list;
  bool gap = false;
  for (size_t n = 1; n <= pages; ++n) {
    if (n == 1 || n == pages || (n + 1 >= current && n <= current + 1)) {
      list.push_back(
          mstch::map{{"number", std::to_string(n)}, {"href", href(n)}, {"current", n == current}});
      gap = false;
    } else if (!gap) {
      list.push_back(mstch::map{{"ellipsis", true}});
      gap = true;
    }
  }
  out["pages"] = list;
  return out;
}

std::map<std::string, std::string> HandlerBase::OfficerLabels() {
  std::map<std::string, std::string> out;
  for (const auto& u : s_.accounts.Users()) {
    if (u.officer.empty()) continue;
    const std::string who = u.full_name.empty() ? u.name : u.full_name;
    const std::string collar = u.collar.empty() ? u.officer : u.collar;
    out.try_emplace(u.officer, fmt::format("{} ({})", who, collar));
  }
  return out;
}

std::string HandlerBase::DateText(const std::string& iso) {
  const auto d = core::Date::Parse(iso);
  return d ? d->ToLongString() : iso;
}

request_handling_status_t HandlerBase::ServerError(const request_handle_t& req, uint64_t id,
                                                   const char* what) {
  LogFailure(id, req, what);
  return SendHtml(req, restinio::status_internal_server_error(),
                  Page("Sorry, there is a problem",
                       fmt::format("<h1 class=\"govuk-heading-l\">Sorry, there is a "
                                   "problem</h1><p class=\"govuk-body\">Reference {}.</p>",
                                   id)));
}

void HandlerBase::Audit(RequestContext& rc, const std::string& action, const std::string& crime,
                        const std::string& detail) {
  s_.accounts.Audit({"", rc.user->name, action, crime, "", detail, rc.source});
}

core::Date HandlerBase::DateParam(const request_handle_t& req, const char* name) {
  const std::string text = Query(req, name);
  if (text.empty()) return s_.Today();
  const auto d = core::Date::Parse(text);
  if (!d) {
    throw BadRequest(
        fmt::format("{} must be a date YYYY-MM-DD", name),
        json::array({{{"pointer", fmt::format("?{}", name)}, {"message", "not a date: " + text}}}));
  }
  // A day far from today would have every case computed afresh for it (and, ahead, periodic
  // updates without end): the range covers what staff look back on and plan for.
  const core::Date today = s_.Today();
  const core::Date earliest = today.AddDays(-core::kDaysBack);
  const core::Date latest = today.AddDays(core::kDaysAhead);
  if (*d < earliest || *d > latest) {
    const std::string message =
        fmt::format("{} must be from {} to {}", name, earliest.ToString(), latest.ToString());
    throw BadRequest(message,
                     json::array({{{"pointer", fmt::format("?{}", name)}, {"message", message}}}));
  }
  return *d;
}

std::string HandlerBase::CrimeIn(const restinio::router::route_params_t& params) {
  auto crime =
      restinio::utils::try_unescape_percent_encoding<restinio::utils::relaxed_unescape_traits>(
          params["crime"]);
  if (!crime) throw BadRequest("the crime reference in the address is not valid percent-encoding");
  return std::move(crime).value();
}

// The case in the path, which the caller's role and unit must allow acting on.
storage::CaseRow HandlerBase::CaseFor(RequestContext& rc,
                                      const restinio::router::route_params_t& params,
                                      const char* action) {
  auto row = app::CaseFor(s_, ActorOf(rc), CrimeIn(params), action);
  if (!row) throw ProblemFor(row.error(), "");
  return std::move(row).value();
}

json HandlerBase::Body(const request_handle_t& req) {
  if (const auto deep = core::JsonTooDeep(req->body())) throw BadRequest("the body is " + *deep);
  auto body = json::parse(req->body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw BadRequest("the body must be a JSON object");
  return body;
}

std::string HandlerBase::Field(const json& body, const char* name, bool required) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) {
      throw BadRequest(
          fmt::format("{} is required", name),
          json::array({{{"pointer", fmt::format("/{}", name)}, {"message", "required"}}}));
    }
    return {};
  }
  if (!it->is_string()) {
    throw BadRequest(
        fmt::format("{} must be a string", name),
        json::array({{{"pointer", fmt::format("/{}", name)}, {"message", "must be a string"}}}));
  }
  if (const auto long_field = FieldTooLong(name, it->get_ref<const std::string&>())) {
    throw BadRequest(
        *long_field,
        json::array({{{"pointer", fmt::format("/{}", name)}, {"message", *long_field}}}));
  }
  return it->get<std::string>();
}

std::string HandlerBase::NewStaffEventId() { return app::NewStaffEventId(); }

core::Instant HandlerBase::Now() const { return s_.Now() / 1000 * 1000; }

json HandlerBase::SatisfiedJson(const std::vector<app::SatisfiedDuty>& duties) {
  json out = json::array();
  for (const auto& d : duties) {
    out.push_back({{"person", d.person},
                   {"duty", d.duty},
                   {"instance", d.instance},
                   {"deadline", d.deadline},
                   {"late", d.late},
                   {"what", d.what}});
  }
  return out;
}

void HandlerBase::RequireContactRole(RequestContext& rc) const {
  if (!app::MayRecordContacts(*rc.user)) throw Forbidden("analysts do not record contacts");
}

Getter HandlerBase::FormGetter(const std::map<std::string, std::string>& form) {
  return [&form](const char* name) { return FormValue(form, name); };
}

// The signed-in session from the cookie, or nullopt.
std::optional<storage::AccountStore::Session> HandlerBase::SessionOf(const request_handle_t& req) {
  const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
  const auto it = cookies.find("cf_session");
  if (it == cookies.end()) return std::nullopt;
  return app::SessionFor(s_, it->second);
}

// Requires a session; sets user_ and session_. Returns false after answering with a redirect.
bool HandlerBase::SignedIn(RequestContext& rc, const request_handle_t& req) {
  rc.session = SessionOf(req);
  if (!rc.session || !app::MayUseStaffPages(rc.session->user)) return false;
  rc.user = rc.session->user;
  return true;
}

// A form must carry the session's CSRF token.
void HandlerBase::CheckCsrf(RequestContext& rc, const std::map<std::string, std::string>& form) {
  const auto it = form.find("csrf");
  if (it == form.end() || it->second.empty() || it->second != rc.session->csrf) {
    Audit(rc, "csrf_rejected", "", "");
    throw Problem{restinio::status_forbidden(), "The form has expired",
                  "Go back, reload the page and try again."};
  }
}

request_handling_status_t HandlerBase::SendHtml(const request_handle_t& req,
                                                restinio::http_status_line_t status,
                                                std::string html) {
  return Send(req, std::move(status), "text/html; charset=utf-8", std::move(html));
}

request_handling_status_t HandlerBase::SendDownload(const request_handle_t& req,
                                                    const std::string& content_type,
                                                    const std::string& filename, std::string body) {
  return NewResponse(req)
      .append_header(restinio::http_field::content_type, content_type)
      .append_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", filename))
      .append_header("Cache-Control", "no-store")
      .set_body(std::move(body))
      .done();
}

request_handling_status_t HandlerBase::Redirect(const request_handle_t& req, const std::string& to,
                                                const std::string& cookie) {
  // Nothing a form carried may end the header early: a control character (CR, LF...) in the
  // target is percent-encoded, so it cannot start a header of its own.
  std::string location;
  for (const char c : to) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F)
      location += fmt::format("%{:02X}", byte);
    else
      location += c;
  }
  auto r = NewResponse(req, restinio::status_see_other());
  r.append_header(restinio::http_field::location, location);
  if (!cookie.empty()) r.append_header(restinio::http_field::set_cookie, cookie);
  return r.done();
}

std::string HandlerBase::PathOf(const std::string& crime) { return core::EscapePathSegment(crime); }

std::string HandlerBase::NextShiftsText(const std::string& user, size_t count) {
  std::string out;
  for (const auto& s : app::NextShiftsOf(s_, user, count)) {
    const auto day = core::Date::Parse(s.starts_at.substr(0, 10));
    out += fmt::format("{}{} {} to {}", out.empty() ? "" : "; ",
                       day ? day->ToLongString() : s.starts_at.substr(0, 10),
                       s.starts_at.substr(11, 5), s.ends_at.substr(11, 5));
  }
  return out.empty() ? "none on the rota" : out;
}

std::string HandlerBase::OfficerAvailability(const std::string& officer) {
  const auto who = s_.accounts.UserForOfficer(officer);
  if (!who) return "";
  if (const auto leave = app::LeaveToday(s_, officer)) {
    return fmt::format("On leave until {}{}. Next shifts: {}", leave->ends_on.ToDayMonthYear(),
                       leave->cover.empty() ? std::string()
                                            : ", covered by " + app::OfficerLabel(s_, leave->cover),
                       NextShiftsText(who->name, 3));
  }
  return "Next shifts: " + NextShiftsText(who->name, 3);
}

std::string HandlerBase::LondonTimeText(const std::string& rfc3339) {
  const auto at = core::ParseRfc3339(rfc3339);
  if (!at) return rfc3339;
  core::LondonDates london;
  return london.DateOf(*at).ToLongString() + " " + london.ClockOf(*at);
}

std::string HandlerBase::DoneMessage(const request_handle_t& req) {
  static const std::map<std::string, std::string> kMessages = {
      {"added", "Added."},
      {"saved", "Saved."},
      {"shift_added", "Shift added."},
      {"shift_removed", "Shift removed."},
      {"leave_added",
       "Leave recorded. Cases falling due while they are away are flagged on the team page."},
      {"leave_cancelled", "Leave cancelled."},
      {"imported", "Imported."},
      {"drawn", "Sample drawn. Review each case against the rubric."},
      {"reviewed", "Review saved. The officer sees the findings on their work page."},
      {"action_raised",
       "Action added to the self-assessment's plan. It shows in the plan's report."},
      {"refreshed", "The measures are rolled up afresh from the cases, the survey and reviews."},
      {"calls_drawn", "Your list is drawn. Call each person on it this week."},
      {"called", "Call saved. Answers count in the satisfaction figures."},
      {"unchanged", "This assessment was already stored with the same scores: nothing changed."}};
  const auto it = kMessages.find(Query(req, "done"));
  return it == kMessages.end() ? std::string() : it->second;
}

std::string HandlerBase::StaffPage(RequestContext& rc, const std::string& title,
                                   const std::string& content) const {
  return Page(title, content, &*rc.user, rc.session->csrf);
}

void HandlerBase::RequireAdmin(RequestContext& rc) {
  if (!app::MayAdminister(*rc.user)) {
    Audit(rc, "denied_admin", "", "");
    throw Forbidden("this page is for administrators");
  }
}

mstch::map HandlerBase::AdminContext(RequestContext& rc, const std::string& message,
                                     const std::vector<std::string>& problems) const {
  mstch::map context{{"csrf", rc.session->csrf}};
  if (!message.empty()) context["message"] = message;
  if (!problems.empty()) {
    mstch::array list;
    for (const auto& p : problems) list.push_back(p);
    context["problem"] = true;
    context["problems"] = list;
  }
  return context;
}

HandlerBase::Upload HandlerBase::ReadUpload(const request_handle_t& req) {
  Upload out;
  namespace mb = restinio::multipart_body;
  const auto parsed = mb::enumerate_parts(
      *req,
      [&](const mb::parsed_part_t& part) {
        auto file = restinio::file_upload::analyze_part(part);
        if (file && file->filename && !file->filename->empty()) {
          out.filename = *file->filename;
          out.content.assign(part.body.data(), part.body.size());
        } else if (const auto disposition =
                       part.fields.opt_value_of(restinio::http_field::content_disposition)) {
          // A plain field: form-data; name="csrf"
          const std::string d(*disposition);
          const size_t at = d.find("name=\"");
          const size_t end = at == std::string::npos ? at : d.find('"', at + 6);
          if (end != std::string::npos)
            out.fields[d.substr(at + 6, end - at - 6)] =
                std::string(part.body.data(), part.body.size());
        }
        return mb::handling_result_t::continue_enumeration;
      },
      "multipart", "form-data");
  out.parsed = static_cast<bool>(parsed);
  return out;
}

std::string HandlerBase::ScratchPath(const std::string& extension) {
  return std::filesystem::temp_directory_path() /
         ("cf-upload-" + auth::NewToken().substr(3, 16) + extension);
}

}  // namespace cf::http
