#pragma once
// Internal to http/: the request handlers behind server.hpp, one class shared by the
// files that define its handlers (server.cpp: routes; api_handlers.cpp: /api/v1;
// sign_in.cpp: sessions; staff_pages.cpp, admin_pages.cpp: pages). Not thread-safe:
// RESTinio runs it on one thread, and each request's user is kept in members.

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <restinio/all.hpp>
#include <string>
#include <vector>

#include "app/call_backs.hpp"
#include "app/case_actions.hpp"
#include "app/letters.hpp"
#include "app/work_queue.hpp"
#include "auth/credentials.hpp"
#include "http/event_forms.hpp"
#include "http/pages.hpp"
#include "http/server.hpp"
#include "rules/engine.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace cf::http {

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
Problem Unauthorized();
Problem Forbidden(std::string detail);
Problem BadRequest(std::string detail, json errors = json::array());
Problem NotFound(std::string detail);

// Responses with the headers every answer carries (no caching, no sniffing).
request_handling_status_t Send(const request_handle_t& req, restinio::http_status_line_t status,
                               const std::string& content_type, std::string body);
request_handling_status_t SendJson(const request_handle_t& req, const json& body);
request_handling_status_t SendProblem(const request_handle_t& req, const Problem& p);
// A query parameter, or "" when absent.
std::string Query(const request_handle_t& req, const char* name);

class Api {
 public:
  Api(const ServerOptions& options, const rules::RuleLibrary& library,
      const calendar::WorkingDayCalendar& calendar, std::function<core::Date()> today)
      : stores_(storage::OpenSqliteStores(options.db_path)),
        store_(std::move(stores_.cases)),
        accounts_(std::move(stores_.accounts)),
        assessments_(std::move(stores_.assessments)),
        library_(library),
        engine_(library, calendar),
        today_(std::move(today)) {}

  std::unique_ptr<router_t> Routes();

 private:
  request_handling_status_t Healthz(const request_handle_t& req);

  // Authenticates, runs the handler, and turns every failure into problem details.
  template <typename Fn>
  request_handling_status_t Guard(const request_handle_t& req, Fn&& fn) {
    const uint64_t id = ++request_id_;
    try {
      const auto auth = req->header().get_field_or(restinio::http_field::authorization, "");
      constexpr std::string_view kBearer = "Bearer ";
      if (auth.size() <= kBearer.size() ||
          std::string_view(auth).substr(0, kBearer.size()) != kBearer) {
        return SendProblem(req, Unauthorized());
      }
      session_.reset();
      user_ =
          accounts_->UserForToken(auth::TokenHash(std::string_view(auth).substr(kBearer.size())));
      if (!user_) return SendProblem(req, Unauthorized());
      source_ = req->remote_endpoint().address().to_string();
      return fn();
    } catch (const Problem& p) {
      return SendProblem(req, p);
    } catch (const std::exception& e) {
      // Logged with the request id; the body says only that it failed (no internals).
      std::cerr << fmt::format("request {}: {} {}: {}\n", id, req->header().method().c_str(),
                               req->header().path(), e.what());
      return SendProblem(req,
                         {restinio::status_internal_server_error(), "Server error",
                          fmt::format("request {} failed; the server log has the details", id)});
    }
  }

  void Audit(const std::string& action, const std::string& crime, const std::string& detail);

  core::Date DateParam(const request_handle_t& req, const char* name);

  request_handling_status_t Queue(const request_handle_t& req);

  request_handling_status_t Case(const request_handle_t& req,
                                 const restinio::router::route_params_t& params);

  request_handling_status_t Events(const request_handle_t& req);

  // The case in the path, which the caller's role and unit must allow acting on.
  storage::CaseRow CaseFor(const restinio::router::route_params_t& params, const char* action);

  static json Body(const request_handle_t& req);

  static std::string Field(const json& body, const char* name, bool required);

  static core::Instant Now();

  static json SatisfiedJson(const std::vector<app::SatisfiedDuty>& duties);

  using Getter = std::function<std::string(const char*)>;

  // The same requests from the JSON API and from the page forms.
  app::ContactRequest ContactFrom(const storage::CaseRow& row, const Getter& get) const;

  app::CloseRequest CloseFrom(const storage::CaseRow& row, const Getter& get) const;

  void RequireContactRole() const;
  void RequireCloseRole() const;

  static Getter FormGetter(const std::map<std::string, std::string>& form);

  request_handling_status_t Contact(const request_handle_t& req,
                                    const restinio::router::route_params_t& params);

  // Cases matching `q` that the caller may see, with the names on them.
  json Found(const std::string& q);

  request_handling_status_t Search(const request_handle_t& req);

  request_handling_status_t SearchPage(const request_handle_t& req);

  json TeamJson(const std::string& unit, core::Date as_of);

  request_handling_status_t Team(const request_handle_t& req);

  core::Status Reassign(const storage::CaseRow& row, const std::string& officer,
                        const std::string& unit);

  request_handling_status_t Assign(const request_handle_t& req,
                                   const restinio::router::route_params_t& params);

