#pragma once
// Internal to http/: the victim and witness portal's pages (issue 15), served on a listener of
// their own (serve --public-listen) by a router that has no staff route. Its cookies are its
// own (cf_portal, cf_portal_csrf): a staff session is never read here, and a portal session
// never opens a staff page.

#include <memory>

#include "app/portal.hpp"
#include "http/handler_base.hpp"
#include "http/offload.hpp"

namespace cf::http {

class PortalHandlers : public HandlerBase {
 public:
  // `offload` (which must outlive this) runs the Argon2id work off the serving thread.
  PortalHandlers(app::Services& s, Offload& offload) : HandlerBase(s), offload_(offload) {}
  request_handling_status_t SignInPage(RequestContext& rc, const request_handle_t& req);
  request_handling_status_t SignIn(RequestContext& rc, const request_handle_t& req);
  request_handling_status_t InvitationPage(RequestContext& rc, const request_handle_t& req,
                                           const Params& params);
  request_handling_status_t Accept(RequestContext& rc, const request_handle_t& req,
                                   const Params& params);
  request_handling_status_t Status(RequestContext& rc, const request_handle_t& req);
  request_handling_status_t SignOut(RequestContext& rc, const request_handle_t& req);
  // Asking for a call back or an update (app::AskFromPortal).
  request_handling_status_t Ask(RequestContext& rc, const request_handle_t& req);
  // Stopping updates or starting them again (app::SetUpdatesWanted).
  request_handling_status_t Updates(RequestContext& rc, const request_handle_t& req);
  // How, how often and when to be updated, and ways that are not safe (app::SetContactChoice).
  request_handling_status_t Contact(RequestContext& rc, const request_handle_t& req);
  // A letter sent to them, as a PDF (app::PortalLetter); ?large=1 for large print.
  request_handling_status_t Letter(RequestContext& rc, const request_handle_t& req,
                                   const Params& params);
  // An alert's link (app::OpenPortalAlert): opened once signed in, then the case page.
  request_handling_status_t Alert(RequestContext& rc, const request_handle_t& req,
                                  const Params& params);
  // The language switch (/language/en or /cy): remembered in a cookie of its own for a year,
  // then back to the page it was on (?back=, a path of the portal's own, else "/").
  request_handling_status_t Language(RequestContext& rc, const request_handle_t& req,
                                     const Params& params);

 private:
  // The signed-in person's case page, with what they just asked or what was wrong with it.
  request_handling_status_t CasePage(
      RequestContext& rc, const request_handle_t& req, const app::PortalStatus& status,
      const storage::PortalStore::Session& session, const std::string& asked,
      const std::string& error, const std::string& text, const std::string& kind,
      const std::vector<std::pair<std::string, std::string>>& contact_problems = {},
      const app::PortalContactChoice* posted = nullptr);
  // `next`: an alert's path to return to once signed in ("" for the case page); `error`: the
  // words key of what is wrong ("" for none).
  request_handling_status_t SignInForm(const request_handle_t& req, const std::string& error,
                                       const std::string& crime, const std::string& next = "");
  request_handling_status_t InvitationForm(
      const request_handle_t& req, const std::string& token, const std::string& lang,
      const std::vector<std::pair<std::string, std::string>>& problems);
  // The language of an invitation's pages: the switch's, else the invited person's recorded one.
  std::string InvitationLanguage(const request_handle_t& req,
                                 const storage::PortalInvitation& invitation);
  // The language of a signed-in person's pages: the switch's, else their recorded one.
  std::string PersonLanguage(const request_handle_t& req, const storage::PortalAccount& account);
  // A signed-in person's posted form, which must carry their session's token.
  std::map<std::string, std::string> SignedInForm(const request_handle_t& req,
                                                  const storage::PortalStore::Session& session);
  // The double-submit token a signed-out form carries, checked against its cookie.
  static void CheckFormToken(const request_handle_t& req,
                             const std::map<std::string, std::string>& form,
                             const std::string& lang);
  // The sign-in page's language: the switch's, else for an alert's link (`next`) its
  // person's recorded one, else the browser's.
  std::string SignInLanguage(const request_handle_t& req, const std::string& next);
  Offload& offload_;
};

// The case page's fields as the portal shows them (portal_status.mustache), for the person
// and for staff's "portal view".
mstch::map PortalStatusContext(const app::PortalStatus& status);

// The portal's routes over `h`, which must outlive the router: /healthz and /assets too.
std::unique_ptr<router_t> PortalRoutes(app::Services& s, PortalHandlers& h);

}  // namespace cf::http
