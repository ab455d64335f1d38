#include "http/server.hpp"

#include <csignal>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <restinio/all.hpp>

#include "app/access.hpp"
#include "app/case_actions.hpp"
#include "app/case_derivation.hpp"
#include "app/import.hpp"
#include "app/work_queue.hpp"
#include "auth/credentials.hpp"
#include "core/embedded.hpp"
#include "http/pages.hpp"
#include "events/jsonl_writer.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace cf::http {
namespace {

using nlohmann::json;
using router_t = restinio::router::express_router_t<>;
using restinio::request_handle_t;
using restinio::request_handling_status_t;

// An error the request ends with: RFC 7807 problem details.
struct Problem {
  restinio::http_status_line_t status;
  std::string title;
  std::string detail;
  json errors = json::array();
};

Problem Unauthorized() {
  return {restinio::status_unauthorized(), "Not signed in",
          "Send an API token as 'Authorization: Bearer <token>' (citizenfocus token create)."};
}
Problem Forbidden(std::string detail) { return {restinio::status_forbidden(), "Not allowed", std::move(detail)}; }
Problem BadRequest(std::string detail, json errors = json::array()) {
  return {restinio::status_bad_request(), "Invalid request", std::move(detail), std::move(errors)};
}
Problem NotFound(std::string detail) { return {restinio::status_not_found(), "Not found", std::move(detail)}; }

request_handling_status_t Send(const request_handle_t& req, restinio::http_status_line_t status,
                               const std::string& content_type, std::string body) {
  return req->create_response(status)
      .append_header(restinio::http_field::content_type, content_type)
      .append_header("Cache-Control", "no-store")
      .append_header("X-Content-Type-Options", "nosniff")
      .set_body(std::move(body))
      .done();
}

request_handling_status_t SendJson(const request_handle_t& req, const json& body) {
  return Send(req, restinio::status_ok(), "application/json", body.dump());
}

request_handling_status_t SendProblem(const request_handle_t& req, const Problem& p) {
  json body = {{"type", "about:blank"}, {"title", p.title}, {"status", p.status.status_code().raw_code()},
               {"detail", p.detail}};
  if (!p.errors.empty()) body["errors"] = p.errors;
  return Send(req, p.status, "application/problem+json", body.dump());
}

std::string Query(const request_handle_t& req, const char* name) {
  const auto qp = restinio::parse_query(req->header().query());
  return qp.has(name) ? restinio::cast_to<std::string>(qp[name]) : std::string();
}

const std::string& OpenApi() {
  static const std::string text = [] {
    const auto embedded = core::FindEmbedded("data/api/openapi.json");
    if (!embedded) throw std::logic_error("OpenAPI document missing from the binary");
    return std::string(*embedded);
  }();
  return text;
}

class Api {
 public:
  Api(const ServerOptions& options, const rules::RuleLibrary& library, const calendar::WorkingDayCalendar& calendar,
      std::function<core::Date()> today)
      : store_(storage::OpenSqliteStore(options.db_path)),
        accounts_(storage::OpenSqliteAccountStore(options.db_path)),
        library_(library),
        engine_(library, calendar),
        today_(std::move(today)) {}

  std::unique_ptr<router_t> Routes() {
    auto router = std::make_unique<router_t>();
    router->http_get("/healthz", [this](auto req, auto) { return Healthz(req); });
    router->http_get("/api/v1/openapi.json",
                     [](auto req, auto) { return Send(req, restinio::status_ok(), "application/json", OpenApi()); });
    router->http_get("/api/v1/queue", [this](auto req, auto) { return Guard(req, [&] { return Queue(req); }); });
    router->http_get(R"(/api/v1/cases/:crime(.+))",
                     [this](auto req, auto params) { return Guard(req, [&] { return Case(req, params); }); });
    router->http_post("/api/v1/events", [this](auto req, auto) { return Guard(req, [&] { return Events(req); }); });
    router->http_post(R"(/api/v1/cases/:crime(.+)/contacts)",
                      [this](auto req, auto params) { return Guard(req, [&] { return Contact(req, params); }); });
    router->http_get("/api/v1/search", [this](auto req, auto) { return Guard(req, [&] { return Search(req); }); });
    router->http_get("/search", [this](auto req, auto) { return Html(req, [&] { return SearchPage(req); }); });
    router->http_get("/api/v1/team", [this](auto req, auto) { return Guard(req, [&] { return Team(req); }); });
    router->http_post(R"(/api/v1/cases/:crime(.+)/assign)",
                      [this](auto req, auto params) { return Guard(req, [&] { return Assign(req, params); }); });
    router->http_post(R"(/cases/:crime(.+)/assign)",
                      [this](auto req, auto params) { return Html(req, [&] { return AssignForm(req, params); }); });
    router->http_post(R"(/api/v1/cases/:crime(.+)/close)",
                      [this](auto req, auto params) { return Guard(req, [&] { return Close(req, params); }); });
    // Pages for people (server-rendered, no JavaScript needed).
    router->http_get("/assets/:name", [](auto req, auto params) {
      const auto css = Asset(restinio::cast_to<std::string>(params["name"]));
      if (!css) return SendProblem(req, NotFound("no such asset"));
      return req->create_response()
          .append_header(restinio::http_field::content_type, "text/css; charset=utf-8")
          .append_header("Cache-Control", "public, max-age=86400")
          .set_body(std::string(*css))
          .done();
    });
    router->http_get("/login", [this](auto req, auto) { return Html(req, [&] { return LoginPage(req, ""); }); });
    router->http_post("/login", [this](auto req, auto) { return Html(req, [&] { return Login(req); }); });
    router->http_post("/logout", [this](auto req, auto) { return Html(req, [&] { return Logout(req); }); });
    router->http_get("/", [this](auto req, auto) { return Html(req, [&] { return QueuePage(req); }); });
    router->http_post(R"(/cases/:crime(.+)/contacts)",
                      [this](auto req, auto params) { return Html(req, [&] { return ContactForm(req, params); }); });
    router->http_post(R"(/cases/:crime(.+)/close)",
                      [this](auto req, auto params) { return Html(req, [&] { return CloseForm(req, params); }); });
    router->http_get(R"(/cases/:crime(.+))",
                     [this](auto req, auto params) { return Html(req, [&] { return CasePage(req, params, "", {}); }); });
    router->non_matched_request_handler([](auto req) {
      return SendProblem(req, NotFound(fmt::format("no route for {} {}", req->header().method().c_str(),
                                                   req->header().path())));
    });
    return router;
  }

