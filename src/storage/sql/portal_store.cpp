#include "storage/portal_store.hpp"

#include <algorithm>

#include "storage/case_store.hpp"
#include "storage/sql/stores.hpp"

namespace cf::storage {
namespace {

using sql::Statement;

constexpr const char* kAccountColumns =
    "SELECT id, crime, person, password_hash, failed_sign_ins, locked_until, created_at, "
    "revoked_at FROM portal_accounts";

PortalAccount ReadAccount(const Statement& s, int from = 0) {
  return {s.Int(from),
          s.Text(from + 1),
          s.Text(from + 2),
          s.Text(from + 3),
          static_cast<int>(s.Int(from + 4)),
          s.Text(from + 5),
          s.Text(from + 6),
          s.Text(from + 7)};
}

class SqlPortalStore final : public PortalStore {
 public:
  explicit SqlPortalStore(std::shared_ptr<sql::Connection> conn)
      : shared_(std::move(conn)), conn_(*shared_) {}

  void AddInvitation(const PortalInvitation& i) override {
    conn_
        .Stmt(
            "INSERT INTO portal_invitations (token_hash, crime, person, created_by, created_at, "
            "expires_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(i.token_hash)
        .Bind(i.crime)
        .Bind(i.person)
        .Bind(i.created_by)
        .Bind(i.created_at)
        .Bind(i.expires_at)
        .BindOrNull(i.ended_at)
        .Run();
  }

  std::optional<PortalInvitation> FindInvitation(const std::string& token_hash) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT token_hash, crime, person, created_by, created_at, expires_at, "
                      "ended_at FROM portal_invitations WHERE token_hash = ?")
                  .Bind(token_hash);
    if (!s.Step()) return std::nullopt;
    PortalInvitation i{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)};
    s.Reset();
    return i;
  }

  bool EndInvitation(const std::string& token_hash, const std::string& at) override {
    conn_
        .Stmt(
            "UPDATE portal_invitations SET ended_at = ? WHERE token_hash = ? AND ended_at IS "
            "NULL")
        .Bind(at)
        .Bind(token_hash)
        .Run();
    return conn_.Changes() > 0;
  }

  size_t EndInvitationsOf(const std::string& crime, const std::string& person,
                          const std::string& at) override {
    conn_
        .Stmt(
            "UPDATE portal_invitations SET ended_at = ? WHERE crime = ? AND person = ? AND "
            "ended_at IS NULL")
        .Bind(at)
        .Bind(crime)
        .Bind(person)
        .Run();
    return static_cast<size_t>(conn_.Changes());
  }

  int64_t SetPassword(const std::string& crime, const std::string& person,
                      const std::string& password_hash, const std::string& at) override {
    conn_
        .Stmt(
            "INSERT INTO portal_accounts (crime, person, password_hash, created_at) VALUES (?, "
            "?, ?, ?) ON CONFLICT (crime, person) DO UPDATE SET password_hash = "
            "excluded.password_hash, failed_sign_ins = 0, locked_until = NULL, revoked_at = NULL")
        .Bind(crime)
        .Bind(person)
        .Bind(password_hash)
        .Bind(at)
        .Run();
    auto account = FindAccount(crime, person);
    if (!account) throw StorageError("portal account not stored: " + crime + " " + person);
    return account->id;
  }

  std::optional<PortalAccount> FindAccount(int64_t id) override {
    return First(conn_.Stmt(std::string(kAccountColumns) + " WHERE id = ?").Bind(id));
  }

  std::optional<PortalAccount> FindAccount(const std::string& crime,
                                           const std::string& person) override {
    return First(conn_.Stmt(std::string(kAccountColumns) + " WHERE crime = ? AND person = ?")
                     .Bind(crime)
                     .Bind(person));
  }

  std::vector<PortalAccount> AccountsOf(const std::string& crime) override {
    auto& s = conn_.Stmt(std::string(kAccountColumns) + " WHERE crime = ? ORDER BY id").Bind(crime);
    std::vector<PortalAccount> out;
    while (s.Step()) out.push_back(ReadAccount(s));
    return out;
  }

