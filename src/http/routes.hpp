#pragma once
// Internal to http/: every resource's handlers, and the route table that sends each URL to
// one of them (server.cpp).

#include <memory>

#include "http/handlers.hpp"

namespace cf::http {

// Every resource's handlers, over the one set of services.
struct Handlers {
  Handlers(app::Services& s, Offload& offload)
      : sign_in(s, offload),
        queue(s),
        cases(s),
        contacts(s),
        search(s),
        events(s),
        call_backs(s),
        referrals(s),
        messages(s),
        staff(s, offload),
        settings(s),
        rota(s),
        templates(s),
        assessments(s),
        compliance(s),
        quality(s) {}
  SignInHandlers sign_in;
  QueueHandlers queue;
  CaseHandlers cases;
  ContactHandlers contacts;
  SearchHandlers search;
  EventHandlers events;
  CallBackHandlers call_backs;
  ReferralHandlers referrals;
  MessageHandlers messages;
  StaffAdminHandlers staff;
  SettingsHandlers settings;
  RotaHandlers rota;
  TemplateHandlers templates;
  AssessmentHandlers assessments;
  ComplianceHandlers compliance;
  QualityHandlers quality;
};

// The routes over `h`, which must outlive the router.
std::unique_ptr<router_t> Routes(app::Services& s, Handlers& h);
// /healthz, /readyz and /assets/:name, which the staff app and the portal both serve.
void AddCommonRoutes(router_t& r, app::Services& s);

}  // namespace cf::http
