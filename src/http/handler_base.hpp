#pragma once
// Internal to http/: what every resource's handlers share. HandlerBase holds only what lives
// as long as the server (app::Services); everything about the request being answered is in
// the RequestContext the boundary makes for it and passes down, so one handler object serves
// every request. Not thread-safe: the server runs its handlers on one thread.
//
// The boundaries: Api() for /api/v1 (bearer token; failures as problem+json) and Html() for
// pages (session cookie; failures as an error page). Each makes the request's context,
// runs the handler, and maps a thrown Problem to its status; any other exception is logged
// with the request id and answered with a 500 that says nothing else.

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <map>
#include <mstch/mstch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/case_actions.hpp"
#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "auth/credentials.hpp"
#include "core/file_io.hpp"
#include "http/pages.hpp"
#include "http/problem.hpp"
#include "http/request_context.hpp"

namespace cf::http {

using Params = restinio::router::route_params_t;
// Reads a request's field by name: from a JSON body or a posted form.
using Getter = std::function<std::string(const char*)>;

class HandlerBase {
 public:
  explicit HandlerBase(app::Services& services) : s_(services) {}

  // Authenticates the bearer token into a fresh context and runs fn(context).
  request_handling_status_t Api(
      const request_handle_t& req,
      const std::function<request_handling_status_t(RequestContext&)>& fn);
  // Runs a page handler with a fresh context (no user until SignedIn).
  request_handling_status_t Html(
      const request_handle_t& req,
      const std::function<request_handling_status_t(RequestContext&)>& fn);
  // Goes on with a page request whose handler answered request_accepted() while work ran on
  // the Offload worker: runs fn(rc) on the server's thread within the same boundary as Html()
  // (time budget; a thrown Problem answered as its page).
  request_handling_status_t ResumeHtml(
      RequestContext& rc, const request_handle_t& req,
      const std::function<request_handling_status_t(RequestContext&)>& fn);

  // Requires a signed-in staff session; sets rc.user and rc.session. False: not signed in
  // (the caller redirects to /login).
  bool SignedIn(RequestContext& rc, const request_handle_t& req);

  // The case page, also shown again with the problems of a form posted from it.
  request_handling_status_t CasePage(RequestContext& rc, const request_handle_t& req,
                                     const Params& params, const std::string& problem_title,
                                     const std::vector<std::string>& problems,
                                     restinio::http_status_line_t status = restinio::status_ok());

  // "Saved." and the like, for a page's ?done= banner.
  static std::string DoneMessage(const request_handle_t& req);
  static request_handling_status_t Redirect(const request_handle_t& req, const std::string& to,
                                            const std::string& cookie = "");

 protected:
  // A new id for an event staff record here ("staff:" and 32 random characters): never one a
  // client chose, so it cannot collide with the force's own ids.
  static std::string NewStaffEventId();
  void Audit(RequestContext& rc, const std::string& action, const std::string& crime,
             const std::string& detail);
  // A multipart/form-data upload: the file's name and bytes, and the plain fields (csrf...).
  struct Upload {
    bool parsed = false;
    std::string filename;
    std::string content;
    std::map<std::string, std::string> fields;
  };
  static Upload ReadUpload(const request_handle_t& req);
  // `content` written to a scratch file of its own ending in `extension` (readers of XLSX take
  // a path), for `read`; the file is removed afterwards. A failed write is a 500 (the server's
  // disk, not the file).
  template <typename F>
  static auto WithScratchFile(const std::string& content, const std::string& extension, F&& read) {
    struct Removed {  // whatever happens, the upload does not stay on disk
      std::string path;
      ~Removed() {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
      }
    } file{ScratchPath(extension)};
    if (auto written = core::WriteWholeFile(file.path, content); !written)
      throw std::runtime_error(written.error().message);
    return read(file.path);
  }
  // A date query parameter, or today when absent. Throws BadRequest naming it.
  core::Date DateParam(const request_handle_t& req, const char* name);
  // The case in the path, which the caller's role and unit must allow acting on (audits a
  // refusal as denied_<action>).
  // The crime reference in the path ("/cases/:crime"), unescaped.
  static std::string CrimeIn(const Params& params);
  storage::CaseRow CaseFor(RequestContext& rc, const Params& params, const char* action);
  static json Body(const request_handle_t& req);
  static std::string Field(const json& body, const char* name, bool required);
  // Now on the injected clock, to the second (how contacts and events are stamped).
  core::Instant Now() const;
  static json SatisfiedJson(const std::vector<app::SatisfiedDuty>& duties);
  void RequireContactRole(RequestContext& rc) const;
  static Getter FormGetter(const std::map<std::string, std::string>& form);
  // The signed-in session from the cookie, or nullopt.
  std::optional<storage::AccountStore::Session> SessionOf(const request_handle_t& req);
  // A form must carry the session's CSRF token.
  void CheckCsrf(RequestContext& rc, const std::map<std::string, std::string>& form);

