#include "http/server.hpp"

#include <csignal>

#include "core/embedded.hpp"
#include "http/api.hpp"

namespace cf::http {

Problem Unauthorized() {
  return {restinio::status_unauthorized(), "Not signed in",
          "Send an API token as 'Authorization: Bearer <token>' (citizenfocus token create)."};
}
Problem Forbidden(std::string detail) {
  return {restinio::status_forbidden(), "Not allowed", std::move(detail)};
}
Problem BadRequest(std::string detail, json errors) {
  return {restinio::status_bad_request(), "Invalid request", std::move(detail), std::move(errors)};
}
Problem NotFound(std::string detail) {
  return {restinio::status_not_found(), "Not found", std::move(detail)};
}

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
  json body = {{"type", "about:blank"},
               {"title", p.title},
               {"status", p.status.status_code().raw_code()},
               {"detail", p.detail}};
  if (!p.errors.empty()) body["errors"] = p.errors;
  return Send(req, p.status, "application/problem+json", body.dump());
}

std::string Query(const request_handle_t& req, const char* name) {
  const auto qp = restinio::parse_query(req->header().query());
  return qp.has(name) ? restinio::cast_to<std::string>(qp[name]) : std::string();
}
namespace {

const std::string& OpenApi() {
  static const std::string text = [] {
    const auto embedded = core::FindEmbedded("data/api/openapi.json");
    if (!embedded) throw std::logic_error("OpenAPI document missing from the binary");
    return std::string(*embedded);
  }();
  return text;
}
}  // namespace

