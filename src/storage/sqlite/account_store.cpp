#include "storage/account_store.hpp"

#include "storage/sqlite/connection.hpp"

namespace cf::storage {
namespace {

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(const std::string& path) : conn_(path) {}

  std::optional<User> FindUser(const std::string& name) override {
    auto& s = conn_.Stmt("SELECT id, name, role, unit, officer, password_hash, failed_logins, locked_until, disabled "
                         "FROM users WHERE name = ?").Bind(name);
    if (!s.Step()) return std::nullopt;
    User user = Read(s);
    s.Reset();  // ends the read: a pending statement would hold an old snapshot
    return user;
  }

  bool AddUser(const User& u) override {
    if (FindUser(u.name)) return false;
    conn_.Stmt("INSERT INTO users (name, role, unit, officer, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(u.name).Bind(u.role).Bind(u.unit).Bind(u.officer).Bind(u.password_hash).Bind(sqlite::NowUtc()).Run();
    return true;
  }

  void AddToken(const std::string& token_hash, int64_t user_id, const std::string& label) override {
    conn_.Stmt("INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)")
        .Bind(token_hash).Bind(user_id).Bind(label).Bind(sqlite::NowUtc()).Run();
  }

  std::optional<User> UserForToken(const std::string& token_hash) override {
    auto& s = conn_.Stmt("SELECT u.id, u.name, u.role, u.unit, u.officer, u.password_hash, u.failed_logins, "
                         "u.locked_until, u.disabled FROM api_tokens t JOIN users u ON u.id = t.user_id "
                         "WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0").Bind(token_hash);
    if (!s.Step()) return std::nullopt;
    User user = Read(s);
    s.Reset();  // ends the read: a pending statement would hold an old snapshot
    return user;
  }

  void SetLoginFailures(int64_t user_id, int failed_logins, const std::string& locked_until) override {
    conn_.Stmt("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?")
        .Bind(static_cast<int64_t>(failed_logins)).BindOrNull(locked_until).Bind(user_id).Run();
  }

  void CreateSession(const std::string& token_hash, int64_t user_id, const std::string& csrf,
                     const std::string& expires_at) override {
    conn_.Stmt("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .Bind(token_hash).Bind(user_id).Bind(csrf).Bind(sqlite::NowUtc()).Bind(expires_at).Run();
  }

  std::optional<Session> FindSession(const std::string& token_hash, const std::string& now) override {
    auto& s = conn_.Stmt("SELECT u.id, u.name, u.role, u.unit, u.officer, u.password_hash, u.failed_logins, "
                         "u.locked_until, u.disabled, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id "
                         "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0").Bind(token_hash).Bind(now);
    if (!s.Step()) return std::nullopt;
    Session session{Read(s), s.Text(9)};
    s.Reset();
    return session;
  }

  void DeleteSession(const std::string& token_hash) override {
    conn_.Stmt("DELETE FROM sessions WHERE token_hash = ?").Bind(token_hash).Run();
  }

  void AddLeave(const Leave& l, const std::string& created_by) override {
    conn_.Stmt("INSERT INTO leave (officer, starts_on, ends_on, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(l.officer).Bind(l.starts_on).Bind(l.ends_on).BindOrNull(l.reason).Bind(created_by)
        .Bind(sqlite::NowUtc()).Run();
  }

  std::vector<Leave> LeaveFrom(const std::string& officer, const std::string& from) override {
    auto& s = conn_.Stmt("SELECT officer, starts_on, ends_on, reason FROM leave WHERE officer = ? AND ends_on >= ? "
                         "ORDER BY starts_on").Bind(officer).Bind(from);
    std::vector<Leave> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    return out;
  }

  std::vector<User> UsersInUnit(const std::string& unit) override {
    auto& s = conn_.Stmt("SELECT id, name, role, unit, officer, password_hash, failed_logins, locked_until, disabled "
                         "FROM users WHERE unit = ? ORDER BY name").Bind(unit);
    std::vector<User> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  }

  void Audit(const AuditEntry& e) override {
    conn_.Stmt("INSERT INTO audit_log (at, user_name, action, crime, person, detail, source) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(e.at.empty() ? sqlite::NowUtc() : e.at).Bind(e.user).Bind(e.action).BindOrNull(e.crime)
        .BindOrNull(e.person).BindOrNull(e.detail).BindOrNull(e.source).Run();
  }

  std::vector<AuditEntry> AuditLog(const std::string& user, const std::string& crime, size_t limit) override {
    auto& s = conn_.Stmt("SELECT at, user_name, action, crime, person, detail, source FROM audit_log "
                         "WHERE (? = '' OR user_name = ?) AND (? = '' OR crime = ?) ORDER BY id DESC LIMIT ?");
    s.Bind(user).Bind(user).Bind(crime).Bind(crime).Bind(static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)});
    return out;
  }

 private:
  static User Read(const sqlite::Statement& s) {
    return {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), static_cast<int>(s.Int(6)),
            s.Text(7), s.Int(8) != 0};
  }

  sqlite::Connection conn_;
};

}  // namespace

std::unique_ptr<AccountStore> OpenSqliteAccountStore(const std::string& path) {
  return std::make_unique<SqliteAccountStore>(path);
}

}  // namespace cf::storage
