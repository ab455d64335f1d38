#include "app/access.hpp"
#include "app/import.hpp"
#include "app/work_queue.hpp"
#include "core/limits.hpp"
#include "core/metrics.hpp"
#include "http/event_forms.hpp"
#include "http/handlers.hpp"

namespace cf::http {

namespace {

// The form for `spec` with what was entered (or the defaults), as the template wants it.
mstch::array FieldsContext(const EventForm& spec, const std::map<std::string, std::string>& values,
                           const std::vector<FormProblem>& problems) {
  auto value = [&](const std::string& name) {
    const auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  };
  mstch::array fields;
  for (const auto& f : spec.fields) {
    std::string id = "f-" + f.name;
    std::replace(id.begin(), id.end(), '.', '-');
    std::string error;
    for (const auto& p : problems) {
      if (p.input == InputIdOf(f)) error = p.message;
    }
    std::string describedby = f.hint.empty() ? "" : id + "-hint";
    if (!error.empty()) describedby += (describedby.empty() ? "" : " ") + id + "-error";
    mstch::map m{{"id", id},
                 {"error", error},
                 {"describedby", describedby},
                 {"name", f.name},
                 {"label", f.label},
                 {"hint", f.hint},
                 {"required", f.required},
                 {"value", value(f.name)},
                 {"section", f.section},
                 {"is_text", f.kind == FieldKind::kText || f.kind == FieldKind::kDateList},
                 {"is_long", f.kind == FieldKind::kLongText},
                 {"is_date", f.kind == FieldKind::kDate},
                 {"is_datetime", f.kind == FieldKind::kDateTime},
                 {"is_number", f.kind == FieldKind::kNumber},
                 {"is_select", f.kind == FieldKind::kSelect},
                 {"is_yesno", f.kind == FieldKind::kYesNo},
                 {"is_checks", f.kind == FieldKind::kChecks},
                 {"yes", value(f.name) == "yes"},
                 {"no", value(f.name) == "no"},
                 {"date_value", value(f.name + ".date")},
                 {"time_value", value(f.name + ".time")}};
    mstch::array options;
    for (const auto& [v, label] : f.options) {
      const std::string check_name = f.name + "." + v;
      const bool checked =
          f.kind == FieldKind::kChecks ? !value(check_name).empty() : value(f.name) == v;
      options.push_back(mstch::map{{"value", v},
                                   {"label", label},
                                   {"checked", checked},
                                   {"id", std::string(id).append("-").append(v)},
                                   {"name", check_name}});
    }
    m["options"] = options;
    fields.push_back(m);
  }
  return fields;
}

}  // namespace

request_handling_status_t EventHandlers::Events(RequestContext& rc, const request_handle_t& req) {
  // Refused before the body is read (the use case checks again), so a refusal is a refusal
  // whatever was sent.
  if (!app::MayRecordEvents(*rc.user))
    throw Forbidden("recording events through the API needs the admin role");
  // JSON Lines as sent, or one JSON object, or an array of them.
  std::string text = req->body();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') {
    // The array adds one level to the events' own nesting.
    if (const auto deep = core::JsonTooDeep(text, core::kJsonDepth + 1))
      throw BadRequest("the body is " + *deep);
    const auto arr = json::parse(text, nullptr, false);
    if (arr.is_discarded() || !arr.is_array()) throw BadRequest("the body is not valid JSON");
    text.clear();
    for (const auto& e : arr) text += e.dump() + "\n";
  }
  const auto recorded =
      app::RecordEventsAs(s_, ActorOf(rc), text, fmt::format("api:{}", rc.user->name));
  if (!recorded) throw ProblemFor(recorded.error(), "Events not recorded");
  const app::ImportReport& report = *recorded;
  if (!report.written) {
    json errors = json::array();
    for (const auto& e : report.errors)
      errors.push_back({{"line", e.line}, {"message", e.message}});
    return SendProblem(
        req, {HttpStatusFor(core::ErrorCode::kInvalidArgument), "Events rejected",
              fmt::format("{} bad line(s); nothing was stored", report.errors.size()), errors});
  }
  auto& metrics = core::metrics::Registry::Global();
  metrics.Count("citizenfocus_events_imported_total",
                "Events sent to the API and stored (new ones, not repeats).", {},
                static_cast<double>(report.accepted));
  metrics.Count("citizenfocus_event_lines_received_total",
                "Event lines sent to the API in batches that were stored.", {},
                static_cast<double>(report.lines));
  return SendJson(req, {{"lines", report.lines},
                        {"accepted", report.accepted},
                        {"duplicates", report.duplicates},
                        {"cases", report.cases},
                        {"obligations", report.obligations}});
}

