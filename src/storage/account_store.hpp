#pragma once
// Staff accounts and units, sessions and API tokens, the rota, edited message templates, the
// digests emailed to staff and the audit log: one repository per aggregate (UserRepository,
// SessionRepository, RotaRepository, TemplateRepository, DigestRepository, AuditRepository), as the
// case store has them; AccountStore is all of them over one database. Passwords and tokens are
// stored only as hashes (auth/credentials.hpp). Every backend must pass
// tests/storage_contract_test.cpp. Thread-compatible: one store per thread.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "domain/vocabulary.hpp"
#include "storage/assessment_store.hpp"

namespace cf::storage {

struct User {
  int64_t id = 0;
  std::string name;
  domain::StaffRole role = domain::StaffRole::kOfficer;
  std::string unit;
  std::string officer;  // the officer id used on cases (an officer's own queue)
  std::string password_hash;
  int failed_logins = 0;
  std::string locked_until;
  bool disabled = false;
  // What victims are told about their officer (letters, messages).
  std::string full_name;  // "Sarah Ahmed"
  std::string collar;     // collar number, "PC 1003"
  std::string phone;      // direct line
  std::string email;
};

struct AuditEntry {
  std::string at;
  std::string user;
  std::string action;  // e.g. viewed_case, viewed_queue, recorded_events
  std::string crime;
  std::string person;
  std::string detail;
  std::string source;  // where from: client address
};

struct Leave {
  std::string officer;
  core::Date starts_on;  // first day away
  core::Date ends_on;    // last day away
  std::string reason;
  int64_t id = 0;
  std::string cover{};  // the officer id covering while they are away ("" when none is named)
};

struct Unit {
  std::string id;    // e.g. N1
  std::string name;  // e.g. "North response team 1"
  std::string bcu;   // the basic command unit it belongs to
  // "police" (a team of officers) or "wcu" (a Witness Care Unit: migration 0031).
  std::string kind = "police";
};

// A shift in London wall-clock time, "2026-11-27T07:00".
struct Shift {
  int64_t id = 0;
  std::string user;  // user name
  std::string starts_at;
  std::string ends_at;
};

// One saved version of a message template (notify/message_template.hpp's text format).
struct TemplateVersion {
  int version = 0;
  std::string text;
  std::string created_by;
  std::string created_at;
};

// Staff accounts and units.
class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual std::optional<User> FindUser(const std::string& name) = 0;
  // False when the name is taken.
  virtual bool AddUser(const User& user) = 0;
  // The account whose officer id is `officer` (the officer in case on case records).
  virtual std::optional<User> UserForOfficer(const std::string& officer) = 0;
  // Every user, by unit then name.
  virtual std::vector<User> Users() = 0;
  // Users in a unit (officers and supervisors), by name.
  virtual std::vector<User> UsersInUnit(const std::string& unit) = 0;
  // Role, unit, officer id, disabled and the profile (name, collar, phone, email), by id.
  // False when there is no such user.
  virtual bool UpdateUser(const User& user) = 0;
  virtual void SetPassword(int64_t user_id, const std::string& password_hash) = 0;
  // Failed sign-ins: the count and, once it reaches the limit, when the lock ends.
  virtual void SetLoginFailures(int64_t user_id, int failed_logins,
                                const std::string& locked_until) = 0;

  virtual std::vector<Unit> Units() = 0;  // by id
  // False when the id is taken.
  virtual bool AddUnit(const Unit& unit) = 0;
};

// How staff and systems stay signed in: API tokens and page sessions, kept as hashes.
// Instants are RFC 3339 UTC text, as the clock gives them.
class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  struct ApiToken {
    int64_t id = 0;
    std::string user;  // the account's name
    std::string label;
    std::string created_at;
    std::string expires_at;
    bool revoked = false;
  };
  virtual void AddToken(const std::string& token_hash, int64_t user_id, const std::string& label,
                        const std::string& expires_at) = 0;
  // The user of a live token (not revoked, not expired at `now`), if the user is not disabled.
  virtual std::optional<User> UserForToken(const std::string& token_hash,
                                           const std::string& now) = 0;
  virtual std::vector<ApiToken> Tokens() = 0;  // by id
  // False when there is no such token, or it was revoked already.
  virtual bool RevokeToken(int64_t id) = 0;

  virtual void CreateSession(const std::string& token_hash, int64_t user_id,
                             const std::string& csrf, const std::string& expires_at) = 0;
  // The user and CSRF token of a session that has not expired at `now`.
  struct Session {
    User user;
    std::string csrf;
  };
  virtual std::optional<Session> FindSession(const std::string& token_hash,
                                             const std::string& now) = 0;
  virtual void DeleteSession(const std::string& token_hash) = 0;
  // Every session of the user (a new password, a disabled account): how many there were.
  virtual size_t DeleteSessionsOf(int64_t user_id) = 0;
  // Sessions that expired at or before `now`: how many there were.
  virtual size_t DeleteExpiredSessions(const std::string& now) = 0;
};

// The rota: shifts and leave.
class RotaRepository {
 public:
  virtual ~RotaRepository() = default;
  // All or none, in one transaction. REQUIRES: each user exists; starts_at < ends_at.
  virtual void AddShifts(const std::vector<Shift>& shifts, const std::string& created_by) = 0;
  // Shifts of the unit's users starting in [from, to), by start.
  virtual std::vector<Shift> ShiftsInUnit(const std::string& unit, const std::string& from,
                                          const std::string& to) = 0;
  // A user's shifts not yet ended at `now`, soonest first.
  virtual std::vector<Shift> NextShifts(const std::string& user, const std::string& now,
                                        size_t limit) = 0;
  // False when there is no such shift in `unit` (empty: any unit).
  virtual bool DeleteShift(int64_t id, const std::string& unit) = 0;