std::unique_ptr<router_t> Api::Routes() {
  auto router = std::make_unique<router_t>();
  router->http_get("/healthz", [this](auto req, auto) { return Healthz(req); });
  router->http_get("/api/v1/openapi.json", [](auto req, auto) {
    return Send(req, restinio::status_ok(), "application/json", OpenApi());
  });
  router->http_get("/api/v1/queue",
                   [this](auto req, auto) { return Guard(req, [&] { return Queue(req); }); });
  router->http_get(R"(/api/v1/cases/:crime(.+))", [this](auto req, auto params) {
    return Guard(req, [&] { return Case(req, params); });
  });
  router->http_post("/api/v1/events",
                    [this](auto req, auto) { return Guard(req, [&] { return Events(req); }); });
  router->http_post(R"(/api/v1/cases/:crime(.+)/contacts)", [this](auto req, auto params) {
    return Guard(req, [&] { return Contact(req, params); });
  });
  router->http_get("/api/v1/search",
                   [this](auto req, auto) { return Guard(req, [&] { return Search(req); }); });
  router->http_get("/search",
                   [this](auto req, auto) { return Html(req, [&] { return SearchPage(req); }); });
  router->http_get("/api/v1/team",
                   [this](auto req, auto) { return Guard(req, [&] { return Team(req); }); });
  router->http_post(R"(/api/v1/cases/:crime(.+)/assign)", [this](auto req, auto params) {
    return Guard(req, [&] { return Assign(req, params); });
  });
  router->http_post(R"(/cases/:crime(.+)/assign)", [this](auto req, auto params) {
    return Html(req, [&] { return AssignForm(req, params); });
  });
  router->http_post(R"(/api/v1/cases/:crime(.+)/close)", [this](auto req, auto params) {
    return Guard(req, [&] { return Close(req, params); });
  });
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
  router->http_get(
      "/login", [this](auto req, auto) { return Html(req, [&] { return LoginPage(req, ""); }); });
  router->http_post("/login",
                    [this](auto req, auto) { return Html(req, [&] { return Login(req); }); });
  router->http_post("/logout",
                    [this](auto req, auto) { return Html(req, [&] { return Logout(req); }); });
  router->http_get("/",
                   [this](auto req, auto) { return Html(req, [&] { return QueuePage(req); }); });
  router->http_post(R"(/cases/:crime(.+)/messages/preview)", [this](auto req, auto params) {
    return Html(req, [&] { return MessagePreviewForm(req, params); });
  });
  router->http_post(R"(/cases/:crime(.+)/messages)", [this](auto req, auto params) {
    return Html(req, [&] { return SendMessageForm(req, params); });
  });
  router->http_get(R"(/cases/:crime(.+)/letter.pdf)", [this](auto req, auto params) {
    return Html(req, [&] { return LetterPdf(req, params); });
  });
  router->http_post("/reassign", [this](auto req, auto) {
    return Html(req, [&] { return ReassignManyForm(req); });
  });
  router->http_post(R"(/cases/:crime(.+)/contacts/check)", [this](auto req, auto params) {
    return Html(req, [&] { return ContactCheckPage(req, params); });
  });
  router->http_post(R"(/cases/:crime(.+)/contacts)", [this](auto req, auto params) {
    return Html(req, [&] { return ContactForm(req, params); });
  });
  router->http_post(R"(/cases/:crime(.+)/close)", [this](auto req, auto params) {
    return Html(req, [&] { return CloseForm(req, params); });
  });
  router->http_post(R"(/api/v1/cases/:crime(.+)/calls)", [this](auto req, auto params) {
    return Guard(req, [&] { return InboundCall(req, params); });
  });
  router->http_post(R"(/api/v1/cases/:crime(.+)/call-backs/:id(\d+)/done)",
                    [this](auto req, auto params) {
                      return Guard(req, [&] { return CallBackDone(req, params); });
                    });
  router->http_get("/api/v1/call-backs",
                   [this](auto req, auto) { return Guard(req, [&] { return CallBacks(req); }); });
  router->http_get("/api/v1/referrals",
                   [this](auto req, auto) { return Guard(req, [&] { return Referrals(req); }); });
  router->http_post("/api/v1/referrals/status", [this](auto req, auto) {
    return Guard(req, [&] { return ReferralStatus(req); });
  });
  router->http_post(R"(/cases/:crime(.+)/calls)", [this](auto req, auto params) {
    return Html(req, [&] { return InboundCallForm(req, params); });
  });
  router->http_post(R"(/cases/:crime(.+)/call-backs/:id(\d+)/done)", [this](auto req, auto params) {
    return Html(req, [&] { return CallBackDoneForm(req, params); });
  });
  // Admin and rota pages: signed in, then the handler checks the role.
  auto page = [this](auto&& handler) {
    return [this, handler](auto req, auto params) {
      return Html(req,
                  [&] { return SignedIn(req) ? handler(req, params) : Redirect(req, "/login"); });
    };
  };
  router->http_get("/admin/users", page([this](auto req, const auto&) {
                     return UsersPage(req, {}, DoneMessage(req), {});
                   }));
  router->http_post("/admin/users",
                    [this](auto req, auto) { return Html(req, [&] { return AddUserForm(req); }); });
  router->http_get(
      R"(/admin/users/:name([a-z0-9._-]+))", page([this](auto req, const auto& params) {
        return UserPage(req, restinio::cast_to<std::string>(params["name"]), DoneMessage(req), {});
      }));
  router->http_post(R"(/admin/users/:name([a-z0-9._-]+))", [this](auto req, auto params) {
    return Html(
        req, [&] { return UpdateUserForm(req, restinio::cast_to<std::string>(params["name"])); });
  });
  router->http_get("/admin/units", page([this](auto req, const auto&) {
                     return UnitsPage(req, {}, DoneMessage(req), {});
                   }));
  router->http_post("/admin/units",
                    [this](auto req, auto) { return Html(req, [&] { return AddUnitForm(req); }); });
  router->http_get("/admin/audit", page([this](auto req, const auto&) { return AuditPage(req); }));
  // The self-assessment: signed in, then the handler checks the role.
  router->http_get("/assessments",
                   page([this](auto req, const auto&) { return AssessmentsPage(req); }));
  router->http_get("/assessments/new", page([this](auto req, const auto&) {
                     return AssessmentFormPage(req, 0, {}, {});
                   }));
  router->http_post("/assessments", [this](auto req, auto) {
    return Html(req, [&] { return SaveAssessmentForm(req, 0); });
  });
  router->http_post("/assessments/import", [this](auto req, auto) {
    return Html(req, [&] { return ImportAssessmentUpload(req); });
  });
  router->http_get(R"(/assessments/:id(\d{1,15}))", page([this](auto req, const auto& params) {
                     return AssessmentPage(req, restinio::cast_to<int64_t>(params["id"]));
                   }));
  router->http_get(R"(/assessments/:id(\d{1,15})/edit)", page([this](auto req, const auto& params) {
                     return AssessmentFormPage(req, restinio::cast_to<int64_t>(params["id"]), {},
                                               {});
                   }));
  router->http_post(R"(/assessments/:id(\d{1,15}))", [this](auto req, auto params) {
    return Html(req,
                [&] { return SaveAssessmentForm(req, restinio::cast_to<int64_t>(params["id"])); });
  });
  router->http_get(R"(/assessments/:id(\d{1,15})/report.:format(json|csv|xlsx|pdf|svg))",
                   page([this](auto req, const auto& params) {
                     return AssessmentDownload(req, restinio::cast_to<int64_t>(params["id"]),
                                               restinio::cast_to<std::string>(params["format"]));
                   }));
  router->http_post(R"(/assessments/:id(\d{1,15})/actions)", [this](auto req, auto params) {
    return Html(req, [&] { return ActionForm(req, restinio::cast_to<int64_t>(params["id"])); });
  });
  router->http_get("/admin/settings", page([this](auto req, const auto&) {
                     return SettingsPage(req, {}, DoneMessage(req), {});
                   }));
  router->http_post("/admin/settings", [this](auto req, auto) {
    return Html(req, [&] { return SettingsForm(req); });
  });
  router->http_get("/admin/templates",
                   page([this](auto req, const auto&) { return TemplatesPage(req); }));
  router->http_get(
      R"(/admin/templates/:id([a-z_]+)/:lang(en|cy))", page([this](auto req, const auto& params) {
        return TemplatePage(req, restinio::cast_to<std::string>(params["id"]),
                            restinio::cast_to<std::string>(params["lang"]), "", false, {});
      }));
  router->http_post(R"(/admin/templates/:id([a-z_]+)/:lang(en|cy))", [this](auto req, auto params) {
    return Html(req, [&] {
      return TemplateForm(req, restinio::cast_to<std::string>(params["id"]),
                          restinio::cast_to<std::string>(params["lang"]));
    });
  });
  router->http_get("/rota", page([this](auto req, const auto&) {
                     return RotaPage(req, Query(req, "unit"), Query(req, "from"), DoneMessage(req),
                                     {});
                   }));
  router->http_post("/rota/shifts", [this](auto req, auto) {
    return Html(req, [&] { return RotaForm(req, "add_shift", 0); });
  });
  router->http_post("/rota/leave", [this](auto req, auto) {
    return Html(req, [&] { return RotaForm(req, "add_leave", 0); });
  });
  router->http_post(R"(/rota/shifts/:id(\d+)/delete)", [this](auto req, auto params) {
    return Html(req, [&] {
      return RotaForm(req, "delete_shift", restinio::cast_to<int64_t>(params["id"]));
    });
  });
  router->http_post(R"(/rota/leave/:id(\d+)/delete)", [this](auto req, auto params) {
    return Html(req, [&] {
      return RotaForm(req, "delete_leave", restinio::cast_to<int64_t>(params["id"]));
    });
  });
  router->http_get(R"(/cases/:crime(.+)/events/new)", [this](auto req, auto params) {
    return Html(req, [&] { return NewEventPage(req, params); });
  });
  router->http_post(R"(/cases/:crime(.+)/events)", [this](auto req, auto params) {
    return Html(req, [&] { return RecordEventForm(req, params); });
  });
  router->http_get(R"(/cases/:crime(.+))", [this](auto req, auto params) {
    return Html(req, [&] { return CasePage(req, params, "", {}); });
  });
  router->non_matched_request_handler([](auto req) {
    return SendProblem(req,
                       NotFound(fmt::format("no route for {} {}", req->header().method().c_str(),
                                            req->header().path())));
  });
  return router;
}

