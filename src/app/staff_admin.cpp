#include "app/staff_admin.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "app/access.hpp"
#include "auth/credentials.hpp"
#include "core/limits.hpp"
#include "core/utf8.hpp"
#include "events/jsonl_writer.hpp"
#include "notify/message_template.hpp"

namespace cf::app {
namespace {

bool HasUnit(const std::vector<storage::Unit>& units, const std::string& id) {
  return std::any_of(units.begin(), units.end(),
                     [&](const storage::Unit& u) { return u.id == id; });
}

// A Witness Care Unit's staff belong to a Witness Care Unit, and only they do: the unit's queue
// and cases are theirs.
void CheckUnitKind(const std::vector<storage::Unit>& units, const storage::User& u,
                   std::vector<std::string>& problems) {
  const auto it = std::find_if(units.begin(), units.end(),
                               [&](const storage::Unit& x) { return x.id == u.unit; });
  if (it == units.end()) return;
  const bool wcu_role = HasRole(u, domain::StaffRole::kWcu);
  if (wcu_role && it->kind != "wcu")
    problems.push_back("Unit: Witness Care staff belong to a Witness Care Unit");
  if (!wcu_role && it->kind == "wcu" && !HasRole(u, domain::StaffRole::kAdmin))
    problems.push_back("Role: staff of a Witness Care Unit have the Witness Care role");
}

bool NeedsOfficerId(const storage::User& u) {
  return HasRole(u, domain::StaffRole::kOfficer) || HasRole(u, domain::StaffRole::kSupervisor);
}

// The account `a` describes, its role checked (a problem when it is not one of the roles).
storage::User AccountFrom(const StaffAccount& a, std::vector<std::string>& problems) {
  storage::User user;
  user.name = a.name;
  if (const auto role = domain::ParseStaffRole(a.role))
    user.role = *role;
  else
    problems.push_back("Role: choose one of the roles");
  user.unit = a.unit;
  user.officer = a.officer;
  user.disabled = a.disabled;
  user.full_name = a.full_name;
  user.collar = a.collar;
  user.phone = a.phone;
  user.email = a.email;
  return user;
}

}  // namespace

NewPassword PreparePassword(const std::string& password) {
  NewPassword prepared;
  prepared.length = password.size();
  if (prepared.length >= kMinPasswordLength) prepared.hash = auth::HashPassword(password);
  return prepared;
}

core::Status AddUserAs(Services& s, const Actor& actor, const StaffAccount& account,
                       const NewPassword& password, std::vector<std::string>& problems) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("staff accounts are for admins");
  static const std::regex kName("[a-z0-9][a-z0-9._-]{1,63}");
  if (!std::regex_match(account.name, kName))
    problems.push_back("Sign-in name: use 2 to 64 lower-case letters, digits, dots or dashes");
  storage::User user = AccountFrom(account, problems);
  user.disabled = false;
  const auto units = s.accounts.Units();
  if (!HasUnit(units, user.unit))
    problems.push_back("Unit: choose one of the units (add it first on the Units page)");
  CheckUnitKind(units, user, problems);
  if (NeedsOfficerId(user) && user.officer.empty()) {
    problems.push_back(
        "Officer id on cases: officers and supervisors need one, for example PC1234");
  }
  if (password.hash.empty()) problems.push_back("First password: use at least 12 characters");
  if (problems.empty()) {
    user.password_hash = password.hash;
    if (!s.accounts.AddUser(user))
      problems.push_back("Sign-in name: " + user.name + " is already taken");
  }
  if (auto ok = StatusOf(problems); !ok) return ok;
  AuditAs(s, actor, "added_user", "",
          fmt::format("{} ({}, unit {})", user.name, domain::Name(user.role), user.unit));
  return {};
}