 private:
  request_handling_status_t Healthz(const request_handle_t& req) {
    try {
      store_->Setting("ruleset");
      return Send(req, restinio::status_ok(), "text/plain", "ok\n");
    } catch (const std::exception&) {
      return Send(req, restinio::status_service_unavailable(), "text/plain", "database unreachable\n");
    }
  }

  // Authenticates, runs the handler, and turns every failure into problem details.
  template <typename Fn>
  request_handling_status_t Guard(const request_handle_t& req, Fn&& fn) {
    const uint64_t id = ++request_id_;
    try {
      const auto auth = req->header().get_field_or(restinio::http_field::authorization, "");
      constexpr std::string_view kBearer = "Bearer ";
      if (auth.size() <= kBearer.size() || std::string_view(auth).substr(0, kBearer.size()) != kBearer) {
        return SendProblem(req, Unauthorized());
      }
      session_.reset();
      user_ = accounts_->UserForToken(auth::TokenHash(std::string_view(auth).substr(kBearer.size())));
      if (!user_) return SendProblem(req, Unauthorized());
      source_ = req->remote_endpoint().address().to_string();
      return fn();
    } catch (const Problem& p) {
      return SendProblem(req, p);
    } catch (const std::exception& e) {
      // Logged with the request id; the body says only that it failed (no internals).
      std::cerr << fmt::format("request {}: {} {}: {}\n", id, req->header().method().c_str(), req->header().path(),
                               e.what());
      return SendProblem(req, {restinio::status_internal_server_error(), "Server error",
                               fmt::format("request {} failed; the server log has the details", id)});
    }
  }

  void Audit(const std::string& action, const std::string& crime, const std::string& detail) {
    accounts_->Audit({"", user_->name, action, crime, "", detail, source_});
  }

  core::Date DateParam(const request_handle_t& req, const char* name) {
    const std::string text = Query(req, name);
    if (text.empty()) return today_();
    const auto d = core::Date::Parse(text);
    if (!d) {
      throw BadRequest(fmt::format("{} must be a date YYYY-MM-DD", name),
                       json::array({{{"pointer", fmt::format("?{}", name)}, {"message", "not a date: " + text}}}));
    }
    return *d;
  }

  request_handling_status_t Queue(const request_handle_t& req) {
    const auto as_of = DateParam(req, "as_of");
    const storage::Scope asked{Query(req, "officer"), Query(req, "unit")};
    if (!asked.officer.empty() && !asked.unit.empty()) throw BadRequest("give officer or unit, not both");
    const auto scope = app::QueueScopeFor(*user_, asked);
    if (!scope) {
      throw Forbidden(user_->role == "officer" ? "officers may see only their own queue"
                                               : "supervisors may see only their own unit's queue");
    }
    size_t limit = 100;
    if (const auto l = Query(req, "limit"); !l.empty()) {
      try {
        limit = std::stoul(l);
      } catch (const std::exception&) {
        throw BadRequest("limit must be a whole number", json::array({{{"pointer", "?limit"}, {"message", l}}}));
      }
    }
    const auto list = app::Due(*store_, engine_, library_, *scope, as_of, limit);
    Audit("viewed_queue", "", scope->officer.empty() ? (scope->unit.empty() ? "force" : "unit " + scope->unit)
                                                     : "officer " + scope->officer);
    return Send(req, restinio::status_ok(), "application/json", app::DueListJson(list, as_of));
  }