request_handling_status_t Api::Healthz(const request_handle_t& req) {
  try {
    store_->Setting("ruleset");
    return Send(req, restinio::status_ok(), "text/plain", "ok\n");
  } catch (const std::exception&) {
    return Send(req, restinio::status_service_unavailable(), "text/plain",
                "database unreachable\n");
  }
}

namespace {

struct Traits : restinio::default_single_thread_traits_t {
  using request_handler_t = router_t;
};

}  // namespace

void Serve(const ServerOptions& options, const rules::RuleLibrary& library,
           const calendar::WorkingDayCalendar& calendar, std::function<core::Date()> today) {
  Api api(options, library, calendar, std::move(today));
  asio::io_context ioctx;
  restinio::http_server_t<Traits> server{restinio::external_io_context(ioctx),
                                         restinio::server_settings_t<Traits>{}
                                             .address(options.address)
                                             .port(options.port)
                                             .request_handler(api.Routes())};
  std::exception_ptr failure;
  asio::signal_set stop_signals(ioctx, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const asio::error_code& ec, int) {
    if (!ec) server.close_async([&] { ioctx.stop(); }, [&](std::exception_ptr e) { failure = e; });
  });
  server.open_async(
      [&] {
        std::cout << fmt::format(
                         "Citizen Focus listening on http://{}:{} (store {}); Ctrl-C stops it\n",
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