  request_handling_status_t AssignForm(const request_handle_t& req,
                                       const restinio::router::route_params_t& params);

  request_handling_status_t Close(const request_handle_t& req,
                                  const restinio::router::route_params_t& params);

  // --- pages ---

  static constexpr int kMaxFailedLogins = 5;
  static constexpr int kLockMinutes = 15;

  static std::string UtcPlus(int64_t seconds);

  request_handling_status_t SendHtml(const request_handle_t& req,
                                     restinio::http_status_line_t status, std::string html);

  request_handling_status_t Redirect(const request_handle_t& req, const std::string& to,
                                     const std::string& cookie = "");

  // Runs a page handler; failures become a plain error page (details only in the log).
  template <typename Fn>
  request_handling_status_t Html(const request_handle_t& req, Fn&& fn) {
    const uint64_t id = ++request_id_;
    try {
      source_ = req->remote_endpoint().address().to_string();
      return fn();
    } catch (const Problem& p) {
      return SendHtml(
          req, p.status,
          Page(p.title,
               fmt::format("<h1 class=\"govuk-heading-l\">{}</h1><p class=\"govuk-body\">{}</p>",
                           Render("text", {{"t", p.title}}), Render("text", {{"t", p.detail}})),
               session_ ? session_->user.name : "", session_ ? session_->csrf : "",
               session_ ? session_->user.role : ""));
    } catch (const std::exception& e) {
      std::cerr << fmt::format("request {}: {} {}: {}\n", id, req->header().method().c_str(),
                               req->header().path(), e.what());
      return SendHtml(req, restinio::status_internal_server_error(),
                      Page("Sorry, there is a problem",
                           fmt::format("<h1 class=\"govuk-heading-l\">Sorry, there is a "
                                       "problem</h1><p class=\"govuk-body\">Reference {}.</p>",
                                       id),
                           "", ""));
    }
  }

  // The signed-in session from the cookie, or nullopt.
  std::optional<storage::AccountStore::Session> SessionOf(const request_handle_t& req);

  // Requires a session; sets user_ and session_. Returns false after answering with a redirect.
  bool SignedIn(const request_handle_t& req);

  // A form must carry the session's CSRF token.
  void CheckCsrf(const std::map<std::string, std::string>& form);

  request_handling_status_t LoginPage(const request_handle_t& req, const std::string& error,
                                      const std::string& name = "");

  request_handling_status_t Login(const request_handle_t& req);

  request_handling_status_t Logout(const request_handle_t& req);

  static std::string PathOf(const std::string& crime);

  request_handling_status_t QueuePage(const request_handle_t& req);

  request_handling_status_t CasePage(const request_handle_t& req,
                                     const restinio::router::route_params_t& params,
                                     const std::string& problem_title,
                                     const std::vector<std::string>& problems,
                                     restinio::http_status_line_t status = restinio::status_ok());

  // Reassigning many cases at once from an officer's queue (supervisors, admins).
  mstch::map ReassignContext(const storage::Scope& scope, const app::DueList& list);
  request_handling_status_t ReassignManyForm(const request_handle_t& req);

  // A posted contact form, checked (CSRF, role, case; `row` set) and read.
  app::ContactRequest PostedContact(const request_handle_t& req,
                                    const restinio::router::route_params_t& params,
                                    storage::CaseRow& row);
  // The page between the contact form and saving: who, how, and what it will meet.
  request_handling_status_t ContactCheckPage(const request_handle_t& req,
                                             const restinio::router::route_params_t& params);
  request_handling_status_t ContactForm(const request_handle_t& req,
                                        const restinio::router::route_params_t& params);

  // "Fri 27 Nov 2026 07:00 to 17:00; ..." for a user's next shifts, from the rota.
  std::string NextShiftsText(const std::string& user, size_t count);
  // For the case page: whether the officer in case is on leave, and their next shifts ("" when
  // the officer has no account).
  std::string OfficerAvailability(const std::string& officer);
  // "Tue 24 Dec 2024 16:59" for an RFC 3339 instant (itself when it does not parse).
  static std::string LondonTimeText(const std::string& rfc3339);

  // A signed-in page with the caller's navigation.
  std::string StaffPage(const std::string& title, const std::string& content) const;