  request_handling_status_t Case(const request_handle_t& req, const restinio::router::route_params_t& params) {
    const std::string crime = restinio::utils::unescape_percent_encoding(params["crime"]);
    const auto row = store_->FindCase(crime);
    if (!row) throw NotFound(fmt::format("no case {}", crime));
    if (!app::MayViewCase(*user_, *row)) {
      Audit("denied_case", crime, "");
      throw Forbidden("this case is outside what your role and unit may see");
    }
    json people = json::array();
    for (const auto& p : store_->CasePeople(crime)) {
      people.push_back({{"person", p.person}, {"role", p.role},
                        {"represents", p.represents.empty() ? json(nullptr) : json(p.represents)}});
    }
    json obligations = json::array();
    for (const auto& o : store_->CaseObligations(crime)) {
      obligations.push_back({{"person", o.person}, {"duty", o.duty}, {"instance", o.instance},
                             {"trigger_date", o.trigger_date}, {"deadline", o.deadline}, {"enhanced", o.enhanced},
                             {"met_at", o.met_at.empty() ? json(nullptr) : json(o.met_at)},
                             {"not_required", o.not_required.empty() ? json(nullptr) : json(o.not_required)}});
    }
    Audit("viewed_case", crime, "");
    return SendJson(req, {{"crime", row->crime}, {"crime_type", row->crime_type}, {"unit", row->unit},
                          {"officer", row->officer}, {"recorded_on", row->recorded_on}, {"closed", row->closed},
                          {"computed_as_of", row->computed_as_of}, {"people", people}, {"obligations", obligations}});
  }

