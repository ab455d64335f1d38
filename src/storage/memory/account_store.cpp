// In-memory AccountStore: each method does what its SQL does in
// src/storage/sqlite/account_store.cpp, over the tables of state.hpp, stamped by the injected
// clock where that stamps conn_.NowUtc().
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "storage/audit_chain.hpp"
#include "storage/memory/memory_store.hpp"
#include "storage/memory/state.hpp"

namespace cf::storage::memory {
namespace {

class MemoryAccountStore final : public AccountStore {
 public:
  explicit MemoryAccountStore(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  std::optional<User> FindUser(const std::string& name) override {
    for (const auto& [id, stored] : *S().users) {
      if (stored.user.name == name) return stored.user;
    }
    return std::nullopt;
  }

  // What both AddUser and UpdateUser write: role, unit, officer id and what victims are told.
  static void CopyProfile(const User& from, User& to) {
    to.role = from.role;
    to.unit = from.unit;
    to.officer = from.officer;
    to.full_name = from.full_name;
    to.collar = from.collar;
    to.phone = from.phone;
    to.email = from.email;
  }

  bool AddUser(const User& u) override {
    if (FindUser(u.name)) return false;
    const int64_t id = NextId(*S().users);
    StoredUser stored;
    // The columns the INSERT names; the rest take their defaults.
    stored.user.id = id;
    stored.user.name = u.name;
    stored.user.password_hash = u.password_hash;
    CopyProfile(u, stored.user);
    stored.created_at = shared_->NowUtc();
    S().users.Put(id, std::move(stored));
    return true;
  }

  std::optional<User> UserForOfficer(const std::string& officer) override {
    for (const auto& [id, stored] : *S().users) {  // ORDER BY id LIMIT 1
      if (stored.user.officer == officer) return stored.user;
    }
    return std::nullopt;
  }

  std::vector<User> Users() override {
    std::vector<User> out = Where([](const User&) { return true; });
    std::stable_sort(out.begin(), out.end(), [](const User& a, const User& b) {
      return std::tie(a.unit, a.name) < std::tie(b.unit, b.name);
    });
    return out;
  }

  bool UpdateUser(const User& u) override {
    return S().users.Update(u.id, [&](StoredUser& stored) {
      CopyProfile(u, stored.user);
      stored.user.disabled = u.disabled;
    });
  }

  void SetPassword(int64_t user_id, const std::string& password_hash) override {
    S().users.Update(user_id, [&](StoredUser& stored) {
      stored.user.password_hash = password_hash;
      stored.user.failed_logins = 0;
      stored.user.locked_until.clear();
    });
  }

  std::vector<Unit> Units() override {
    std::vector<Unit> out;
    for (const auto& [id, stored] : *S().units) out.push_back(stored.unit);
    return out;
  }

  bool AddUnit(const Unit& u) override {
    if (S().units->contains(u.id)) return false;  // ON CONFLICT DO NOTHING
    S().units.Put(u.id, {u, shared_->NowUtc()});
    return true;
  }

  void AddShifts(const std::vector<Shift>& shifts, const std::string& created_by) override {
    const std::string now = shared_->NowUtc();
    shared_->Atomically([&] {
      for (const auto& shift : shifts) {
        // INSERT ... SELECT FROM users WHERE name = ?: a shift of no user adds nothing.
        const auto user = FindUser(shift.user);
        if (!user) continue;
        S().shifts.Put(NextId(*S().shifts),
                       {user->id, shift.starts_at, shift.ends_at, created_by, now});
      }
    });
  }

  std::vector<Shift> ShiftsInUnit(const std::string& unit, const std::string& from,
                                  const std::string& to) override {
    std::vector<Shift> out;
    for (const auto& [id, s] : *S().shifts) {
      const User& u = S().users->at(s.user_id).user;
      if (u.unit == unit && s.starts_at >= from && s.starts_at < to)
        out.push_back({id, u.name, s.starts_at, s.ends_at});
    }
    std::stable_sort(out.begin(), out.end(), [](const Shift& a, const Shift& b) {
      return std::tie(a.starts_at, a.user) < std::tie(b.starts_at, b.user);
    });
    return out;
  }

  std::vector<Shift> NextShifts(const std::string& user, const std::string& now,
                                size_t limit) override {
    std::vector<Shift> out;
    for (const auto& [id, s] : *S().shifts) {
      const User& u = S().users->at(s.user_id).user;
      if (u.name == user && s.ends_at > now) out.push_back({id, u.name, s.starts_at, s.ends_at});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Shift& a, const Shift& b) { return a.starts_at < b.starts_at; });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  bool DeleteShift(int64_t id, const std::string& unit) override {
    const auto it = S().shifts->find(id);
    if (it == S().shifts->end()) return false;
    if (!unit.empty() && S().users->at(it->second.user_id).user.unit != unit) return false;
    S().shifts.Erase(id);
    return true;
  }

  void AddToken(const std::string& token_hash, int64_t user_id, const std::string& label,
                const std::string& expires_at) override {
    if (S().tokens->contains(token_hash)) throw StorageError("that API token is stored already");
    RequireUser(user_id);
    int64_t id = 1;
    for (const auto& [hash, t] : *S().tokens) id = std::max(id, t.id + 1);
    Token token;
    token.id = id;
    token.user_id = user_id;
    token.label = label;
    token.created_at = shared_->NowUtc();
    token.expires_at = expires_at;
    S().tokens.Put(token_hash, std::move(token));
  }

  std::optional<User> UserForToken(const std::string& token_hash, const std::string& now) override {
    const auto it = S().tokens->find(token_hash);
    if (it == S().tokens->end() || it->second.revoked || !(it->second.expires_at > now))
      return std::nullopt;
    const User& u = S().users->at(it->second.user_id).user;
    if (u.disabled) return std::nullopt;
    return u;
  }

  std::vector<ApiToken> Tokens() override {
    std::vector<ApiToken> out;
    for (const auto& [hash, t] : *S().tokens) {
      ApiToken token;
      token.id = t.id;
      token.user = S().users->at(t.user_id).user.name;
      token.label = t.label;
      token.created_at = t.created_at;
      token.expires_at = t.expires_at;
      token.revoked = t.revoked;
      out.push_back(std::move(token));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
  }

  bool RevokeToken(int64_t id) override {
    for (const auto& [hash, t] : *S().tokens) {
      if (t.id != id || t.revoked) continue;
      S().tokens.Update(hash, [](Token& token) { token.revoked = true; });
      return true;
    }
    return false;
  }

  void SetLoginFailures(int64_t user_id, int failed_logins,
                        const std::string& locked_until) override {
    S().users.Update(user_id, [&](StoredUser& stored) {
      stored.user.failed_logins = failed_logins;
      stored.user.locked_until = locked_until;
    });
  }

  void CreateSession(const std::string& token_hash, int64_t user_id, const std::string& csrf,
                     const std::string& expires_at) override {
    if (S().sessions->contains(token_hash)) throw StorageError("that session is stored already");
    RequireUser(user_id);
    S().sessions.Put(token_hash, {user_id, csrf, shared_->NowUtc(), expires_at});
  }

  std::optional<Session> FindSession(const std::string& token_hash,
                                     const std::string& now) override {
    const auto it = S().sessions->find(token_hash);
    if (it == S().sessions->end() || !(it->second.expires_at > now)) return std::nullopt;
    const User& u = S().users->at(it->second.user_id).user;
    if (u.disabled) return std::nullopt;
    return Session{u, it->second.csrf};
  }

  void DeleteSession(const std::string& token_hash) override { S().sessions.Erase(token_hash); }

  size_t DeleteSessionsOf(int64_t user_id) override {
    return EraseSessionsIf([&](const StoredSession& x) { return x.user_id == user_id; });
  }

  size_t DeleteExpiredSessions(const std::string& now) override {
    return EraseSessionsIf([&](const StoredSession& x) { return !(x.expires_at > now); });
  }

  void AddLeave(const Leave& l, const std::string& created_by) override {
    const int64_t id = NextId(*S().leave);
    StoredLeave stored{l, created_by, shared_->NowUtc()};
    stored.leave.id = id;
    S().leave.Put(id, std::move(stored));
  }

  std::vector<Leave> LeaveFrom(const std::string& officer, core::Date from) override {
    std::vector<Leave> out;
    for (const auto& [id, stored] : *S().leave) {
      if (stored.leave.officer == officer && stored.leave.ends_on >= from)
        out.push_back(stored.leave);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Leave& a, const Leave& b) { return a.starts_on < b.starts_on; });
    return out;
  }

  std::vector<Leave> LeaveInUnit(const std::string& unit, core::Date from) override {
    const std::set<std::string> officers = OfficersIn(unit);
    std::vector<Leave> out;
    for (const auto& [id, stored] : *S().leave) {
      if (stored.leave.ends_on >= from && officers.contains(stored.leave.officer))
        out.push_back(stored.leave);
    }
    std::stable_sort(out.begin(), out.end(), [](const Leave& a, const Leave& b) {
      return std::tie(a.starts_on, a.officer) < std::tie(b.starts_on, b.officer);
    });
    return out;
  }

  bool DeleteLeave(int64_t id, const std::string& unit) override {
    const auto it = S().leave->find(id);
    if (it == S().leave->end()) return false;
    if (!unit.empty() && !OfficersIn(unit).contains(it->second.leave.officer)) return false;
    S().leave.Erase(id);
    return true;
  }

  std::vector<User> UsersInUnit(const std::string& unit) override {
    std::vector<User> out = Where([&](const User& u) { return u.unit == unit; });
    std::stable_sort(out.begin(), out.end(),
                     [](const User& a, const User& b) { return a.name < b.name; });
    return out;
  }

  int SaveTemplate(const std::string& id, const std::string& lang, const std::string& text,
                   const std::string& created_by) override {
    const auto versions = Versions(id, lang);  // newest first
    const int version = versions.empty() ? 1 : versions.front().version + 1;
    S().templates.Put({id, lang, version}, {version, text, created_by, shared_->NowUtc()});
    return version;
  }

  std::vector<TemplateVersion> TemplateVersions(const std::string& id,
                                                const std::string& lang) override {
    return Versions(id, lang);
  }

  void AddDigest(const StaffDigest& d) override {
    const auto key = std::make_tuple(d.user, d.kind, d.through);
    if (S().staff_digests->count(key) != 0)
      throw StorageError("UNIQUE constraint failed: staff_digests");
    S().staff_digests.Put(key, d);
  }

  std::optional<StaffDigest> LastDigest(const std::string& user, const std::string& kind) override {
    std::optional<StaffDigest> out;
    for (const auto& [key, d] : *S().staff_digests) {
      if (d.user == user && d.kind == kind) out = d;  // keys in order: the last is the latest
    }
    return out;
  }

  void Audit(const AuditEntry& e) override {
    AuditEntry stored = e;
    if (stored.at.empty()) stored.at = shared_->NowUtc();
    const auto& chain = *S().audit_chain;
    const int64_t id = NextId(*S().audit);
    S().audit_chain.Put(
        id, AuditChainHash(chain.empty() ? kAuditChainStart : chain.rbegin()->second, stored));
    S().audit.Put(id, std::move(stored));
  }

  AuditChainCheck VerifyAuditChain() override {
    AuditChainWalk walk;
    const auto& chain = *S().audit_chain;
    for (const auto& [id, e] : *S().audit) {
      const auto hash = chain.find(id);
      walk.Add(id, e,
               hash == chain.end() ? std::nullopt : std::optional<std::string>(hash->second));
    }
    return walk.Result();
  }

  std::vector<AuditEntry> AuditLog(const std::string& user, const std::string& crime,
                                   size_t limit) override {
    std::vector<AuditEntry> out;
    const auto& audit = *S().audit;
    for (auto it = audit.rbegin(); it != audit.rend() && out.size() < limit; ++it) {
      const AuditEntry& e = it->second;
      if ((user.empty() || e.user == user) && (crime.empty() || e.crime == crime)) out.push_back(e);
    }
    return out;
  }

  AuditPage SearchAudit(const AuditQuery& q) override {
    AuditPage page;
    const auto& audit = *S().audit;
    for (auto it = audit.rbegin(); it != audit.rend(); ++it) {
      const AuditEntry& e = it->second;
      if ((!q.user.empty() && e.user != q.user) || (!q.crime.empty() && e.crime != q.crime) ||
          (!q.from.empty() && e.at < q.from) || (!q.until.empty() && e.at >= q.until))
        continue;
      const auto n = static_cast<size_t>(page.total++);
      if (n >= q.offset && page.entries.size() < q.limit) page.entries.push_back(e);
    }
    return page;
  }

  std::map<std::string, int64_t> AuditActionCounts(const std::string& user,
                                                   const std::string& since) override {
    std::map<std::string, int64_t> out;
    for (const auto& [id, e] : *S().audit) {
      if (e.user == user && e.at >= since) ++out[e.action];
    }
    return out;
  }

 private:
  State& S() { return shared_->state(); }

  template <typename P>
  std::vector<User> Where(P&& keep) {
    std::vector<User> out;
    for (const auto& [id, stored] : *S().users) {
      if (keep(stored.user)) out.push_back(stored.user);
    }
    return out;
  }

  // DELETE FROM sessions WHERE <cond>: how many went.
  template <typename P>
  size_t EraseSessionsIf(P&& erase) {
    std::vector<std::string> doomed;
    for (const auto& [hash, session] : *S().sessions) {
      if (erase(session)) doomed.push_back(hash);
    }
    for (const auto& hash : doomed) S().sessions.Erase(hash);
    return doomed.size();
  }

  // users.id as a foreign key requires.
  void RequireUser(int64_t user_id) {
    if (!S().users->contains(user_id))
      throw StorageError(fmt::format("there is no user with id {}", user_id));
  }

  // SELECT officer FROM users WHERE unit = ?
  std::set<std::string> OfficersIn(const std::string& unit) {
    std::set<std::string> out;
    for (const auto& [id, stored] : *S().users) {
      if (stored.user.unit == unit) out.insert(stored.user.officer);
    }
    return out;
  }

  // Newest first.
  std::vector<TemplateVersion> Versions(const std::string& id, const std::string& lang) {
    std::vector<TemplateVersion> out;
    const auto& templates = *S().templates;
    for (auto it = templates.lower_bound({id, lang, 0});
         it != templates.end() && std::get<0>(it->first) == id && std::get<1>(it->first) == lang;
         ++it)
      out.push_back(it->second);
    std::reverse(out.begin(), out.end());
    return out;
  }

  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<AccountStore> OpenAccountStoreOn(std::shared_ptr<Shared> shared) {
  return std::make_unique<MemoryAccountStore>(std::move(shared));
}

}  // namespace cf::storage::memory