  void SetSignInFailures(int64_t id, int failures, const std::string& locked_until) override {
    conn_.Stmt("UPDATE portal_accounts SET failed_sign_ins = ?, locked_until = ? WHERE id = ?")
        .Bind(failures)
        .BindOrNull(locked_until)
        .Bind(id)
        .Run();
  }

  bool RevokeAccount(int64_t id, const std::string& at) override {
    conn_.Stmt("UPDATE portal_accounts SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .Bind(at)
        .Bind(id)
        .Run();
    return conn_.Changes() > 0;
  }

  void CreatePortalSession(const std::string& token_hash, int64_t account_id,
                           const std::string& csrf, const std::string& at,
                           const std::string& expires_at) override {
    conn_
        .Stmt(
            "INSERT INTO portal_sessions (token_hash, account_id, csrf, created_at, "
            "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(token_hash)
        .Bind(account_id)
        .Bind(csrf)
        .Bind(at)
        .Bind(at)
        .Bind(expires_at)
        .Run();
  }

  std::optional<Session> FindPortalSession(const std::string& token_hash, const std::string& now,
                                           const std::string& idle_since) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT a.id, a.crime, a.person, a.password_hash, a.failed_sign_ins, "
                      "a.locked_until, a.created_at, a.revoked_at, s.csrf, s.last_seen_at FROM "
                      "portal_sessions s JOIN portal_accounts a ON a.id = s.account_id WHERE "
                      "s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ? AND "
                      "a.revoked_at IS NULL")
                  .Bind(token_hash)
                  .Bind(now)
                  .Bind(idle_since);
    if (!s.Step()) return std::nullopt;
    Session session{ReadAccount(s), s.Text(8), s.Text(9)};
    s.Reset();
    return session;
  }

  void TouchPortalSession(const std::string& token_hash, const std::string& at) override {
    conn_.Stmt("UPDATE portal_sessions SET last_seen_at = ? WHERE token_hash = ?")
        .Bind(at)
        .Bind(token_hash)
        .Run();
  }

  void DeletePortalSession(const std::string& token_hash) override {
    conn_.Stmt("DELETE FROM portal_sessions WHERE token_hash = ?").Bind(token_hash).Run();
  }

  size_t DeletePortalSessionsOf(int64_t account_id) override {
    conn_.Stmt("DELETE FROM portal_sessions WHERE account_id = ?").Bind(account_id).Run();
    return static_cast<size_t>(conn_.Changes());
  }

  size_t DeleteSpentPortalRecords(const std::string& now, const std::string& idle_since,
                                  const std::string& ended_before) override {
    conn_.Stmt("DELETE FROM portal_sessions WHERE expires_at <= ? OR last_seen_at <= ?")
        .Bind(now)
        .Bind(idle_since)
        .Run();
    auto gone = static_cast<size_t>(conn_.Changes());
    conn_
        .Stmt(
            "DELETE FROM portal_invitations WHERE (ended_at IS NOT NULL AND ended_at < ?) OR "
            "expires_at < ?")
        .Bind(ended_before)
        .Bind(ended_before)
        .Run();
    gone += static_cast<size_t>(conn_.Changes());
    return gone;
  }

  void RecordAddressFailure(const std::string& address, const std::string& at) override {
    conn_.Stmt("INSERT INTO portal_address_failures (address, at) VALUES (?, ?)")
        .Bind(address)
        .Bind(at)
        .Run();
  }

  int64_t AddressFailuresSince(const std::string& address, const std::string& since) override {
    auto& s =
        conn_.Stmt("SELECT count(*) FROM portal_address_failures WHERE address = ? AND at > ?");
    s.Bind(address).Bind(since);
    s.Step();
    const int64_t n = s.Int(0);
    s.Reset();
    return n;
  }

  size_t ForgetAddressFailures(const std::string& before) override {
    conn_.Stmt("DELETE FROM portal_address_failures WHERE at <= ?").Bind(before).Run();
    return static_cast<size_t>(conn_.Changes());
  }

