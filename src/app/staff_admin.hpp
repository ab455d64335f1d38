#pragma once
// Staff accounts, units, message templates and API tokens, kept by admins (app::MayAdminister;
// otherwise kPermissionDenied). Each use case validates what it is given (problems name the form's
// field, as the admin pages show them), stores it only if all is well, and audits the change, never
// a password.

#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"

namespace cf::app {

inline constexpr size_t kMinPasswordLength = 12;  // NCSC: length over complexity rules

// A staff account as a form or the command line gives it: the role is its name (app::kRoles).
struct StaffAccount {
  std::string name;
  std::string role;
  std::string unit;
  std::string officer;  // the officer id on cases
  bool disabled = false;
  std::string full_name;
  std::string collar;
  std::string phone;
  std::string email;
};

// A password an admin typed, made ready by PreparePassword: its Argon2id hash (a tenth of a
// second and 64 MiB, so the server makes it off its own thread) when it is long enough to be
// accepted, and its length either way, so that the use cases can say why not.
struct NewPassword {
  size_t length = 0;  // 0: none typed
  std::string hash;   // empty unless length >= kMinPasswordLength
};
// Thread-safe: touches no store.
NewPassword PreparePassword(const std::string& password);

// A new account with `password`. The sign-in name is 2 to 64 lower-case
// letters, digits, dots or dashes; the role one of app::kRoles; the unit must exist; officers
// and supervisors need the officer id they have on cases. Audited as added_user.
core::Status AddUserAs(Services& s, const Actor& actor, const StaffAccount& account,
                       const NewPassword& password, std::vector<std::string>& problems);

// Changes the account named `changed.name`: role, unit, officer id, whether disabled, and what
// victims are told about them; and its password unless none was typed. An admin cannot
// disable themselves or take away their own admin role. kNotFound; audited as changed_user.
core::Status UpdateUserAs(Services& s, const Actor& actor, const StaffAccount& changed,
                          const NewPassword& password, std::vector<std::string>& problems);

// A new unit: a code of 1 to 16 letters, digits, dashes or underscores, and a name. Audited as
// added_unit.
core::Status AddUnitAs(Services& s, const Actor& actor, const storage::Unit& unit,
                       std::vector<std::string>& problems);

// Checks a message template's text (notify/message_template.hpp: its fields and placeholders)
// and, unless `preview`, saves it as the next version of template `id` in `lang`. kNotFound
// for a template that does not exist; kInvalidArgument with what is wrong and where. Returns
// the version saved (0 for a preview). Audited as saved_template.
core::Result<int> SaveTemplateAs(Services& s, const Actor& actor, const std::string& id,
                                 const std::string& lang, const std::string& text, bool preview);

// A new API token for the account `name`, labelled with what it is for (1 to 100
// characters), that expires `days` from now (1 to kMaxTokenDays): returned once (only its hash
// is kept). kNotFound, kInvalidArgument; audited as created_token.
inline constexpr int kDefaultTokenDays = 90;
inline constexpr int kMaxTokenDays = 365;
core::Result<std::string> CreateTokenAs(Services& s, const Actor& actor, const std::string& name,
                                        const std::string& label, int days = kDefaultTokenDays);
// Every API token (never its secret), by id: viewed_tokens.
core::Result<std::vector<storage::SessionRepository::ApiToken>> ListTokensAs(Services& s,
                                                                             const Actor& actor);
// Ends a token at once; kNotFound. Audited as revoked_token.
core::Status RevokeTokenAs(Services& s, const Actor& actor, int64_t id);

// Reading what admins keep: each for admins only (kPermissionDenied) and audited.
// Every account and the units (viewed_staff).
struct StaffList {
  std::vector<storage::User> users;
  std::vector<storage::Unit> units;
};
core::Result<StaffList> ListStaffAs(Services& s, const Actor& actor);
// The same lists for the Units page (viewed_units).
core::Result<StaffList> ListUnitsAs(Services& s, const Actor& actor);
// One account by sign-in name (viewed_user). kNotFound.
core::Result<storage::User> ViewStaffMemberAs(Services& s, const Actor& actor,
                                              const std::string& name);
// The audit log, newest first, a page of what `query` matches (searched_audit).
core::Result<storage::AuditPage> SearchAuditAs(Services& s, const Actor& actor,
                                               const storage::AuditQuery& query);
// Everything `query` matches (its offset and limit ignored), for a CSV export
// (downloaded_audit); InvalidArgument, naming the limit, when more than
// core::kAuditExportRows match.
core::Result<storage::AuditPage> ExportAuditAs(Services& s, const Actor& actor,
                                               storage::AuditQuery query);
// An audit record's action in plain words: "viewed_case" -> "Viewed case",
// "denied_rota" -> "Refused: rota".
std::string AuditActionText(const std::string& action);
// A template's saved versions in `lang`, newest first (viewed_template).
core::Result<std::vector<storage::TemplateVersion>> ViewTemplateAs(Services& s, const Actor& actor,
                                                                   const std::string& id,
                                                                   const std::string& lang);

}  // namespace cf::app