core::Status UpdateUserAs(Services& s, const Actor& actor, const StaffAccount& changed,
                          const NewPassword& password, std::vector<std::string>& problems) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("staff accounts are for admins");
  const auto current = s.accounts.FindUser(changed.name);
  if (!current) return core::NotFound("no member of staff " + changed.name);
  // UpdateUser writes the role, unit, officer id, profile and `disabled` of this id.
  storage::User next = AccountFrom(changed, problems);
  next.id = current->id;
  const auto units = s.accounts.Units();
  if (!HasUnit(units, next.unit)) problems.push_back("Unit: choose one of the units");
  CheckUnitKind(units, next, problems);
  if (NeedsOfficerId(next) && next.officer.empty())
    problems.push_back("Officer id on cases: officers and supervisors need one");
  const bool new_password = password.length > 0;
  if (new_password && password.hash.empty())
    problems.push_back("New password: use at least 12 characters");
  const bool role_known = domain::ParseStaffRole(changed.role).has_value();
  if (next.name == actor.user.name && role_known &&
      (next.disabled || !HasRole(next, domain::StaffRole::kAdmin))) {
    problems.push_back("You cannot take away your own admin access: ask another administrator");
  }
  if (auto ok = StatusOf(problems); !ok) return ok;
  if (!s.accounts.UpdateUser(next)) return core::NotFound("no member of staff " + next.name);
  std::string what =
      fmt::format("{}: role {}, unit {}, officer {}{}", next.name, domain::Name(next.role),
                  next.unit, next.officer, next.disabled ? ", disabled" : "");
  if (new_password) {
    s.accounts.SetPassword(next.id, password.hash);
    s.accounts.SetLoginFailures(next.id, 0, "");
    what += ", new password";  // never the password itself
  }
  // A new password or a disabled account ends every session the old one opened: whoever knew
  // the old password is signed out too.
  if (new_password || next.disabled) {
    const size_t ended = s.accounts.DeleteSessionsOf(next.id);
    if (ended > 0) what += fmt::format(", {} session{} ended", ended, ended == 1 ? "" : "s");
  }
  AuditAs(s, actor, "changed_user", "", what);
  return {};
}

core::Status AddUnitAs(Services& s, const Actor& actor, const storage::Unit& unit,
                       std::vector<std::string>& problems) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("units are for admins");
  static const std::regex kId("[A-Za-z0-9_-]{1,16}");
  if (!std::regex_match(unit.id, kId))
    problems.push_back("Unit code: use 1 to 16 letters, digits, dashes or underscores");
  if (unit.name.empty()) problems.push_back("Name: give the unit a name");
  if (unit.kind != "police" && unit.kind != "wcu")
    problems.push_back("Kind: choose a police team or a Witness Care Unit");
  if (problems.empty() && !s.accounts.AddUnit(unit))
    problems.push_back("Unit code: " + unit.id + " already exists");
  if (auto ok = StatusOf(problems); !ok) return ok;
  AuditAs(s, actor, "added_unit", "",
          fmt::format("{} ({}, BCU {}{})", unit.id, unit.name, unit.bcu,
                      unit.kind == "wcu" ? ", Witness Care Unit" : ""));
  return {};
}

core::Result<int> SaveTemplateAs(Services& s, const Actor& actor, const std::string& id,
                                 const std::string& lang, const std::string& text, bool preview) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("templates are for admins");
  if (const auto built_in = notify::BuiltInTemplate(id, lang); !built_in) return built_in.error();
  const auto parsed = notify::ParseTemplate(id, lang, text);
  if (!parsed) return parsed.error();
  if (const auto valid = notify::ValidateTemplate(*parsed); !valid) return valid.error();
  if (preview) return 0;
  const int version = s.accounts.SaveTemplate(id, lang, text, actor.user.name);
  AuditAs(s, actor, "saved_template", "", fmt::format("{} {} version {}", id, lang, version));
  return version;
}

core::Result<std::string> CreateTokenAs(Services& s, const Actor& actor, const std::string& name,
                                        const std::string& label, int days) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("API tokens are for admins");
  if (days < 1 || days > kMaxTokenDays) {
    return core::InvalidArgument(
        fmt::format("a token lives 1 to {} days, not {}", kMaxTokenDays, days));
  }
  const bool printable = std::none_of(label.begin(), label.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (label.empty() || core::TooLong("the label", label, 100) || !printable ||
      core::InvalidUtf8At(label)) {
    return core::InvalidArgument("give the token a label of 1 to 100 characters, on one line");
  }
  const auto user = s.accounts.FindUser(name);
  if (!user) return core::NotFound(fmt::format("no account \"{}\"", name));
  std::string secret = auth::NewToken();
  const std::string expires =
      events::FormatInstant(s.Now() / 1000 * 1000 + int64_t{days} * 86400000);
  s.accounts.AddToken(auth::TokenHash(secret), user->id, label, expires);
  AuditAs(s, actor, "created_token", "",
          fmt::format("for {} ({}), expires {}", name, label, expires));
  return secret;
}

core::Result<std::vector<storage::SessionRepository::ApiToken>> ListTokensAs(Services& s,
                                                                             const Actor& actor) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("API tokens are for admins");
  auto tokens = s.accounts.Tokens();
  AuditAs(s, actor, "viewed_tokens", "", "");
  return tokens;
}

