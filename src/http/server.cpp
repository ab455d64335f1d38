// The route table: which URL goes to which resource's handler, through which boundary
// (Api: bearer token, problem+json; Form: a page or form post; Page: a signed-in page).
// Order matters: a crime reference may contain '/', so longer case routes come first.
#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/budget.hpp"
#include "core/embedded.hpp"
#include "core/metrics.hpp"
#include "http/route_helpers.hpp"
#include "http/routes.hpp"

namespace cf::http {
namespace {

using routes::ApiRoute;
using routes::FormRoute;
using routes::IdParam;
using routes::PageRoute;
using routes::Param;

const std::string& OpenApi() {
  static const std::string text = [] {
    const auto embedded = core::FindEmbedded("data/api/openapi.json");
    if (!embedded) throw std::logic_error("OpenAPI document missing from the binary");
    return std::string(*embedded);
  }();
  return text;
}

// CF_METRICS_TOKEN, when set, must come as a bearer token.
bool MetricsAllowed(const Req& req) {
  const char* token = std::getenv("CF_METRICS_TOKEN");
  if (token == nullptr || *token == '\0') return true;
  const std::string expected = std::string("Bearer ") + token;
  const auto given = req->header().get_field_or(restinio::http_field::authorization, "");
  if (given.size() != expected.size()) return false;
  unsigned char differ = 0;  // every byte compared, so the time says nothing of the token
  for (size_t i = 0; i < expected.size(); ++i)
    differ |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return differ == 0;
}

// The process's resident memory, as Prometheus's client libraries name it, and the C heap's
// own count of what is allocated and what it holds free: what a soak watches for growth. Resident
// memory that grows while the allocated bytes do not is the allocator holding freed memory, not
// a leak; the SQLite page caches are part of the allocated bytes
// (citizenfocus_sqlite_page_cache_bytes).
std::string ProcessMetrics() {
  using core::metrics::Header;
  using core::metrics::Sample;
  std::string out;
  std::ifstream statm("/proc/self/statm");
  int64_t size_pages = 0;
  int64_t resident_pages = 0;
  if (statm >> size_pages >> resident_pages) {
    out += Header("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge") +
           Sample("process_resident_memory_bytes", {},
                  static_cast<double>(resident_pages * sysconf(_SC_PAGESIZE)));
  }
  const struct mallinfo2 heap = mallinfo2();  // every arena's, summed
  out += Header("citizenfocus_heap_allocated_bytes",
                "Bytes the process has allocated and not freed (malloc, every arena).", "gauge") +
         Sample("citizenfocus_heap_allocated_bytes", {},
                static_cast<double>(heap.uordblks + heap.hblkhd));
  out += Header("citizenfocus_heap_free_bytes",
                "Bytes freed but still held by the allocator (malloc, every arena).", "gauge") +
         Sample("citizenfocus_heap_free_bytes", {}, static_cast<double>(heap.fordblks));
  return out;
}

// What a scrape reads from the database: the outbox by status, open duties, and the store's
// size.
std::string DatabaseMetrics(app::Services& s) {
  using core::metrics::Header;
  using core::metrics::Sample;
  s.cases.EndReads();  // what other threads have committed
  std::string out = Header("citizenfocus_outbox_messages",
                           "Messages in the outbox by status (created: waiting to be sent; "
                           "failed: given up on, for the officer to act on).",
                           "gauge");
  for (const auto& [status, n] : s.cases.CountOutbox())
    out += Sample("citizenfocus_outbox_messages", {{"status", std::string(domain::Name(status))}},
                  static_cast<double>(n));
  const core::Date today = s.Today();
  const auto open = s.cases.CountOpen({}, today, today);
  out += Header("citizenfocus_open_duties",
                "Duties owed on open cases across the force (as stored at the last roll-forward).",
                "gauge") +
         Sample("citizenfocus_open_duties", {}, static_cast<double>(open.total));
  out += Header("citizenfocus_duties_due",
                "Of those, duties whose deadline is today or has passed.", "gauge") +
         Sample("citizenfocus_duties_due", {}, static_cast<double>(open.due_by_as_of));
  out += Header("citizenfocus_events_stored", "Events in the log (approximately).", "gauge") +
         Sample("citizenfocus_events_stored", {}, static_cast<double>(s.cases.ApproxEventCount()));
  out += Header("citizenfocus_cases_stored", "Cases derived from the log.", "gauge") +
         Sample("citizenfocus_cases_stored", {}, static_cast<double>(s.cases.CaseCount()));
  out += Header("citizenfocus_database_up", "1 when the database answered this scrape, else 0.",
                "gauge") +
         Sample("citizenfocus_database_up", {}, 1);
  return out;
}

}  // namespace

void AddCommonRoutes(router_t& r, app::Services& s) {
  r.http_get("/healthz", [&s](const Req& req, auto) {
    try {
      s.cases.Setting("ruleset");
      return Send(req, restinio::status_ok(), "text/plain", "ok\n");
    } catch (const std::exception&) {
      return Send(req, restinio::status_service_unavailable(), "text/plain",
                  "database unreachable\n");
    }
  });
  // Ready for traffic: the database answers and the server is not stopping (a load balancer
  // stops sending to a server that says 503 here).
  r.http_get("/readyz", [&s](const Req& req, auto) {
    if (core::StopRequested())
      return Send(req, restinio::status_service_unavailable(), "text/plain", "stopping\n");
    try {
      s.cases.EndReads();
      s.cases.Setting("ruleset");
      return Send(req, restinio::status_ok(), "text/plain", "ready\n");
    } catch (const std::exception&) {
      return Send(req, restinio::status_service_unavailable(), "text/plain",
                  "database unreachable\n");
    }
  });
  r.http_get("/assets/:name", [](const Req& req, const Params& params) {
    const auto css = Asset(Param(params, "name"));
    if (!css) return SendProblem(req, NotFound("no such asset"));
    return NewResponse(req)
        .append_header(restinio::http_field::content_type, "text/css; charset=utf-8")
        .append_header("Cache-Control", "public, max-age=86400")
        .set_body(std::string(*css))
        .done();
  });
}

std::unique_ptr<router_t> Routes(app::Services& s, Handlers& h) {
  auto r = std::make_unique<router_t>();
  AddCommonRoutes(*r, s);
  // For Prometheus (docs/operations.md): on the staff address only, never the portal's. With
  // CF_METRICS_TOKEN set, only with "Authorization: Bearer" and that token.
  r->http_get("/metrics", [&s](const Req& req, auto) {
    if (!MetricsAllowed(req)) return SendProblem(req, Unauthorized());
    std::string text = core::metrics::Registry::Global().Text() + ProcessMetrics();
    try {
      text += DatabaseMetrics(s);
    } catch (const std::exception&) {
      text += core::metrics::Header("citizenfocus_database_up",
                                    "1 when the database answered this scrape, else 0.", "gauge") +
              core::metrics::Sample("citizenfocus_database_up", {}, 0);
    }
    return Send(req, restinio::status_ok(), "text/plain; version=0.0.4; charset=utf-8",
                std::move(text));
  });
  r->http_get("/api/v1/openapi.json", [](const Req& req, auto) {
    return Send(req, restinio::status_ok(), "application/json", OpenApi());
  });

  // The JSON API.
  r->http_get("/api/v1/queue", ApiRoute(h.queue, &QueueHandlers::Queue));
  r->http_get("/api/v1/team", ApiRoute(h.queue, &QueueHandlers::Team));
  r->http_get("/api/v1/missed", ApiRoute(h.queue, &QueueHandlers::Missed));
  r->http_post("/api/v1/missed/acknowledge", ApiRoute(h.queue, &QueueHandlers::AcknowledgeMissed));
  r->http_get("/api/v1/search", ApiRoute(h.search, &SearchHandlers::Search));
  r->http_post("/api/v1/events",
               ApiRoute(h.events, &EventHandlers::Events, core::kEventsBodyBytes));
  r->http_get("/api/v1/call-backs", ApiRoute(h.call_backs, &CallBackHandlers::CallBacks));
  r->http_get("/api/v1/referrals", ApiRoute(h.referrals, &ReferralHandlers::Referrals));
  r->http_post("/api/v1/referrals/status",
               ApiRoute(h.referrals, &ReferralHandlers::ReferralStatus));
  r->http_post(R"(/api/v1/cases/:crime(.+)/contacts)",
               ApiRoute(h.contacts, &ContactHandlers::Contact));
  r->http_post(R"(/api/v1/cases/:crime(.+)/assign)", ApiRoute(h.cases, &CaseHandlers::Assign));
  r->http_post(R"(/api/v1/cases/:crime(.+)/close)", ApiRoute(h.cases, &CaseHandlers::Close));
  r->http_post(R"(/api/v1/cases/:crime(.+)/calls)",
               ApiRoute(h.call_backs, &CallBackHandlers::InboundCall));
  r->http_post(R"(/api/v1/cases/:crime(.+)/call-backs/:id(\d+)/done)",
               ApiRoute(h.call_backs, &CallBackHandlers::CallBackDone));
  r->http_get(R"(/api/v1/cases/:crime(.+))", ApiRoute(h.cases, &CaseHandlers::Case));

  // Pages for people (server-rendered, no JavaScript needed).
  r->http_get("/login",
              FormRoute(h.sign_in, [](SignInHandlers& x, RequestContext& rc, const Req& req) {
                return x.LoginPage(rc, req, "");
              }));
  r->http_post("/login", FormRoute(h.sign_in, &SignInHandlers::Login));
  r->http_post("/logout", FormRoute(h.sign_in, &SignInHandlers::Logout));
  r->http_get("/", FormRoute(h.queue, &QueueHandlers::QueuePage));
  r->http_post("/reassign", FormRoute(h.queue, &QueueHandlers::ReassignManyForm));
  r->http_get("/missed", FormRoute(h.queue, [](QueueHandlers& x, RequestContext& rc,
                                               const Req& req) { return x.MissedPage(rc, req); }));
  r->http_post("/missed/acknowledge", FormRoute(h.queue, &QueueHandlers::AcknowledgeMissedForm));
  r->http_get("/search", FormRoute(h.search, &SearchHandlers::SearchPage));
  r->http_post(R"(/cases/:crime(.+)/assign)", FormRoute(h.cases, &CaseHandlers::AssignForm));
  r->http_post(R"(/cases/:crime(.+)/repeat-victims)",
               FormRoute(h.cases, &CaseHandlers::RepeatVictimForm));
  r->http_post(R"(/cases/:crime(.+)/messages/preview)",
               FormRoute(h.messages, &MessageHandlers::MessagePreviewForm));
  r->http_get(R"(/cases/:crime(.+)/messages/draft)",
              FormRoute(h.messages, &MessageHandlers::DraftPage));
  r->http_post(R"(/cases/:crime(.+)/messages)",
               FormRoute(h.messages, &MessageHandlers::SendMessageForm));
  r->http_get(R"(/cases/:crime(.+)/letter.pdf)",
              FormRoute(h.messages, &MessageHandlers::LetterPdf));
  r->http_post(R"(/cases/:crime(.+)/contacts/check)",
               FormRoute(h.contacts, &ContactHandlers::ContactCheckPage));
  r->http_post(R"(/cases/:crime(.+)/contacts)",
               FormRoute(h.contacts, &ContactHandlers::ContactForm));
  r->http_post(R"(/cases/:crime(.+)/close)", FormRoute(h.cases, &CaseHandlers::CloseForm));
  r->http_post(R"(/cases/:crime(.+)/handover)", FormRoute(h.cases, &CaseHandlers::HandOverForm));
  r->http_post(R"(/cases/:crime(.+)/referrals)",
               FormRoute(h.cases, &CaseHandlers::ReferralChoiceForm));
  r->http_post(R"(/cases/:crime(.+)/portal/invite)",
               FormRoute(h.cases, &CaseHandlers::PortalInviteForm));
  r->http_post(R"(/cases/:crime(.+)/portal/revoke)",
               FormRoute(h.cases, &CaseHandlers::PortalRevokeForm));
  r->http_get(R"(/cases/:crime(.+)/portal/view)", FormRoute(h.cases, &CaseHandlers::PortalView));
  r->http_post(R"(/cases/:crime(.+)/portal/reply)",
               FormRoute(h.cases, &CaseHandlers::PortalReplyForm));
  r->http_post(R"(/cases/:crime(.+)/calls)",
               FormRoute(h.call_backs, &CallBackHandlers::InboundCallForm));
  r->http_post(R"(/cases/:crime(.+)/call-backs/:id(\d+)/done)",
               FormRoute(h.call_backs, &CallBackHandlers::CallBackDoneForm));

  // Admin, rota and self-assessment pages: signed in, then the handler checks the role.
  r->http_get("/admin/users", PageRoute(h.staff, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.UsersPage(rc, req, {}, HandlerBase::DoneMessage(req), {});
              }));
  r->http_post("/admin/users", FormRoute(h.staff, &StaffAdminHandlers::AddUserForm));
  r->http_get(R"(/admin/users/:name([a-z0-9._-]+))",
              PageRoute(h.staff, [](auto& x, auto& rc, const Req& req, const Params& params) {
                return x.UserPage(rc, req, Param(params, "name"), HandlerBase::DoneMessage(req),
                                  {});
              }));
  r->http_post(R"(/admin/users/:name([a-z0-9._-]+))",
               FormRoute(h.staff, [](auto& x, auto& rc, const Req& req, const Params& params) {
                 return x.UpdateUserForm(rc, req, Param(params, "name"));
               }));
  r->http_get("/admin/units", PageRoute(h.staff, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.UnitsPage(rc, req, {}, HandlerBase::DoneMessage(req), {});
              }));
  r->http_post("/admin/units", FormRoute(h.staff, &StaffAdminHandlers::AddUnitForm));
  r->http_get("/admin/audit", PageRoute(h.settings, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.AuditPage(rc, req);
              }));
  r->http_get("/admin/audit.csv", PageRoute(h.settings, [](auto& x, auto& rc, const Req& req,
                                                           auto&) { return x.AuditCsv(rc, req); }));
  r->http_get("/admin/settings",
              PageRoute(h.settings, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.SettingsPage(rc, req, {}, HandlerBase::DoneMessage(req), {});
              }));
  r->http_post("/admin/settings", FormRoute(h.settings, &SettingsHandlers::SettingsForm));
  r->http_get("/admin/organisations",
              PageRoute(h.settings, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.OrganisationsPage(rc, req, {}, HandlerBase::DoneMessage(req), {});
              }));
  r->http_post("/admin/organisations", FormRoute(h.settings, &SettingsHandlers::OrganisationsForm));
  r->http_get("/admin/templates",
              PageRoute(h.templates, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.TemplatesPage(rc, req);
              }));
  r->http_get(R"(/admin/templates/:id([a-z_]+)/:lang(en|cy))",
              PageRoute(h.templates, [](auto& x, auto& rc, const Req& req, const Params& params) {
                return x.TemplatePage(rc, req, Param(params, "id"), Param(params, "lang"), "",
                                      false, {});
              }));
  r->http_post(R"(/admin/templates/:id([a-z_]+)/:lang(en|cy))",
               FormRoute(
                   h.templates,
                   [](auto& x, auto& rc, const Req& req, const Params& params) {
                     return x.TemplateForm(rc, req, Param(params, "id"), Param(params, "lang"));
                   },
                   core::kApiBodyBytes));
  r->http_get("/rota", PageRoute(h.rota, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.RotaPage(rc, req, Query(req, "unit"), Query(req, "from"),
                                  HandlerBase::DoneMessage(req), {});
              }));
  r->http_post("/rota/shifts", FormRoute(h.rota, [](auto& x, auto& rc, const Req& req, auto&) {
                 return x.RotaForm(rc, req, "add_shift", 0);
               }));
  r->http_post("/rota/leave", FormRoute(h.rota, [](auto& x, auto& rc, const Req& req, auto&) {
                 return x.RotaForm(rc, req, "add_leave", 0);
               }));
  r->http_post(R"(/rota/shifts/:id(\d+)/delete)",
               FormRoute(h.rota, [](auto& x, auto& rc, const Req& req, const Params& params) {
                 return x.RotaForm(rc, req, "delete_shift", IdParam(params));
               }));
  r->http_post(R"(/rota/leave/:id(\d+)/delete)",
               FormRoute(h.rota, [](auto& x, auto& rc, const Req& req, const Params& params) {
                 return x.RotaForm(rc, req, "delete_leave", IdParam(params));
               }));
  r->http_get("/dip-samples", PageRoute(h.quality, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.DipSamplesPage(rc, req, Query(req, "unit"), Query(req, "month"),
                                        HandlerBase::DoneMessage(req), {});
              }));
  r->http_post("/dip-samples", FormRoute(h.quality, &QualityHandlers::DrawForm));
  r->http_post(R"(/dip-samples/:id(\d+)/actions)",
               FormRoute(h.quality, [](auto& x, auto& rc, const Req& req, const Params& params) {
                 return x.ActionForm(rc, req, IdParam(params));
               }));
  r->http_get(R"(/dip-samples/:id(\d+)/cases/:crime(.+))",
              PageRoute(h.quality, [](auto& x, auto& rc, const Req& req, const Params& params) {
                return x.ReviewPageAt(rc, req, params);
              }));
  r->http_post(R"(/dip-samples/:id(\d+)/cases/:crime(.+))",
               FormRoute(h.quality, [](auto& x, auto& rc, const Req& req, const Params& params) {
                 return x.ReviewFormAt(rc, req, params);
               }));
  r->http_get("/quality-calls", PageRoute(h.quality, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.CallsPage(rc, req, HandlerBase::DoneMessage(req), {});
              }));
  r->http_post("/quality-calls", FormRoute(h.quality, &QualityHandlers::DrawCallsForm));
  r->http_get(R"(/quality-calls/:id(\d+)/:position(\d{1,3}))",
              PageRoute(h.quality, [](auto& x, auto& rc, const Req& req, const Params& params) {
                return x.CallPage(rc, req, IdParam(params),
                                  std::stoi(routes::Param(params, "position")), {}, {});
              }));
  r->http_post(R"(/quality-calls/:id(\d+)/:position(\d{1,3}))",
               FormRoute(h.quality, [](auto& x, auto& rc, const Req& req, const Params& params) {
                 return x.CallForm(rc, req, IdParam(params),
                                   std::stoi(routes::Param(params, "position")));
               }));
  r->http_get("/survey", PageRoute(h.quality, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.SurveyPage(rc, req, HandlerBase::DoneMessage(req), {});
              }));
  r->http_get("/measures", PageRoute(h.quality, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.MeasuresPage(rc, req, HandlerBase::DoneMessage(req));
              }));
  r->http_get(R"(/measures.:format(csv|xlsx|pdf))",
              PageRoute(h.quality, [](auto& x, auto& rc, const Req& req, const Params& p) {
                return x.MeasuresDownload(rc, req, routes::Param(p, "format"));
              }));
  r->http_post("/measures/refresh", FormRoute(h.quality, &QualityHandlers::RefreshMeasuresForm));
  r->http_get("/survey/comments",
              PageRoute(h.quality, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.CommentsPage(rc, req);
              }));
  r->http_post("/survey/import",
               FormRoute(h.quality, &QualityHandlers::SurveyUpload, core::kUploadBodyBytes));
  r->http_get("/compliance", PageRoute(h.compliance, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.CompliancePage(rc, req);
              }));
  r->http_get(R"(/compliance.:format(csv|xlsx))",
              PageRoute(h.compliance, [](auto& x, auto& rc, const Req& req, const Params& p) {
                return x.Download(rc, req, routes::Param(p, "format"));
              }));
  r->http_get("/assessments",
              PageRoute(h.assessments, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.AssessmentsPage(rc, req);
              }));
  r->http_get("/assessments/new",
              PageRoute(h.assessments, [](auto& x, auto& rc, const Req& req, auto&) {
                return x.AssessmentFormPage(rc, req, 0, {}, {});
              }));
  r->http_post("/assessments",
               FormRoute(h.assessments, [](auto& x, auto& rc, const Req& req, auto&) {
                 return x.SaveAssessmentForm(rc, req, 0);
               }));
  r->http_post("/assessments/import",
               FormRoute(h.assessments, &AssessmentHandlers::ImportAssessmentUpload,
                         core::kUploadBodyBytes));
  r->http_get(R"(/assessments/:id(\d{1,15}))",
              PageRoute(h.assessments, [](auto& x, auto& rc, const Req& req, const Params& p) {
                return x.AssessmentPage(rc, req, IdParam(p));
              }));
  r->http_get(R"(/assessments/:id(\d{1,15})/edit)",
              PageRoute(h.assessments, [](auto& x, auto& rc, const Req& req, const Params& p) {
                return x.AssessmentFormPage(rc, req, IdParam(p), {}, {});
              }));
  r->http_post(R"(/assessments/:id(\d{1,15}))",
               FormRoute(h.assessments, [](auto& x, auto& rc, const Req& req, const Params& p) {
                 return x.SaveAssessmentForm(rc, req, IdParam(p));
               }));
  r->http_get(R"(/assessments/:id(\d{1,15})/report.:format(json|csv|xlsx|pdf|svg))",
              PageRoute(h.assessments, [](auto& x, auto& rc, const Req& req, const Params& p) {
                return x.AssessmentDownload(rc, req, IdParam(p), Param(p, "format"));
              }));
  r->http_post(R"(/assessments/:id(\d{1,15})/actions)",
               FormRoute(h.assessments, [](auto& x, auto& rc, const Req& req, const Params& p) {
                 return x.ActionForm(rc, req, IdParam(p));
               }));

  // Case pages last: their crime reference matches anything.
  r->http_get(R"(/cases/:crime(.+)/events/new)", FormRoute(h.events, &EventHandlers::NewEventPage));
  r->http_post(R"(/cases/:crime(.+)/events)", FormRoute(h.events, &EventHandlers::RecordEventForm));
  r->http_get(R"(/cases/:crime(.+))", FormRoute(h.cases, &CaseHandlers::Show));
  // A browser is shown a page; the API and other clients get problem+json.
  r->non_matched_request_handler([](const Req& req) {
    const auto accept = req->header().get_field_or(restinio::http_field::accept, "");
    if (!req->header().path().starts_with("/api/") && accept.find("text/html") != std::string::npos)
      return Send(req, restinio::status_not_found(), "text/html; charset=utf-8", NotFoundPage());
    return SendProblem(req,
                       NotFound(fmt::format("no route for {} {}", req->header().method().c_str(),
                                            req->header().path())));
  });
  return r;
}

}  // namespace cf::http
