#include "storage/account_store.hpp"

#include <fmt/format.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/metrics.hpp"
#include "storage/assessment_store.hpp"
#include "storage/audit_chain.hpp"
#include "storage/case_store.hpp"
#include "storage/portal_store.hpp"
#include "storage/sql/stores.hpp"
#include "storage/sqlite/group_commit.hpp"

namespace cf::storage {
namespace {

// at, user_name, action, crime, person, detail, source from column `first` on.
AuditEntry ReadAudit(const sql::Statement& s, int first) {
  return {s.Text(first),     s.Text(first + 1), s.Text(first + 2), s.Text(first + 3),
          s.Text(first + 4), s.Text(first + 5), s.Text(first + 6)};
}

class SqlAccountStore final : public AccountStore {
 public:
  SqlAccountStore(std::shared_ptr<sql::Connection> conn, std::shared_ptr<SharedWriting> writing)
      : shared_(std::move(conn)), conn_(*shared_), writing_(std::move(writing)) {}

  std::optional<User> FindUser(const std::string& name) override {
    auto& s = conn_.Stmt(UserSelect() + " WHERE u.name = ?").Bind(name);
    if (!s.Step()) return std::nullopt;
    User user = Read(s);
    s.Reset();  // ends the read: a pending statement would hold an old snapshot
    return user;
  }

  bool AddUser(const User& u) override {
    if (FindUser(u.name)) return false;
    conn_
        .Stmt(
            "INSERT INTO users (name, role, unit, officer, password_hash, created_at, full_name, "
            "collar, phone, email) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(u.name)
        .Bind(u.role)
        .Bind(u.unit)
        .Bind(u.officer)
        .Bind(u.password_hash)
        .Bind(conn_.NowUtc())
        .Bind(u.full_name)
        .Bind(u.collar)
        .Bind(u.phone)
        .Bind(u.email)
        .Run();
    return true;
  }

  std::optional<User> UserForOfficer(const std::string& officer) override {
    auto& s = conn_.Stmt(UserSelect() + " WHERE u.officer = ? ORDER BY u.id LIMIT 1").Bind(officer);
    if (!s.Step()) return std::nullopt;
    User user = Read(s);
    s.Reset();
    return user;
  }

  std::vector<User> Users() override {
    auto& s = conn_.Stmt(UserSelect() + " ORDER BY u.unit, u.name");
    std::vector<User> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  }

  bool UpdateUser(const User& u) override {
    conn_
        .Stmt(
            "UPDATE users SET role = ?, unit = ?, officer = ?, disabled = ?, full_name = ?, collar "
            "= ?, phone = ?, "
            "email = ? WHERE id = ?")
        .Bind(u.role)
        .Bind(u.unit)
        .Bind(u.officer)
        .Bind(static_cast<int64_t>(u.disabled ? 1 : 0))
        .Bind(u.full_name)
        .Bind(u.collar)
        .Bind(u.phone)
        .Bind(u.email)
        .Bind(u.id)
        .Run();
    return conn_.Changes() > 0;
  }

  void SetPassword(int64_t user_id, const std::string& password_hash) override {
    conn_
        .Stmt(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = "
            "?")
        .Bind(password_hash)
        .Bind(user_id)
        .Run();
  }

  std::vector<Unit> Units() override {
    auto& s = conn_.Stmt("SELECT id, name, bcu, kind FROM units ORDER BY id");
    std::vector<Unit> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    return out;
  }

  bool AddUnit(const Unit& u) override {
    conn_
        .Stmt(
            "INSERT INTO units (id, name, bcu, kind, created_at) VALUES (?, ?, ?, ?, ?) ON "
            "CONFLICT (id) DO NOTHING")
        .Bind(u.id)
        .Bind(u.name)
        .Bind(u.bcu)
        .Bind(u.kind)
        .Bind(conn_.NowUtc())
        .Run();
    return conn_.Changes() > 0;
  }

  void AddShifts(const std::vector<Shift>& shifts, const std::string& created_by) override {
    conn_.BeginWrite();
    try {
      const std::string now = conn_.NowUtc();
      for (const auto& shift : shifts) {
        conn_
            .Stmt(
                "INSERT INTO shifts (user_id, starts_at, ends_at, created_by, created_at) "
                "SELECT id, ?, ?, ?, ? FROM users WHERE name = ?")
            .Bind(shift.starts_at)
            .Bind(shift.ends_at)
            .Bind(created_by)
            .Bind(now)
            .Bind(shift.user)
            .Run();
      }
      conn_.Exec("COMMIT");
    } catch (...) {
      conn_.Exec("ROLLBACK");
      throw;
    }
  }

  std::vector<Shift> ShiftsInUnit(const std::string& unit, const std::string& from,
                                  const std::string& to) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT s.id, u.name, s.starts_at, s.ends_at FROM shifts s JOIN users u ON "
                      "u.id = s.user_id "
                      "WHERE u.unit = ? AND s.starts_at >= ? AND s.starts_at < ? ORDER BY "
                      "s.starts_at, u.name")
                  .Bind(unit)
                  .Bind(from)
                  .Bind(to);
    std::vector<Shift> out;
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
    return out;
  }