  // Admin and rota pages (admin_pages.cpp). DoneMessage: the banner for ?done=.
  static std::string DoneMessage(const request_handle_t& req);
  void RequireAdmin();
  std::string RotaUnit(const std::string& asked);
  mstch::map AdminContext(const std::string& message,
                          const std::vector<std::string>& problems) const;
  request_handling_status_t UsersPage(const request_handle_t& req,
                                      const std::map<std::string, std::string>& form,
                                      const std::string& message,
                                      const std::vector<std::string>& problems);
  request_handling_status_t AddUserForm(const request_handle_t& req);
  request_handling_status_t UserPage(const request_handle_t& req, const std::string& name,
                                     const std::string& message,
                                     const std::vector<std::string>& problems);
  request_handling_status_t UpdateUserForm(const request_handle_t& req, const std::string& name);
  request_handling_status_t UnitsPage(const request_handle_t& req,
                                      const std::map<std::string, std::string>& form,
                                      const std::string& message,
                                      const std::vector<std::string>& problems);
  request_handling_status_t AddUnitForm(const request_handle_t& req);
  request_handling_status_t RotaPage(const request_handle_t& req, const std::string& unit,
                                     const std::string& from, const std::string& message,
                                     const std::vector<std::string>& problems);
  request_handling_status_t RotaForm(const request_handle_t& req, const std::string& action,
                                     int64_t id);
  request_handling_status_t AuditPage(const request_handle_t& req);
  request_handling_status_t SettingsPage(const request_handle_t& req,
                                         const std::map<std::string, std::string>& form,
                                         const std::string& message,
                                         const std::vector<std::string>& problems);
  request_handling_status_t SettingsForm(const request_handle_t& req);
  request_handling_status_t TemplatesPage(const request_handle_t& req);
  request_handling_status_t TemplatePage(const request_handle_t& req, const std::string& id,
                                         const std::string& lang, const std::string& text,
                                         bool preview, const std::vector<std::string>& problems);
  request_handling_status_t TemplateForm(const request_handle_t& req, const std::string& id,
                                         const std::string& lang);

  // Standard messages and letters from the case page (message_pages.cpp).
  app::LetterRequest LetterRequestFrom(const storage::CaseRow& row, const Getter& get) const;
  request_handling_status_t MessagePreview(const request_handle_t& req,
                                           const restinio::router::route_params_t& params,
                                           const std::map<std::string, std::string>& form,
                                           const std::string& problem);
  request_handling_status_t MessagePreviewForm(const request_handle_t& req,
                                               const restinio::router::route_params_t& params);
  request_handling_status_t SendMessageForm(const request_handle_t& req,
                                            const restinio::router::route_params_t& params);
  request_handling_status_t LetterPdf(const request_handle_t& req,
                                      const restinio::router::route_params_t& params);

  // Inbound calls and call-backs (call_back_handlers.cpp).
  static json CallBackJson(const storage::CallBack& c);
  app::InboundCall InboundCallFrom(const storage::CaseRow& row, const Getter& get) const;
  void RequireCallRole() const;
  request_handling_status_t InboundCall(const request_handle_t& req,
                                        const restinio::router::route_params_t& params);
  request_handling_status_t CallBacks(const request_handle_t& req);
  request_handling_status_t Referrals(const request_handle_t& req);
  request_handling_status_t ReferralStatus(const request_handle_t& req);
  request_handling_status_t CallBackDone(const request_handle_t& req,
                                         const restinio::router::route_params_t& params);
  request_handling_status_t InboundCallForm(const request_handle_t& req,
                                            const restinio::router::route_params_t& params);
  request_handling_status_t CallBackDoneForm(const request_handle_t& req,
                                             const restinio::router::route_params_t& params);

  // Recording what happened (case_event_pages.cpp): the form for one event type, and its post.
  const EventForm& EventFormFor(const std::string& type);
  request_handling_status_t EventFormPage(const request_handle_t& req,
                                          const restinio::router::route_params_t& params,
                                          const std::map<std::string, std::string>& values,
                                          const std::vector<std::string>& problems);
  request_handling_status_t NewEventPage(const request_handle_t& req,
                                         const restinio::router::route_params_t& params);
  request_handling_status_t RecordEventForm(const request_handle_t& req,
                                            const restinio::router::route_params_t& params);

  request_handling_status_t CloseForm(const request_handle_t& req,
                                      const restinio::router::route_params_t& params);

  // Self-assessment (assessment_pages.cpp): history, the scoring form, the report with spider
  // diagrams, downloads, and action plans.
  void RequireAssessmentViewer();
  void RequireAssessmentEditor(const std::string& scope);
  request_handling_status_t AssessmentsPage(const request_handle_t& req);
  request_handling_status_t AssessmentFormPage(const request_handle_t& req, int64_t id,
                                               const std::map<std::string, std::string>& form,
                                               const std::vector<std::string>& problems);
  request_handling_status_t SaveAssessmentForm(const request_handle_t& req, int64_t id);
  request_handling_status_t AssessmentPage(const request_handle_t& req, int64_t id);
  request_handling_status_t AssessmentDownload(const request_handle_t& req, int64_t id,
                                               const std::string& format);
  request_handling_status_t ActionForm(const request_handle_t& req, int64_t id);
  request_handling_status_t ImportAssessmentUpload(const request_handle_t& req);

  storage::SqliteStores stores_;  // moved into the two below: one connection for both
  std::unique_ptr<storage::CaseStore> store_;
  std::unique_ptr<storage::AccountStore> accounts_;
  std::unique_ptr<storage::AssessmentStore> assessments_;
  std::optional<storage::AccountStore::Session> session_;
  const rules::RuleLibrary& library_;
  rules::ObligationEngine engine_;
  std::function<core::Date()> today_;
  std::optional<storage::User> user_;  // of the request being handled (one thread)
  std::string source_;
  uint64_t request_id_ = 0;
};

}  // namespace cf::http