namespace {

// The validation's message in the form's words: `field "contact.email": ...` names the field
// by its label ("Email address: ...") and links to it.
FormProblem InFormWords(const EventForm& spec, std::string message) {
  std::string input;
  for (const auto& f : spec.fields) {
    const std::string quoted = "field \"" + f.name + "\"";
    if (const auto at = message.find(quoted); at != std::string::npos) {
      message.replace(at, quoted.size(), f.label);
      message = Worded(f, message);
      input = InputIdOf(f);
    }
  }
  return {input, message};
}

}  // namespace

const EventForm& EventHandlers::EventFormFor(RequestContext& rc, const std::string& type) {
  const EventForm* spec = FindEventForm(type);
  if (spec == nullptr) throw NotFound("there is no form for recording that");
  if (!app::MayRecordCaseEvent(*rc.user, spec->Kind())) {
    throw Forbidden(app::CaseEventRefusal(*rc.user));
  }
  return *spec;
}

request_handling_status_t EventHandlers::EventFormPage(
    RequestContext& rc, const request_handle_t& req, const restinio::router::route_params_t& params,
    const std::map<std::string, std::string>& values, const std::vector<FormProblem>& problems) {
  const auto row = CaseFor(rc, params, "event_form");
  const EventForm& spec =
      EventFormFor(rc, values.count("type") ? values.at("type") : Query(req, "type"));
  mstch::array people;
  for (const auto& p : s_.cases.CasePeople(row.crime)) {
    people.push_back(
        mstch::map{{"person", p.person},
                   {"display_name", p.display_name},
                   {"role", std::string(domain::Name(p.role))},
                   {"selected", values.count("person") && values.at("person") == p.person}});
  }
  mstch::map context{
      {"crime", row.crime},
      {"crime_path", PathOf(row.crime)},
      {"title", spec.title},
      {"type", spec.type},
      {"csrf", rc.session->csrf},
      {"about_person", spec.about_person},
      {"people", people},
      {"fields", FieldsContext(spec, values, problems)},
      {"when_date", values.count("when.date") ? values.at("when.date") : std::string()},
      {"when_time", values.count("when.time") ? values.at("when.time") : std::string()}};
  if (!problems.empty()) {
    context["problem"] = true;
    mstch::array list;
    for (const auto& p : problems)
      list.push_back(
          mstch::map{{"message", p.message}, {"href", p.input.empty() ? "" : "#" + p.input}});
    context["problems"] = list;
  }
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      Page((problems.empty() ? "" : "Error: ") + spec.title, Render("event_form", context),
           &*rc.user, rc.session->csrf));
}

request_handling_status_t EventHandlers::NewEventPage(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  // ?person= chooses whom it is about, as the case page's "Change contact details" links do.
  return EventFormPage(rc, req, params,
                       {{"type", Query(req, "type")}, {"person", Query(req, "person")}}, {});
}

request_handling_status_t EventHandlers::RecordEventForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const auto row = CaseFor(rc, params, "event");
  const EventForm& spec = EventFormFor(rc, form.count("type") ? form.at("type") : "");
  core::LondonDates london;
  const std::string id = NewStaffEventId();
  std::vector<FormProblem> problems;
  const auto line =
      EventLine(spec, form, row.crime, id, app::StaffIdOf(*rc.user), Now(), london, &problems);
  if (!line) {
    if (problems.empty()) problems.push_back({"", line.error().message});
    return EventFormPage(rc, req, params, form, problems);
  }
  const auto report =
      app::RecordCaseEventAs(s_, ActorOf(rc), row.crime, *line, spec.Kind(),
                             spec.type + (form.count("person") ? " " + form.at("person") : ""));
  if (!report) throw ProblemFor(report.error(), "Not recorded");
  if (!report->written) {
    for (const auto& e : report->errors) problems.push_back(InFormWords(spec, e.message));
    return EventFormPage(rc, req, params, form, problems);
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=event");
}

}  // namespace cf::http