core::Status RevokeTokenAs(Services& s, const Actor& actor, int64_t id) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("API tokens are for admins");
  if (!s.accounts.RevokeToken(id))
    return core::NotFound(fmt::format("no live API token {} (token list shows them)", id));
  AuditAs(s, actor, "revoked_token", "", fmt::format("token {}", id));
  return {};
}

core::Result<StaffList> ListStaffAs(Services& s, const Actor& actor) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("staff accounts are for admins");
  StaffList list{s.accounts.Users(), s.accounts.Units()};
  AuditAs(s, actor, "viewed_staff", "", "");
  return list;
}

core::Result<StaffList> ListUnitsAs(Services& s, const Actor& actor) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("units are for admins");
  StaffList list{s.accounts.Users(), s.accounts.Units()};
  AuditAs(s, actor, "viewed_units", "", "");
  return list;
}

core::Result<storage::User> ViewStaffMemberAs(Services& s, const Actor& actor,
                                              const std::string& name) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("staff accounts are for admins");
  auto user = s.accounts.FindUser(name);
  if (!user) return core::NotFound("no member of staff " + name);
  AuditAs(s, actor, "viewed_user", "", name);
  return std::move(*user);
}

core::Result<storage::AuditPage> SearchAuditAs(Services& s, const Actor& actor,
                                               const storage::AuditQuery& query) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("the audit log is for admins");
  auto page = s.accounts.SearchAudit(query);
  AuditAs(s, actor, "searched_audit", query.crime,
          fmt::format("user \"{}\", crime \"{}\", from \"{}\", until \"{}\"", query.user,
                      query.crime, query.from, query.until));
  return page;
}

core::Result<storage::AuditPage> ExportAuditAs(Services& s, const Actor& actor,
                                               storage::AuditQuery query) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("the audit log is for admins");
  query.offset = 0;
  query.limit = core::kAuditExportRows;
  auto page = s.accounts.SearchAudit(query);
  if (page.total > static_cast<int64_t>(core::kAuditExportRows)) {
    return core::InvalidArgument(
        fmt::format("{} records match, and an export holds at most {}: choose fewer days",
                    page.total, core::kAuditExportRows));
  }
  AuditAs(s, actor, "downloaded_audit", query.crime,
          fmt::format("{} records: user \"{}\", crime \"{}\", from \"{}\", until \"{}\"",
                      page.total, query.user, query.crime, query.from, query.until));
  return page;
}

std::string AuditActionText(const std::string& action) {
  // Where "viewed_case" in words ("Viewed case") would not say it plainly.
  static const std::map<std::string, std::string, std::less<>> kPlain = {
      {"csrf_rejected", "Form refused: it did not come from this site's page"},
      {"sign_in_failed", "Sign-in failed"},
      {"sign_in_refused", "Sign-in refused"},
      {"signed_in", "Signed in"},
      {"signed_out", "Signed out"},
      {"searched", "Searched for cases"},
      {"searched_audit", "Searched the audit log"},
      {"downloaded_audit", "Downloaded the audit log"},
      {"close_refused", "Closing a case refused by the closure gate"},
      {"closed_case_override", "Closed a case past the closure gate"},
      {"letter_suppressed", "Letter held back: not safe to send"},
      {"message_suppressed", "Message held back: not safe to send"},
      {"referral_status", "Referral status changed"},
      {"created_token", "Created an API token"},
      {"revoked_token", "Revoked an API token"},
      {"viewed_tokens", "Viewed API tokens"},
      {"recorded_events", "Recorded events"},
      {"pushed_referrals", "Sent referrals to the support service"},
      {"resent_referrals", "Sent referrals again"},
      {"exported_referrals", "Exported referrals"},
  };
  if (const auto it = kPlain.find(action); it != kPlain.end()) return it->second;
  std::string words = action;
  std::string prefix;
  if (words.starts_with("denied_")) {
    prefix = "Refused: ";
    words = words.substr(7);
  }
  std::replace(words.begin(), words.end(), '_', ' ');
  if (prefix.empty() && !words.empty())
    words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  return prefix + words;
}

core::Result<std::vector<storage::TemplateVersion>> ViewTemplateAs(Services& s, const Actor& actor,
                                                                   const std::string& id,
                                                                   const std::string& lang) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("templates are for admins");
  auto versions = s.accounts.TemplateVersions(id, lang);
  AuditAs(s, actor, "viewed_template", "", id + " " + lang);
  return versions;
}

}  // namespace cf::app