  std::vector<Shift> NextShifts(const std::string& user, const std::string& now,
                                size_t limit) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT s.id, u.name, s.starts_at, s.ends_at FROM shifts s JOIN users u ON "
                      "u.id = s.user_id "
                      "WHERE u.name = ? AND s.ends_at > ? ORDER BY s.starts_at LIMIT ?")
                  .Bind(user)
                  .Bind(now)
                  .Bind(static_cast<int64_t>(limit));
    std::vector<Shift> out;
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
    return out;
  }

  bool DeleteShift(int64_t id, const std::string& unit) override {
    conn_
        .Stmt(
            "DELETE FROM shifts WHERE id = ? AND (? = '' OR user_id IN (SELECT id FROM users WHERE "
            "unit = ?))")
        .Bind(id)
        .Bind(unit)
        .Bind(unit)
        .Run();
    return conn_.Changes() > 0;
  }

  std::vector<Leave> LeaveInUnit(const std::string& unit, core::Date from) override {
    auto& s =
        conn_
            .Stmt(
                "SELECT l.officer, l.starts_on, l.ends_on, l.reason, l.id, l.cover FROM leave l "
                "WHERE l.ends_on >= ? AND l.officer IN (SELECT officer FROM users WHERE unit = ?) "
                "ORDER BY l.starts_on, l.officer")
            .Bind(from)
            .Bind(unit);
    std::vector<Leave> out;
    while (s.Step()) out.push_back({s.Text(0), s.Day(1), s.Day(2), s.Text(3), s.Int(4), s.Text(5)});
    return out;
  }

  bool DeleteLeave(int64_t id, const std::string& unit) override {
    conn_
        .Stmt(
            "DELETE FROM leave WHERE id = ? AND (? = '' OR officer IN (SELECT officer FROM users "
            "WHERE unit = ?))")
        .Bind(id)
        .Bind(unit)
        .Bind(unit)
        .Run();
    return conn_.Changes() > 0;
  }

  void AddToken(const std::string& token_hash, int64_t user_id, const std::string& label,
                const std::string& expires_at) override {
    conn_
        .Stmt(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) VALUES "
            "(?, ?, ?, ?, ?)")
        .Bind(token_hash)
        .Bind(user_id)
        .Bind(label)
        .Bind(conn_.NowUtc())
        .Bind(expires_at)
        .Run();
  }

  std::optional<User> UserForToken(const std::string& token_hash, const std::string& now) override {
    auto& s = conn_
                  .Stmt(std::string("SELECT ") + kUserColumns +
                        " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                        "WHERE t.token_hash = ? AND t.revoked = 0 AND t.expires_at > ? "
                        "AND u.disabled = 0")
                  .Bind(token_hash)
                  .Bind(now);
    if (!s.Step()) return std::nullopt;
    User user = Read(s);
    s.Reset();  // ends the read: a pending statement would hold an old snapshot
    return user;
  }

  std::vector<ApiToken> Tokens() override {
    auto& s = conn_.Stmt(
        "SELECT t.id, u.name, t.label, t.created_at, t.expires_at, t.revoked "
        "FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id");
    std::vector<ApiToken> out;
    while (s.Step()) {
      ApiToken t;
      t.id = s.Int(0);
      t.user = s.Text(1);
      t.label = s.Text(2);
      t.created_at = s.Text(3);
      t.expires_at = s.Text(4);
      t.revoked = s.Int(5) != 0;
      out.push_back(std::move(t));
    }
    return out;
  }

  bool RevokeToken(int64_t id) override {
    conn_.Stmt("UPDATE api_tokens SET revoked = 1 WHERE id = ? AND revoked = 0").Bind(id).Run();
    return conn_.Changes() > 0;
  }

  void SetLoginFailures(int64_t user_id, int failed_logins,
                        const std::string& locked_until) override {
    conn_.Stmt("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?")
        .Bind(static_cast<int64_t>(failed_logins))
        .BindOrNull(locked_until)
        .Bind(user_id)
        .Run();
  }

  void CreateSession(const std::string& token_hash, int64_t user_id, const std::string& csrf,
                     const std::string& expires_at) override {
    conn_
        .Stmt(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, "
            "?, ?, ?, ?)")
        .Bind(token_hash)
        .Bind(user_id)
        .Bind(csrf)
        .Bind(conn_.NowUtc())
        .Bind(expires_at)
        .Run();
  }

  std::optional<Session> FindSession(const std::string& token_hash,
                                     const std::string& now) override {
    auto& s = conn_
                  .Stmt(std::string("SELECT ") + kUserColumns +
                        ", s.csrf FROM sessions s JOIN users u ON u.id = s.user_id "
                        "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0")
                  .Bind(token_hash)
                  .Bind(now);
    if (!s.Step()) return std::nullopt;
    Session session{Read(s), s.Text(13)};
    s.Reset();
    return session;
  }

  void DeleteSession(const std::string& token_hash) override {
    conn_.Stmt("DELETE FROM sessions WHERE token_hash = ?").Bind(token_hash).Run();
  }

  size_t DeleteSessionsOf(int64_t user_id) override {
    conn_.Stmt("DELETE FROM sessions WHERE user_id = ?").Bind(user_id).Run();
    return static_cast<size_t>(conn_.Changes());
  }

  size_t DeleteExpiredSessions(const std::string& now) override {
    conn_.Stmt("DELETE FROM sessions WHERE expires_at <= ?").Bind(now).Run();
    return static_cast<size_t>(conn_.Changes());
  }

  void AddLeave(const Leave& l, const std::string& created_by) override {
    conn_
        .Stmt(
            "INSERT INTO leave (officer, starts_on, ends_on, reason, cover, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(l.officer)
        .Bind(l.starts_on)
        .Bind(l.ends_on)
        .BindOrNull(l.reason)
        .BindOrNull(l.cover)
        .Bind(created_by)
        .Bind(conn_.NowUtc())
        .Run();
  }

  std::vector<Leave> LeaveFrom(const std::string& officer, core::Date from) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT officer, starts_on, ends_on, reason, id, cover FROM leave WHERE "
                      "officer = ? "
                      "AND ends_on >= ? "
                      "ORDER BY starts_on")
                  .Bind(officer)
                  .Bind(from);
    std::vector<Leave> out;
    while (s.Step()) out.push_back({s.Text(0), s.Day(1), s.Day(2), s.Text(3), s.Int(4), s.Text(5)});
    return out;
  }

  std::vector<User> UsersInUnit(const std::string& unit) override {
    auto& s = conn_.Stmt(UserSelect() + " WHERE u.unit = ? ORDER BY u.name").Bind(unit);
    std::vector<User> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  }

  int SaveTemplate(const std::string& id, const std::string& lang, const std::string& text,
                   const std::string& created_by) override {
    conn_
        .Stmt(
            "INSERT INTO message_templates (template, lang, version, text, created_by, created_at) "
            "SELECT ?, ?, COALESCE(MAX(version), 0) + 1, ?, ?, ? FROM message_templates WHERE "
            "template = ? AND lang = ?")
        .Bind(id)
        .Bind(lang)
        .Bind(text)
        .Bind(created_by)
        .Bind(conn_.NowUtc())
        .Bind(id)
        .Bind(lang)
        .Run();
    auto& s =
        conn_.Stmt("SELECT MAX(version) FROM message_templates WHERE template = ? AND lang = ?")
            .Bind(id)
            .Bind(lang);
    s.Step();
    const int version = static_cast<int>(s.Int(0));
    s.Reset();
    return version;
  }

  std::vector<TemplateVersion> TemplateVersions(const std::string& id,
                                                const std::string& lang) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT version, text, created_by, created_at FROM message_templates "
                      "WHERE template = ? AND lang = ? ORDER BY version DESC")
                  .Bind(id)
                  .Bind(lang);
    std::vector<TemplateVersion> out;
    while (s.Step()) out.push_back({static_cast<int>(s.Int(0)), s.Text(1), s.Text(2), s.Text(3)});
    return out;
  }

  void AddDigest(const StaffDigest& d) override {
    conn_
        .Stmt(
            "INSERT INTO staff_digests (user_name, kind, through, sent_on, outbox_id) "
            "VALUES (?, ?, ?, ?, ?)")
        .Bind(d.user)
        .Bind(d.kind)
        .Bind(d.through)
        .Bind(d.sent_on.ToString())
        .Bind(d.outbox_id)
        .Run();
  }

  std::optional<StaffDigest> LastDigest(const std::string& user, const std::string& kind) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT through, sent_on, outbox_id FROM staff_digests WHERE user_name = ? "
                      "AND kind = ? ORDER BY through DESC LIMIT 1")
                  .Bind(user)
                  .Bind(kind);
    std::optional<StaffDigest> out;
    if (s.Step()) {
      const auto sent_on = core::Date::Parse(s.Text(1));
      if (!sent_on) throw StorageError("staff_digests: a sent_on that is not a date");
      out = StaffDigest{user, kind, s.Text(0), *sent_on, s.Int(2)};
    }
    s.Reset();
    return out;
  }

  void Audit(const AuditEntry& entry) override {
    AuditEntry e = entry;
    if (e.at.empty()) e.at = conn_.NowUtc();  // when it happened, not when the group commits
    const auto start = std::chrono::steady_clock::now();
    if (writing_ && !conn_.InTransaction()) {
      writing_->audit.Commit(conn_, [e](sql::Connection& conn) { InsertAudit(conn, e); });
    } else {
      InsertAudit(conn_, e);
    }
    core::metrics::Registry::Global().Observe(
        "citizenfocus_audit_write_seconds",
        "Time to write an audit record (committed, unless inside a larger transaction).", {},
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }

  // Adds `e` to the log, chained to the last record; in a transaction of its own unless one is
  // under way (the record then commits, or not, with it).
  static void InsertAudit(sql::Connection& conn, const AuditEntry& e) {
    const bool own = !conn.InTransaction();
    if (own) {
      conn.BeginAuditWrite();
    } else {
      conn.LockAuditChain();
    }
    try {
      auto& last = conn.Stmt("SELECT chain_hash FROM audit_log ORDER BY id DESC LIMIT 1");
      // As AuditChainWalk reads it: a record with no hash (added from outside) is followed as
      // the start is, so that only its own link is broken.
      const std::string previous = last.Step() && !last.IsNull(0) ? last.Text(0) : kAuditChainStart;
      last.Reset();
      conn.Stmt(
              "INSERT INTO audit_log (at, user_name, action, crime, person, detail, source, "
              "chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .Bind(e.at)
          .Bind(e.user)
          .Bind(e.action)
          .BindOrNull(e.crime)
          .BindOrNull(e.person)
          .BindOrNull(e.detail)
          .BindOrNull(e.source)
          .Bind(AuditChainHash(previous, e))
          .Run();
      if (own) conn.Exec("COMMIT");
    } catch (...) {
      if (own && conn.InTransaction()) conn.Exec("ROLLBACK");
      throw;
    }
  }

  AuditChainCheck VerifyAuditChain() override {
    AuditChainWalk walk;
    // A batch at a time: PostgreSQL reads a result whole.
    constexpr int64_t kBatch = 5000;
    int64_t after = 0;
    for (bool more = true; more;) {
      auto& s = conn_.Stmt(
          "SELECT id, at, user_name, action, crime, person, detail, source, chain_hash FROM "
          "audit_log WHERE id > ? ORDER BY id LIMIT ?");
      s.Bind(after).Bind(kBatch);
      int64_t rows = 0;
      while (s.Step()) {
        ++rows;
        after = s.Int(0);
        walk.Add(after, ReadAudit(s, 1),
                 s.IsNull(8) ? std::nullopt : std::optional<std::string>(s.Text(8)));
      }
      more = rows == kBatch;
    }
    return walk.Result();
  }

  std::vector<AuditEntry> AuditLog(const std::string& user, const std::string& crime,
                                   size_t limit) override {
    auto& s = conn_.Stmt(
        "SELECT at, user_name, action, crime, person, detail, source FROM audit_log "
        "WHERE (? = '' OR user_name = ?) AND (? = '' OR crime = ?) ORDER BY id DESC LIMIT ?");
    s.Bind(user).Bind(user).Bind(crime).Bind(crime).Bind(static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    while (s.Step()) out.push_back(ReadAudit(s, 0));
    return out;
  }

  AuditPage SearchAudit(const AuditQuery& q) override {
    // Only the filters given, so that SQLite can use audit_by_user or audit_by_crime (an
    // "? = '' OR" test would keep it from either); each shape's statement is cached.
    std::string where = " FROM audit_log WHERE 1 = 1";
    std::vector<const std::string*> values;
    auto filter = [&](const std::string& value, const char* test) {
      if (value.empty()) return;
      where += test;
      values.push_back(&value);
    };
    filter(q.user, " AND user_name = ?");
    filter(q.crime, " AND crime = ?");
    filter(q.from, " AND at >= ?");
    filter(q.until, " AND at < ?");
    AuditPage page;
    if (values.empty() && !conn_.InTransaction()) {
      page.total = AuditLogSize();
    } else {
      auto& count = conn_.Stmt(std::string("SELECT count(*)") + where);
      for (const auto* v : values) count.Bind(*v);
      if (count.Step()) page.total = count.Int(0);
      count.Reset();
    }
    auto& s =
        conn_.Stmt(std::string("SELECT at, user_name, action, crime, person, detail, source") +
                   where + " ORDER BY id DESC LIMIT ? OFFSET ?");
    for (const auto* v : values) s.Bind(*v);
    s.Bind(static_cast<int64_t>(q.limit)).Bind(static_cast<int64_t>(q.offset));
    while (s.Step()) page.entries.push_back(ReadAudit(s, 0));
    return page;
  }

  std::map<std::string, int64_t> AuditActionCounts(const std::string& user,
                                                   const std::string& since) override {
    auto& s = conn_.Stmt(
        "SELECT action, count(*) FROM audit_log WHERE user_name = ? AND at >= ? GROUP BY action");
    s.Bind(user).Bind(since);
    std::map<std::string, int64_t> out;
    while (s.Step()) out[s.Text(0)] = s.Int(1);
    return out;
  }

 private:
  static constexpr const char* kUserColumns =
      "u.id, u.name, u.role, u.unit, u.officer, u.password_hash, u.failed_logins, u.locked_until, "
      "u.disabled, "
      "u.full_name, u.collar, u.phone, u.email";
  static std::string UserSelect() {
    return std::string("SELECT ") + kUserColumns + " FROM users u";
  }

  static User Read(const sql::Statement& s) {
    return {s.Int(0),
            s.Text(1),
            s.Enum(2, domain::ParseStaffRole),
            s.Text(3),
            s.Text(4),
            s.Text(5),
            static_cast<int>(s.Int(6)),
            s.Text(7),
            s.Int(8) != 0,
            s.Text(9),
            s.Text(10),
            s.Text(11),
            s.Text(12)};
  }

  std::shared_ptr<sql::Connection> shared_;
  sql::Connection& conn_;
  std::shared_ptr<SharedWriting> writing_;  // null: each record commits on its own
  int64_t audit_counted_ = 0;               // the records up to and including #audit_counted_to_
  int64_t audit_counted_to_ = 0;            // (AuditLogSize)

  // How many records the whole log holds, counted once and from then on only past the last
  // record counted: the log is only added to, so the page an admin opens first does not read
  // all of it on every view (900,000 records after the soak benchmark's half hour, where counting
  // them took more of the server's time with every minute). Records are numbered in the order
  // they commit, under the chain's lock (sql::Connection::LockAuditChain). A record removed from
  // outside Citizen Focus is still counted until the process restarts; `audit verify` reports it.
  // Not inside a transaction: a record it added, counted, could then be undone.
  int64_t AuditLogSize() {
    auto& s = conn_.Stmt("SELECT count(*), max(id) FROM audit_log WHERE id > ?");
    s.Bind(audit_counted_to_);
    if (s.Step() && !s.IsNull(1)) {
      audit_counted_ += s.Int(0);
      audit_counted_to_ = s.Int(1);
    }
    s.Reset();
    return audit_counted_;
  }
};

}  // namespace

namespace sql {

void ChainAuditRecordsOnce(Connection& conn) {
  std::string previous = kAuditChainStart;
  std::vector<std::pair<int64_t, std::string>> hashes;
  auto& s = conn.Stmt(
      "SELECT id, at, user_name, action, crime, person, detail, source FROM audit_log ORDER BY "
      "id");
  while (s.Step()) {
    previous = AuditChainHash(previous, ReadAudit(s, 1));
    hashes.emplace_back(s.Int(0), previous);
  }
  s.Reset();
  for (const auto& [id, hash] : hashes) {
    conn.Stmt("UPDATE audit_log SET chain_hash = ? WHERE id = ?").Bind(hash).Bind(id).Run();
    if (conn.Changes() != 1)
      throw StorageError(fmt::format("audit_log: record #{} could not be chained", id));
  }
}

}  // namespace sql

std::unique_ptr<AccountStore> OpenSqlAccountStoreOn(std::shared_ptr<sql::Connection> conn,
                                                    std::shared_ptr<SharedWriting> shared) {
  return std::make_unique<SqlAccountStore>(std::move(conn), std::move(shared));
}

}  // namespace cf::storage
