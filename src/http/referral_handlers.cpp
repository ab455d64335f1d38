// Victim Support's side of the referral feed (the partner role): the referrals it was sent, and
// what became of them, through the JSON API. Staff see the statuses on the case page.
#include <fmt/format.h>

#include "app/access.hpp"
#include "app/referrals.hpp"
#include "http/handlers.hpp"

namespace cf::http {

// Victim Support's side of the referral feed: the referrals it was sent, and what became of them.
request_handling_status_t ReferralHandlers::Referrals(RequestContext& rc,
                                                      const request_handle_t& req) {
  if (!app::MayUpdateReferrals(*rc.user))
    throw Forbidden("referral statuses are for Victim Support's system and admins");
  const std::string status = Query(req, "status");
  std::optional<domain::ReferralStatus> wanted;
  if (!status.empty()) {
    wanted = domain::ParseReferralStatus(status);
    if (!wanted) {
      throw BadRequest(fmt::format("status: \"{}\" is not one of {}", status,
                                   domain::AllowedNames(domain::ReferralStatusNames())));
    }
  }
  json out = json::array();
  const auto rows = app::ListReferralsAs(s_, ActorOf(rc), wanted, 1000);
  if (!rows) throw ProblemFor(rows.error(), "");
  for (const auto& r : *rows) {
    out.push_back({{"referral_key", r.key},
                   {"organisation", r.organisation},
                   {"crime", r.crime},
                   {"person", r.person},
                   {"sent_at", r.created_at},
                   {"status", domain::Name(r.status)},
                   {"status_at", r.status_at},
                   {"note", r.note}});
  }
  return SendJson(req, {{"referrals", out}});
}

request_handling_status_t ReferralHandlers::ReferralStatus(RequestContext& rc,
                                                           const request_handle_t& req) {
  if (!app::MayUpdateReferrals(*rc.user))
    throw Forbidden("referral statuses are for Victim Support's system and admins");
  auto parsed = app::ParseReferralUpdatesJson(req->body());
  if (parsed.problems.empty()) {
    const auto applied = app::ApplyReferralUpdates(
        s_.cases, s_.accounts, parsed.updates, "api:" + rc.user->name, s_.Now(),
        app::ReferralsOrganisationOf(*rc.user), parsed.problems);
    if (applied) return SendJson(req, {{"updates", parsed.updates.size()}, {"changed", *applied}});
  }
  // Each problem by JSON pointer: "/1/status" in an array, "/status" for a single update.
  const std::string& body = req->body();
  const size_t first = body.find_first_not_of(" \t\r\n");
  const bool many = first != std::string::npos && body[first] == '[';
  json errors = json::array();
  for (const auto& p : parsed.problems) {
    const std::string at = many ? fmt::format("/{}", p.line - 1) : std::string();
    errors.push_back({{"pointer", p.field.empty() ? (at.empty() ? "/" : at) : at + "/" + p.field},
                      {"message", p.message}});
  }
  return SendProblem(
      req, {HttpStatusFor(core::ErrorCode::kInvalidArgument), "Referral statuses rejected",
            fmt::format("{} problem(s); nothing was applied", parsed.problems.size()), errors});
}

}  // namespace cf::http