  // The page for a request that failed for a reason of the server's own: logged with the
  // request id, which the page shows and nothing else.
  static request_handling_status_t ServerError(const request_handle_t& req, uint64_t id,
                                               const char* what);
  static request_handling_status_t SendHtml(const request_handle_t& req,
                                            restinio::http_status_line_t status, std::string html);
  // A file to save (Content-Disposition: attachment), never cached.
  static request_handling_status_t SendDownload(const request_handle_t& req,
                                                const std::string& content_type,
                                                const std::string& filename, std::string body);
  static std::string PathOf(const std::string& crime);
  // "Fri 27 Nov 2026 07:00 to 17:00; ..." for a user's next shifts, from the rota.
  std::string NextShiftsText(const std::string& user, size_t count);
  // Whom the actor may reassign `unit`'s cases to, but `except` (the officer they are with), as
  // app::ReassignCasesAs accepts them (app::MayTakeCases), of the unit for a supervisor and of
  // every unit for an admin. For a list to choose from:
  // {officer, label "Sarah Ahmed (PC 1003)", with ", unit N2" for another unit's}.
  mstch::array ReassignTargets(const storage::User& actor, const std::string& unit,
                               const std::string& except);
  // For the case page: whether the officer in case is on leave, and their next shifts ("" when
  // the officer has no account).
  std::string OfficerAvailability(const std::string& officer);
  // "Tue 24 Dec 2024 16:59" for an RFC 3339 instant (itself when it does not parse).
  static std::string LondonTimeText(const std::string& rfc3339);
  // "Tue 24 Dec 2024" for "2024-12-24" (itself when it is not a date).
  static std::string DateText(const std::string& iso);
  // A whole-number query parameter from `min` to `max`, or `fallback` when absent. Throws
  // BadRequest naming it.
  static size_t NumberParam(const request_handle_t& req, const char* name, size_t fallback,
                            size_t min, size_t max);
  // `text` as a whole number from `min` to `max`; else BadRequest at `pointer` ("?page",
  // "/instance").
  static size_t WholeNumber(const std::string& text, const std::string& pointer, size_t min,
                            size_t max);
  // GOV.UK pagination for `total` results shown `per_page` at a time from `offset`:
  // {has_pages, showing "Showing 51 to 100 of 540", prev_href, next_href,
  //  pages [{number, href, current} or {ellipsis}]}. href(n) is page n's address (n from 1).
  static mstch::map Pagination(size_t offset, size_t per_page, int64_t total,
                               const std::function<std::string(size_t)>& href);
  // Every account's officer id -> "Sarah Ahmed (PC 1003)", for showing officers by name.
  std::map<std::string, std::string> OfficerLabels();
  // A signed-in page with the caller's navigation.
  std::string StaffPage(RequestContext& rc, const std::string& title,
                        const std::string& content) const;
  void RequireAdmin(RequestContext& rc);
  static std::string ScratchPath(const std::string& extension);
  // The signed-in user acting, for the use cases in app/staff_actions.hpp.
  static app::Actor ActorOf(const RequestContext& rc) { return {*rc.user, rc.source}; }
  mstch::map AdminContext(RequestContext& rc, const std::string& message,
                          const std::vector<std::string>& problems) const;

  app::Services& s_;
};

}  // namespace cf::http