  int64_t AddPortalMessage(const PortalMessage& m) override {
    conn_
        .Stmt(
            "INSERT INTO portal_messages (crime, person, from_person, author, author_name, body, "
            "sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(m.crime)
        .Bind(m.person)
        .Bind(int64_t{m.from_person ? 1 : 0})
        .Bind(m.author)
        .Bind(m.author_name)
        .Bind(m.body)
        .Bind(m.sent_at)
        .Run();
    return conn_.LastInsertId();
  }

  std::vector<PortalMessage> PortalMessages(const std::string& crime, const std::string& person,
                                            size_t limit) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT id, crime, person, from_person, author, author_name, body, sent_at "
                      "FROM portal_messages WHERE crime = ? AND person = ? ORDER BY id DESC "
                      "LIMIT ?")
                  .Bind(crime)
                  .Bind(person)
                  .Bind(static_cast<int64_t>(limit));
    std::vector<PortalMessage> out;
    while (s.Step()) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Int(3) != 0, s.Text(4), s.Text(5), s.Text(6),
                     s.Text(7)});
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  int64_t AddPortalAlert(const PortalAlert& a) override {
    conn_
        .Stmt(
            "INSERT INTO portal_alerts (token_hash, crime, person, event_id, duty, enhanced, "
            "outbox_id, held, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (crime, "
            "person, event_id, duty) DO NOTHING")
        .Bind(a.token_hash)
        .Bind(a.crime)
        .Bind(a.person)
        .Bind(a.event_id)
        .Bind(a.duty)
        .Bind(int64_t{a.enhanced ? 1 : 0})
        .BindIdOrNull(a.outbox_id)
        .Bind(a.held)
        .Bind(a.created_at)
        .Run();
    return conn_.Changes() == 0 ? 0 : conn_.LastInsertId();
  }

  std::optional<PortalAlert> FindPortalAlert(const std::string& token_hash) override {
    auto& s = conn_.Stmt(std::string(kAlertColumns) + " WHERE token_hash = ?").Bind(token_hash);
    auto alerts = ReadAlerts(s);
    if (alerts.empty()) return std::nullopt;
    return alerts.front();
  }

  bool MarkPortalAlertOpened(int64_t id, const std::string& at) override {
    conn_.Stmt("UPDATE portal_alerts SET opened_at = ? WHERE id = ? AND opened_at IS NULL")
        .Bind(at)
        .Bind(id)
        .Run();
    return conn_.Changes() > 0;
  }

  std::vector<PortalAlert> UnopenedPortalAlerts(const std::string& before, size_t limit) override {
    auto& s = conn_
                  .Stmt(std::string(kAlertColumns) +
                        " WHERE opened_at IS NULL AND task_at IS NULL AND enhanced = 1 AND "
                        "outbox_id IS NOT NULL AND created_at < ? ORDER BY created_at, id LIMIT ?")
                  .Bind(before)
                  .Bind(static_cast<int64_t>(limit));
    return ReadAlerts(s);
  }

  void MarkPortalAlertTask(int64_t id, const std::string& at) override {
    conn_.Stmt("UPDATE portal_alerts SET task_at = ? WHERE id = ?").Bind(at).Bind(id).Run();
  }

 private:
  static constexpr const char* kAlertColumns =
      "SELECT id, token_hash, crime, person, event_id, duty, enhanced, outbox_id, held, "
      "created_at, opened_at, task_at FROM portal_alerts";

  static std::vector<PortalAlert> ReadAlerts(Statement& s) {
    std::vector<PortalAlert> out;
    while (s.Step()) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Int(6) != 0,
                     s.Int(7), s.Text(8), s.Text(9), s.Text(10), s.Text(11)});
    }
    return out;
  }

  static std::optional<PortalAccount> First(Statement& s) {
    if (!s.Step()) return std::nullopt;
    PortalAccount a = ReadAccount(s);
    s.Reset();
    return a;
  }

  std::shared_ptr<sql::Connection> shared_;
  sql::Connection& conn_;
};

}  // namespace

std::unique_ptr<PortalStore> OpenSqlPortalStoreOn(std::shared_ptr<sql::Connection> conn) {
  return std::make_unique<SqlPortalStore>(std::move(conn));
}

}  // namespace cf::storage