  virtual void AddLeave(const Leave& leave, const std::string& created_by) = 0;
  // The officer's leave that has not ended by `from`, earliest first.
  virtual std::vector<Leave> LeaveFrom(const std::string& officer, core::Date from) = 0;
  // Leave of the unit's officers that has not ended by `from`, earliest first.
  virtual std::vector<Leave> LeaveInUnit(const std::string& unit, core::Date from) = 0;
  // False when there is no such leave of an officer in `unit` (empty: any unit).
  virtual bool DeleteLeave(int64_t id, const std::string& unit) = 0;
};

// A digest emailed to a member of staff (migration 0029).
struct StaffDigest {
  std::string user;     // the account's name
  std::string kind;     // "findings"
  std::string through;  // what it covered up to (findings: the newest review's reviewed_at)
  core::Date sent_on;   // the London date it was queued
  int64_t outbox_id = 0;
};

// Digests sent to staff, so that each starts where the last stopped.
class DigestRepository {
 public:
  virtual ~DigestRepository() = default;
  // REQUIRES: no digest of the user and kind with this `through` (else StorageError).
  virtual void AddDigest(const StaffDigest& digest) = 0;
  // The user's latest digest of `kind` (the greatest `through`), if any.
  virtual std::optional<StaffDigest> LastDigest(const std::string& user,
                                                const std::string& kind) = 0;
};

// Message templates edited by admins.
class TemplateRepository {
 public:
  virtual ~TemplateRepository() = default;
  // Stores the next version and returns it.
  virtual int SaveTemplate(const std::string& id, const std::string& lang, const std::string& text,
                           const std::string& created_by) = 0;
  // Newest first (empty: the built-in one is in use).
  virtual std::vector<TemplateVersion> TemplateVersions(const std::string& id,
                                                        const std::string& lang) = 0;
};

// A search of the audit log: empty filters match everything.
struct AuditQuery {
  std::string user;   // this account only
  std::string crime;  // this crime only
  std::string from;   // at or after this RFC 3339 UTC instant ("2026-11-30T00:00:00Z")
  std::string until;  // before this one
  size_t offset = 0;  // newest first: skip this many
  size_t limit = 50;
};
struct AuditPage {
  std::vector<AuditEntry> entries;  // newest first
  int64_t total = 0;                // how many match, of which these are some
};

struct AuditChainCheck;  // storage/audit_chain.hpp

// Who saw and changed what.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual void Audit(const AuditEntry& entry) = 0;
  // Newest first; empty filters match everything.
  virtual std::vector<AuditEntry> AuditLog(const std::string& user, const std::string& crime,
                                           size_t limit) = 0;
  virtual AuditPage SearchAudit(const AuditQuery& query) = 0;
  // How many times `user` did each action at or after `since` (RFC 3339 or a date).
  virtual std::map<std::string, int64_t> AuditActionCounts(const std::string& user,
                                                           const std::string& since) = 0;
  // Walks the whole log's hash chain (storage/audit_chain.hpp) and says where it is broken.
  virtual AuditChainCheck VerifyAuditChain() = 0;
};

// All of them over one database. A use case that needs one takes that interface.
class AccountStore : public UserRepository,
                     public SessionRepository,
                     public RotaRepository,
                     public TemplateRepository,
                     public DigestRepository,
                     public AuditRepository {};

// For tools and tests: stamps with the system clock. The product opens its stores through
// OpenStores with the clock of its composition root (cli::Context).
std::unique_ptr<AccountStore> OpenSqliteAccountStore(const std::string& path);

class CaseStore;
class PortalStore;
class QualityStore;
// The stores of one database over one connection, for a process that uses them together on
// one thread (the server opens a set per thread). On SQLite, two connections to one file would
// each empty the other's page cache on every write (an audit record per request, say), so
// that every read went back to disk.
struct Stores {
  std::unique_ptr<CaseStore> cases;
  std::unique_ptr<AccountStore> accounts;
  std::unique_ptr<AssessmentStore> assessments;
  std::unique_ptr<PortalStore> portal;
  std::unique_ptr<QualityStore> quality;
};
// The stores in `db`: a PostgreSQL server when it is a postgresql:// (or postgres://) URL
// (docs/postgresql.md), else an SQLite file at that path, created if missing. Pending
// migrations are applied. `clock` stamps what the stores write (sessions, lockouts, the audit
// log) and must outlive them. Throws StorageError (a file that cannot be opened, a server that
// cannot be reached: the message never holds the password).
//
// `shared`, when given, is what every connection a server process opens to an SQLite file for
// its threads shares (ShareWriting): an audit record written outside a transaction is committed
// together with those of the other threads (group commit), and Audit returns once it is
// committed (one written inside a transaction commits with it, as without); and the WAL is
// checkpointed by a thread of the SharedWriting's own, never after a request's commit.
// PostgreSQL needs none of this: ShareWriting returns null for a URL.
class SharedWriting;
std::shared_ptr<SharedWriting> ShareWriting(const std::string& db, const core::Clock& clock);
Stores OpenStores(const std::string& db, const core::Clock& clock,
                  std::shared_ptr<SharedWriting> shared = nullptr);
// As OpenStores, for an SQLite file whatever its name (tools and tests).
Stores OpenSqliteStores(const std::string& path, const core::Clock& clock,
                        std::shared_ptr<SharedWriting> shared = nullptr);
// True when `db` names a PostgreSQL server rather than an SQLite file.
bool IsPostgresqlUrl(std::string_view db);
// `db` as a message or log may name it: a PostgreSQL URL's password replaced by "***".
std::string RedactedDb(const std::string& db);

}  // namespace cf::storage