  request_handling_status_t Events(const request_handle_t& req) {
    if (!app::MayRecordEvents(*user_)) throw Forbidden("recording events through the API needs the admin role");
    // JSON Lines as sent, or one JSON object, or an array of them.
    std::string text = req->body();
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '[') {
      const auto arr = json::parse(text, nullptr, false);
      if (arr.is_discarded() || !arr.is_array()) throw BadRequest("the body is not valid JSON");
      text.clear();
      for (const auto& e : arr) text += e.dump() + "\n";
    }
    app::ImportOptions options;
    options.source = fmt::format("api:{}", user_->name);
    options.now = events::FormatInstant(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch()).count() / 1000 * 1000);
    const auto report = app::ImportJsonLines(*store_, engine_, library_, text, options);
    if (!report.written) {
      json errors = json::array();
      for (const auto& e : report.errors) errors.push_back({{"line", e.line}, {"message", e.message}});
      return SendProblem(req, {restinio::status_unprocessable_entity(), "Events rejected",
                               fmt::format("{} bad line(s); nothing was stored", report.errors.size()), errors});
    }
    Audit("recorded_events", "", fmt::format("{} new, {} already stored", report.accepted, report.duplicates));
    return SendJson(req, {{"lines", report.lines}, {"accepted", report.accepted}, {"duplicates", report.duplicates},
                          {"cases", report.cases}, {"obligations", report.obligations}});
  }

  // The case in the path, which the caller's role and unit must allow acting on.
  storage::CaseRow CaseFor(const restinio::router::route_params_t& params, const char* action) {
    const std::string crime = restinio::utils::unescape_percent_encoding(params["crime"]);
    const auto row = store_->FindCase(crime);
    if (!row) throw NotFound(fmt::format("no case {}", crime));
    if (!app::MayViewCase(*user_, *row)) {
      Audit(std::string("denied_") + action, crime, "");
      throw Forbidden("this case is outside what your role and unit may see");
    }
    return *row;
  }

  static json Body(const request_handle_t& req) {
    const auto body = json::parse(req->body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) throw BadRequest("the body must be a JSON object");
    return body;
  }

  static std::string Field(const json& body, const char* name, bool required) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) {
      if (required) {
        throw BadRequest(fmt::format("{} is required", name),
                         json::array({{{"pointer", fmt::format("/{}", name)}, {"message", "required"}}}));
      }
      return {};
    }
    if (!it->is_string()) {
      throw BadRequest(fmt::format("{} must be a string", name),
                       json::array({{{"pointer", fmt::format("/{}", name)}, {"message", "must be a string"}}}));
    }
    return it->get<std::string>();
  }

  static core::Instant Now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
               .count() / 1000 * 1000;
  }

  static json SatisfiedJson(const std::vector<app::SatisfiedDuty>& duties) {
    json out = json::array();
    for (const auto& d : duties) {
      out.push_back({{"person", d.person}, {"duty", d.duty}, {"instance", d.instance}, {"deadline", d.deadline},
                     {"late", d.late}});
    }
    return out;
  }

  using Getter = std::function<std::string(const char*)>;

  // The same requests from the JSON API and from the page forms.
  app::ContactRequest ContactFrom(const storage::CaseRow& row, const Getter& get) const {
    app::ContactRequest r;
    r.crime = row.crime;
    r.event_id = get("id");
    if (r.event_id.empty()) r.event_id = "staff:" + auth::NewToken().substr(3, 32);
    r.person = get("person");
    r.channel = get("channel");
    r.outcome = get("outcome");
    r.summary = get("summary");
    r.by = user_->officer;
    r.at = Now();
    return r;
  }

  app::CloseRequest CloseFrom(const storage::CaseRow& row, const Getter& get) const {
    app::CloseRequest r;
    r.crime = row.crime;
    r.event_id = "staff:" + auth::NewToken().substr(3, 32);
    r.outcome = get("outcome");
    r.reason = get("reason");
    r.override_reason = get("override_reason");
    r.may_override = app::MayOverrideClosureGate(*user_);
    r.by = user_->officer;
    r.at = Now();
    return r;
  }

  void RequireContactRole() const {
    if (!app::MayRecordContacts(*user_)) throw Forbidden("analysts do not record contacts");
  }
  void RequireCloseRole() const {
    if (!app::MayCloseCases(*user_)) throw Forbidden("closing a case needs the officer, supervisor or admin role");
  }

  static Getter FormGetter(const std::map<std::string, std::string>& form) {
    return [&form](const char* name) {
      const auto it = form.find(name);
      return it == form.end() ? std::string() : it->second;
    };
  }

  request_handling_status_t Contact(const request_handle_t& req, const restinio::router::route_params_t& params) {
    RequireContactRole();
    const auto row = CaseFor(params, "contact");
    const json body = Body(req);
    for (const char* required : {"person", "channel", "outcome"}) Field(body, required, true);
    app::ContactRequest r = ContactFrom(row, [&](const char* name) { return Field(body, name, false); });
    if (const auto it = body.find("covers"); it != body.end() && it->is_array()) {
      for (const auto& c : *it) {
        if (c.is_string()) r.covers.push_back(c.get<std::string>());
      }
    }
    const bool preview = Query(req, "preview") == "true";
    const auto result = preview ? app::PreviewContact(*store_, engine_, library_, r)
                                : app::RecordContact(*store_, engine_, library_, r);
    if (!result) {
      throw Problem{restinio::status_unprocessable_entity(), "Contact not recorded", result.error().message,
                    json::array({{{"pointer", "/"}, {"message", result.error().message}}})};
    }
    if (!preview) Audit("recorded_contact", row.crime, fmt::format("{} {} {}", r.person, r.channel, r.outcome));
    return SendJson(req, {{"id", r.event_id}, {"recorded", !preview}, {"satisfies", SatisfiedJson(*result)}});
  }

  // Cases matching `q` that the caller may see, with the names on them.
  json Found(const std::string& q) {
    if (user_->role == "analyst") throw Forbidden("analysts do not search person-level records");
    const std::string text = q.substr(0, 200);
    json out = json::array();
    if (text.size() < 3) throw BadRequest("search for at least 3 characters",
                                          json::array({{{"pointer", "?q"}, {"message", "too short"}}}));
    for (const auto& crime : store_->SearchCases(text, 200)) {
      const auto row = store_->FindCase(crime);
      if (!row || !app::MayViewCase(*user_, *row)) continue;
      std::string names;
      for (const auto& p : store_->CasePeople(crime)) {
        if (!p.display_name.empty()) names += (names.empty() ? "" : "; ") + p.display_name + " (" + p.role + ")";
      }
      out.push_back({{"crime", row->crime}, {"crime_type", row->crime_type}, {"unit", row->unit},
                     {"officer", row->officer}, {"closed", row->closed}, {"names", names}});
      if (out.size() >= 50) break;
    }
    Audit("searched", "", fmt::format("\"{}\": {} found", text, out.size()));
    return out;
  }

  request_handling_status_t Search(const request_handle_t& req) {
    return SendJson(req, {{"q", Query(req, "q")}, {"results", Found(Query(req, "q"))}});
  }

  request_handling_status_t SearchPage(const request_handle_t& req) {
    if (!SignedIn(req)) return Redirect(req, "/login");
    const std::string q = Query(req, "q");
    mstch::map context{{"q", q}};
    if (!q.empty()) {
      mstch::array results;
      for (const auto& r : Found(q)) {
        results.push_back(mstch::map{{"crime", r["crime"].get<std::string>()},
                                     {"crime_path", PathOf(r["crime"].get<std::string>())},
                                     {"crime_type", r["crime_type"].get<std::string>()},
                                     {"unit", r["unit"].get<std::string>()}, {"officer", r["officer"].get<std::string>()},
                                     {"closed", r["closed"].get<bool>()}, {"names", r["names"].get<std::string>()}});
      }
      context["searched"] = true;
      context["count"] = std::to_string(results.size());
      context["results"] = results;
    }
    return SendHtml(req, restinio::status_ok(), Page("Find a case", Render("search", context), user_->name, session_->csrf));
  }

  json TeamJson(const std::string& unit, core::Date as_of) {
    if (!app::MayViewTeam(*user_, unit)) throw Forbidden("supervisors see only their own unit's team");
    json officers = json::array();
    for (const auto& o : app::TeamLoad(*store_, engine_, library_, unit, as_of, accounts_.get())) {
      json entry = {{"officer", o.officer}, {"red", o.red}, {"amber", o.amber}, {"total", o.total}};
      if (!o.leave_from.empty()) {
        entry["leave"] = {{"from", o.leave_from}, {"to", o.leave_to}, {"due_during_leave", o.due_during_leave}};
      }
      officers.push_back(entry);
    }
    Audit("viewed_team", "", "unit " + unit);
    return {{"unit", unit}, {"as_of", as_of.ToString()}, {"officers", officers}};
  }

  request_handling_status_t Team(const request_handle_t& req) {
    std::string unit = Query(req, "unit");
    if (unit.empty()) unit = user_->unit;
    return SendJson(req, TeamJson(unit, DateParam(req, "as_of")));
  }

  core::Status Reassign(const storage::CaseRow& row, const std::string& officer, const std::string& unit) {
    if (!app::MayReassign(*user_)) throw Forbidden("reassigning cases needs the supervisor or admin role");
    app::AssignRequest r{"staff:" + auth::NewToken().substr(3, 32), row.crime, officer, unit, user_->officer, Now()};
    const auto status = app::AssignCase(*store_, engine_, library_, r);
    if (status) Audit("reassigned_case", row.crime, fmt::format("from {} to {}", row.officer, officer));
    return status;
  }

  request_handling_status_t Assign(const request_handle_t& req, const restinio::router::route_params_t& params) {
    const auto row = CaseFor(params, "assign");
    const json body = Body(req);
    const auto status = Reassign(row, Field(body, "officer", true), Field(body, "unit", false));
    if (!status) throw Problem{restinio::status_unprocessable_entity(), "Case not reassigned", status.error().message};
    return SendJson(req, {{"crime", row.crime}, {"officer", Field(body, "officer", true)}});
  }

  request_handling_status_t AssignForm(const request_handle_t& req, const restinio::router::route_params_t& params) {
    if (!SignedIn(req)) return Redirect(req, "/login");
    const auto form = ParseForm(req->body());
    CheckCsrf(form);
    const auto row = CaseFor(params, "assign");
    const auto get = FormGetter(form);
    const auto status = Reassign(row, get("officer"), get("unit"));
    if (!status) {
      return CasePage(req, params, "Error: case not reassigned", {status.error().message},
                      restinio::status_unprocessable_entity());
    }
    return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=assigned");
  }

  request_handling_status_t Close(const request_handle_t& req, const restinio::router::route_params_t& params) {
    RequireCloseRole();
    const auto row = CaseFor(params, "close");
    const json body = Body(req);
    for (const char* required : {"outcome", "reason"}) Field(body, required, true);
    const app::CloseRequest r = CloseFrom(row, [&](const char* name) { return Field(body, name, false); });
    const auto result = app::CloseCase(*store_, engine_, library_, r);
    if (!result) {
      const bool conflict = result.error().code == core::ErrorCode::kConflict;
      throw Problem{conflict ? restinio::status_conflict() : restinio::status_unprocessable_entity(),
                    "Case not closed", result.error().message};
    }
    if (!result->closed) {
      json errors = json::array();
      for (const auto& u : result->untold) {
        errors.push_back({{"pointer", fmt::format("/people/{}/{}", u.person, u.duty)},
                          {"message", fmt::format("{} has not been told ({} due {})", u.person, u.duty, u.deadline)}});
      }
      Audit("close_refused", row.crime, fmt::format("{} untold decision(s)", result->untold.size()));
      throw Problem{restinio::status_conflict(), "Victims not yet told",
                    r.may_override ? "Tell them first, or give override_reason to close anyway"
                                   : "Tell them first; a supervisor can override with a reason",
                    errors};
    }
    Audit(result->overridden ? "closed_case_override" : "closed_case", row.crime,
          result->overridden ? r.override_reason : r.outcome);
    return SendJson(req, {{"closed", true}, {"overridden", result->overridden}});
  }

  // --- pages ---

  static constexpr int kMaxFailedLogins = 5;
  static constexpr int kLockMinutes = 15;

  static std::string UtcPlus(int64_t seconds) {
    return events::FormatInstant((Now() / 1000 + seconds) * 1000);
  }

  request_handling_status_t SendHtml(const request_handle_t& req, restinio::http_status_line_t status,
                                     std::string html) {
    return req->create_response(status)
        .append_header(restinio::http_field::content_type, "text/html; charset=utf-8")
        .append_header("Cache-Control", "no-store")
        .append_header("X-Content-Type-Options", "nosniff")
        .append_header("X-Frame-Options", "DENY")
        .append_header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'")
        .append_header("Referrer-Policy", "no-referrer")
        .set_body(std::move(html))
        .done();
  }

  request_handling_status_t Redirect(const request_handle_t& req, const std::string& to,
                                     const std::string& cookie = "") {
    auto r = req->create_response(restinio::status_see_other());
    r.append_header(restinio::http_field::location, to);
    if (!cookie.empty()) r.append_header(restinio::http_field::set_cookie, cookie);
    return r.done();
  }

  // Runs a page handler; failures become a plain error page (details only in the log).
  template <typename Fn>
  request_handling_status_t Html(const request_handle_t& req, Fn&& fn) {
    const uint64_t id = ++request_id_;
    try {
      source_ = req->remote_endpoint().address().to_string();
      return fn();
    } catch (const Problem& p) {
      return SendHtml(req, p.status,
                      Page(p.title, fmt::format("<h1 class=\"govuk-heading-l\">{}</h1><p class=\"govuk-body\">{}</p>",
                                                Render("text", {{"t", p.title}}), Render("text", {{"t", p.detail}})),
                           session_ ? session_->user.name : "", session_ ? session_->csrf : ""));
    } catch (const std::exception& e) {
      std::cerr << fmt::format("request {}: {} {}: {}\n", id, req->header().method().c_str(), req->header().path(),
                               e.what());
      return SendHtml(req, restinio::status_internal_server_error(),
                      Page("Sorry, there is a problem", fmt::format("<h1 class=\"govuk-heading-l\">Sorry, there is a "
                                                                    "problem</h1><p class=\"govuk-body\">Reference {}.</p>", id),
                           "", ""));
    }
  }

  // The signed-in session from the cookie, or nullopt.
  std::optional<storage::AccountStore::Session> SessionOf(const request_handle_t& req) {
    const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
    const auto it = cookies.find("cf_session");
    if (it == cookies.end()) return std::nullopt;
    return accounts_->FindSession(auth::TokenHash(it->second), UtcPlus(0));
  }

  // Requires a session; sets user_ and session_. Returns false after answering with a redirect.
  bool SignedIn(const request_handle_t& req) {
    session_ = SessionOf(req);
    if (!session_) return false;
    user_ = session_->user;
    return true;
  }

  // A form must carry the session's CSRF token.
  void CheckCsrf(const std::map<std::string, std::string>& form) {
    const auto it = form.find("csrf");
    if (it == form.end() || it->second.empty() || it->second != session_->csrf) {
      Audit("csrf_rejected", "", "");
      throw Problem{restinio::status_forbidden(), "The form has expired",
                    "Go back, reload the page and try again."};
    }
  }

  request_handling_status_t LoginPage(const request_handle_t& req, const std::string& error,
                                      const std::string& name = "") {
    session_.reset();
    const std::string csrf = auth::NewToken().substr(3);
    mstch::map context{{"csrf", csrf}, {"name", name}};
    if (!error.empty()) context["error"] = error;
    return req->create_response(error.empty() ? restinio::status_ok() : restinio::status_unauthorized())
        .append_header(restinio::http_field::content_type, "text/html; charset=utf-8")
        .append_header("Cache-Control", "no-store")
        .append_header("X-Frame-Options", "DENY")
        .append_header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'")
        .append_header(restinio::http_field::set_cookie,
                       fmt::format("cf_login_csrf={}; Path=/login; HttpOnly; Secure; SameSite=Strict", csrf))
        .set_body(Page("Sign in", Render("login", context), "", ""))
        .done();
  }

  request_handling_status_t Login(const request_handle_t& req) {
    const auto form = ParseForm(req->body());
    const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
    const auto csrf = form.find("csrf");
    const auto cookie = cookies.find("cf_login_csrf");
    if (csrf == form.end() || cookie == cookies.end() || csrf->second.empty() || csrf->second != cookie->second) {
      throw Problem{restinio::status_forbidden(), "The form has expired", "Go back, reload the page and try again."};
    }
    const std::string name = form.count("name") ? form.at("name") : "";
    const std::string password = form.count("password") ? form.at("password") : "";
    // One message for every failure, so that it does not tell which names exist.
    const std::string failed = "The name or password is not right, or the account is locked. After 5 wrong "
                               "passwords an account is locked for 15 minutes.";
    auto user = accounts_->FindUser(name);
    if (!user || user->disabled) {
      accounts_->Audit({"", name, "sign_in_failed", "", "", "unknown name", source_});
      return LoginPage(req, failed, name);
    }
    if (!user->locked_until.empty() && user->locked_until > UtcPlus(0)) {
      accounts_->Audit({"", name, "sign_in_refused", "", "", "locked", source_});
      return LoginPage(req, failed, name);
    }
    if (!auth::VerifyPassword(user->password_hash, password)) {
      const int failures = user->failed_logins + 1;
      accounts_->SetLoginFailures(user->id, failures, failures >= kMaxFailedLogins ? UtcPlus(kLockMinutes * 60) : "");
      accounts_->Audit({"", name, "sign_in_failed", "", "",
                        failures >= kMaxFailedLogins ? "wrong password; locked" : "wrong password", source_});
      return LoginPage(req, failed, name);
    }
    accounts_->SetLoginFailures(user->id, 0, "");
    const std::string token = auth::NewToken();
    accounts_->CreateSession(auth::TokenHash(token), user->id, auth::NewToken().substr(3), UtcPlus(12 * 3600));
    accounts_->Audit({"", name, "signed_in", "", "", "", source_});
    return Redirect(req, "/", fmt::format("cf_session={}; Path=/; HttpOnly; Secure; SameSite=Strict", token));
  }

  request_handling_status_t Logout(const request_handle_t& req) {
    if (!SignedIn(req)) return Redirect(req, "/login");
    CheckCsrf(ParseForm(req->body()));
    const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
    accounts_->DeleteSession(auth::TokenHash(cookies.at("cf_session")));
    Audit("signed_out", "", "");
    return Redirect(req, "/login", "cf_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
  }

  static std::string PathOf(const std::string& crime) {
    std::string out;
    for (const unsigned char c : crime) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        out += static_cast<char>(c);
      } else {
        out += fmt::format("%{:02X}", c);
      }
    }
    return out;
  }

  request_handling_status_t QueuePage(const request_handle_t& req) {
    if (!SignedIn(req)) return Redirect(req, "/login");
    const auto scope = app::QueueScopeFor(*user_, {Query(req, "officer"), ""});
    if (!scope) throw Forbidden("you may see only your own queue");
    const core::Date as_of = today_();
    const auto list = app::Due(*store_, engine_, library_, *scope, as_of, 200);
    mstch::array items;
    for (const auto& i : list.items) {
      const char* tag = i.rag == rules::Rag::kRed ? "red" : i.rag == rules::Rag::kAmber ? "yellow" : "green";
      const std::string label = i.rag == rules::Rag::kRed     ? "Overdue"
                                : i.rag == rules::Rag::kAmber ? "Due now"
                                                              : "Coming up";
      items.push_back(mstch::map{{"tag", std::string(tag)}, {"label", label}, {"deadline", i.row.deadline},
                                 {"crime", i.row.crime}, {"crime_path", PathOf(i.row.crime)},
                                 {"person", i.row.person},
                                 {"what", i.more_updates > 0 ? fmt::format("{} (this also covers {} later updates)", i.what,
                                                                           i.more_updates)
                                                             : i.what}});
    }
    const std::string heading = user_->role == "officer"      ? "My victims and witnesses"
                                : user_->role == "supervisor" ? "My team's outstanding actions"
                                                              : "Outstanding actions across the force";
    Audit("viewed_queue", "", scope->officer.empty() ? (scope->unit.empty() ? "force" : "unit " + scope->unit)
                                                     : "officer " + scope->officer);
    mstch::array team;
    if (user_->role == "supervisor") {
      for (const auto& o : app::TeamLoad(*store_, engine_, library_, user_->unit, as_of, accounts_.get())) {
        mstch::map m{{"officer", o.officer}, {"red", std::to_string(o.red)}, {"amber", std::to_string(o.amber)},
                     {"total", std::to_string(o.total)}};
        if (!o.leave_from.empty()) {
          m["leave"] = fmt::format("On leave {} to {}: {} due while away, reassign them", o.leave_from, o.leave_to,
                                   o.due_during_leave);
        }
        team.push_back(m);
      }
    }
    const mstch::map context{{"heading", scope->officer.empty() || user_->role == "officer"
                                             ? heading : "Officer " + scope->officer + "'s outstanding actions"},
                             {"has_team", !team.empty()}, {"team", team}, {"as_of", as_of.ToLongString()},
                             {"total", std::to_string(list.total)}, {"red", std::to_string(list.red)},
                             {"amber", std::to_string(list.amber)}, {"green", std::to_string(list.green)},
                             {"has_items", !items.empty()}, {"items", items}};
    return SendHtml(req, restinio::status_ok(), Page(heading, Render("queue", context), user_->name, session_->csrf));
  }

  request_handling_status_t CasePage(const request_handle_t& req, const restinio::router::route_params_t& params,
                                     const std::string& problem_title, const std::vector<std::string>& problems,
                                     restinio::http_status_line_t status = restinio::status_ok()) {
    if (!SignedIn(req)) return Redirect(req, "/login");
    const auto row = CaseFor(params, "case");
    mstch::array people;
    for (const auto& person : store_->CasePeople(row.crime)) {
      mstch::map p{{"person", person.person},
                   {"display_name", person.display_name.empty() ? std::string("name not recorded") : person.display_name},
                   {"role", person.role}};
      if (!person.represents.empty()) p["represents"] = person.represents;
      people.push_back(p);
    }
    mstch::array obligations;
    const core::Date today = today_();
    for (const auto& o : store_->CaseObligations(row.crime)) {
      std::string status = !o.met_at.empty() ? (o.met_at <= o.deadline ? "Met" : "Met late")
                           : !o.not_required.empty() ? "Not required"
                           : today.ToString() > o.deadline ? "Overdue" : "Open";
      const char* tag = status == "Met" ? "green" : status == "Overdue" ? "red" : status == "Met late" ? "orange" : "grey";
      obligations.push_back(mstch::map{{"person", o.person}, {"duty", app::WhatToDo(library_, o)}, {"enhanced", o.enhanced},
                                       {"trigger_date", o.trigger_date}, {"deadline", o.deadline},
                                       {"status", status}, {"tag", std::string(tag)}});
    }
    const std::string done = Query(req, "done");
    mstch::map context{{"crime", row.crime}, {"crime_path", PathOf(row.crime)}, {"crime_type", row.crime_type},
                       {"unit", row.unit}, {"officer", row.officer}, {"closed", row.closed}, {"people", people},
                       {"obligations", obligations}, {"csrf", session_->csrf},
                       {"may_contact", app::MayRecordContacts(*user_)},
                       {"may_close", !row.closed && app::MayCloseCases(*user_)},
                       {"may_override", app::MayOverrideClosureGate(*user_)}};
    if (done == "contact") context["message"] = std::string("Contact recorded.");
    if (done == "closed") context["message"] = std::string("Case closed.");
    if (done == "assigned") context["message"] = std::string("Case reassigned.");
    context["may_reassign"] = !row.closed && app::MayReassign(*user_);
    if (!problems.empty()) {
      context["problem"] = true;
      mstch::array list;
      for (const auto& p : problems) list.push_back(p);
      context["problems"] = list;
    }
    Audit("viewed_case", row.crime, "");
    return SendHtml(req, status,
                    Page(problem_title.empty() ? "Crime " + row.crime : problem_title, Render("case", context),
                         user_->name, session_->csrf));
  }

  request_handling_status_t ContactForm(const request_handle_t& req, const restinio::router::route_params_t& params) {
    if (!SignedIn(req)) return Redirect(req, "/login");
    const auto form = ParseForm(req->body());
    CheckCsrf(form);
    RequireContactRole();
    const auto row = CaseFor(params, "contact");
    auto fields = form;
    fields.erase("id");  // pages always make a new contact
    const app::ContactRequest r = ContactFrom(row, FormGetter(fields));
    const auto result = app::RecordContact(*store_, engine_, library_, r);
    if (!result) {
      return CasePage(req, params, "Error: contact not recorded", {result.error().message},
                      restinio::status_unprocessable_entity());
    }
    Audit("recorded_contact", row.crime, fmt::format("{} {} {}", r.person, r.channel, r.outcome));
    return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=contact");
  }

  request_handling_status_t CloseForm(const request_handle_t& req, const restinio::router::route_params_t& params) {
    if (!SignedIn(req)) return Redirect(req, "/login");
    const auto form = ParseForm(req->body());
    CheckCsrf(form);
    RequireCloseRole();
    const auto row = CaseFor(params, "close");
    const app::CloseRequest r = CloseFrom(row, FormGetter(form));
    const auto result = app::CloseCase(*store_, engine_, library_, r);
    if (!result) {
      return CasePage(req, params, "Error: case not closed", {result.error().message}, restinio::status_conflict());
    }
    if (!result->closed) {
      std::vector<std::string> problems;
      for (const auto& u : result->untold) {
        problems.push_back(fmt::format("{} has not been told: {} (due {})", u.person, u.duty, u.deadline));
      }
      problems.push_back(r.may_override ? "Tell them first, or give a supervisor override reason"
                                        : "Tell them first. A supervisor can close it with an override reason.");
      Audit("close_refused", row.crime, fmt::format("{} untold decision(s)", result->untold.size()));
      return CasePage(req, params, "Error: case not closed", problems, restinio::status_conflict());
    }
    Audit(result->overridden ? "closed_case_override" : "closed_case", row.crime,
          result->overridden ? r.override_reason : r.outcome);
    return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=closed");
  }

  std::unique_ptr<storage::CaseStore> store_;
  std::unique_ptr<storage::AccountStore> accounts_;
  std::optional<storage::AccountStore::Session> session_;
  const rules::RuleLibrary& library_;
  rules::ObligationEngine engine_;
  std::function<core::Date()> today_;
  std::optional<storage::User> user_;  // of the request being handled (one thread)
  std::string source_;
  uint64_t request_id_ = 0;
};

struct Traits : restinio::default_single_thread_traits_t {
  using request_handler_t = router_t;
};

}  // namespace

void Serve(const ServerOptions& options, const rules::RuleLibrary& library,
           const calendar::WorkingDayCalendar& calendar, std::function<core::Date()> today) {
  Api api(options, library, calendar, std::move(today));
  asio::io_context ioctx;
  restinio::http_server_t<Traits> server{
      restinio::external_io_context(ioctx),
      restinio::server_settings_t<Traits>{}.address(options.address).port(options.port).request_handler(api.Routes())};
  std::exception_ptr failure;
  asio::signal_set stop_signals(ioctx, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const asio::error_code& ec, int) {
    if (!ec) server.close_async([&] { ioctx.stop(); }, [&](std::exception_ptr e) { failure = e; });
  });
  server.open_async(
      [&] {
        std::cout << fmt::format("Citizen Focus listening on http://{}:{} (store {}); Ctrl-C stops it\n",
                                 options.address, options.port, options.db_path)
                  << std::flush;
      },
      [&](std::exception_ptr e) {
        failure = e;
        ioctx.stop();
      });
  ioctx.run();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace cf::http
