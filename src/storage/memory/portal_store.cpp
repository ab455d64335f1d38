// In-memory PortalStore: each method does what its SQL does in
// src/storage/sqlite/portal_store.cpp, with migration 0023's keys (one invitation per token,
// one account per person per case, one session per token) checked before anything is written.
#include <fmt/format.h>

#include <algorithm>

#include "storage/memory/memory_store.hpp"
#include "storage/memory/state.hpp"

namespace cf::storage::memory {
namespace {

class MemoryPortalStore final : public PortalStore {
 public:
  explicit MemoryPortalStore(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  void AddInvitation(const PortalInvitation& i) override {
    if (S().portal_invitations->contains(i.token_hash))
      throw StorageError("portal invitation stored twice");
    S().portal_invitations.Put(i.token_hash, i);
  }

  std::optional<PortalInvitation> FindInvitation(const std::string& token_hash) override {
    const auto it = S().portal_invitations->find(token_hash);
    if (it == S().portal_invitations->end()) return std::nullopt;
    return it->second;
  }

  bool EndInvitation(const std::string& token_hash, const std::string& at) override {
    const auto it = S().portal_invitations->find(token_hash);
    if (it == S().portal_invitations->end() || !it->second.ended_at.empty()) return false;
    S().portal_invitations.Update(token_hash, [&](PortalInvitation& i) { i.ended_at = at; });
    return true;
  }

  size_t EndInvitationsOf(const std::string& crime, const std::string& person,
                          const std::string& at) override {
    std::vector<std::string> open;
    for (const auto& [hash, i] : *S().portal_invitations) {
      if (i.crime == crime && i.person == person && i.ended_at.empty()) open.push_back(hash);
    }
    for (const auto& hash : open) EndInvitation(hash, at);
    return open.size();
  }

  int64_t SetPassword(const std::string& crime, const std::string& person,
                      const std::string& password_hash, const std::string& at) override {
    if (const auto held = FindAccount(crime, person)) {
      S().portal_accounts.Update(held->id, [&](PortalAccount& a) {
        a.password_hash = password_hash;
        a.failed_sign_ins = 0;
        a.locked_until.clear();
        a.revoked_at.clear();
      });
      return held->id;
    }
    const int64_t id = NextId(*S().portal_accounts);
    S().portal_accounts.Put(id, {id, crime, person, password_hash, 0, "", at, ""});
    return id;
  }

  std::optional<PortalAccount> FindAccount(int64_t id) override {
    const auto it = S().portal_accounts->find(id);
    if (it == S().portal_accounts->end()) return std::nullopt;
    return it->second;
  }

  std::optional<PortalAccount> FindAccount(const std::string& crime,
                                           const std::string& person) override {
    for (const auto& [id, a] : *S().portal_accounts) {
      if (a.crime == crime && a.person == person) return a;
    }
    return std::nullopt;
  }

  std::vector<PortalAccount> AccountsOf(const std::string& crime) override {
    std::vector<PortalAccount> out;
    for (const auto& [id, a] : *S().portal_accounts) {
      if (a.crime == crime) out.push_back(a);
    }
    return out;
  }

  void SetSignInFailures(int64_t id, int failures, const std::string& locked_until) override {
    if (!S().portal_accounts->contains(id)) return;
    S().portal_accounts.Update(id, [&](PortalAccount& a) {
      a.failed_sign_ins = failures;
      a.locked_until = locked_until;
    });
  }

  bool RevokeAccount(int64_t id, const std::string& at) override {
    const auto it = S().portal_accounts->find(id);
    if (it == S().portal_accounts->end() || !it->second.revoked_at.empty()) return false;
    S().portal_accounts.Update(id, [&](PortalAccount& a) { a.revoked_at = at; });
    return true;
  }

  void CreatePortalSession(const std::string& token_hash, int64_t account_id,
                           const std::string& csrf, const std::string& at,
                           const std::string& expires_at) override {
    if (S().portal_sessions->contains(token_hash))
      throw StorageError("portal session stored twice");
    if (!S().portal_accounts->contains(account_id))
      throw StorageError(fmt::format("portal session of no account ({})", account_id));
    S().portal_sessions.Put(token_hash, {account_id, csrf, at, at, expires_at});
  }

  std::optional<Session> FindPortalSession(const std::string& token_hash, const std::string& now,
                                           const std::string& idle_since) override {
    const auto it = S().portal_sessions->find(token_hash);
    if (it == S().portal_sessions->end()) return std::nullopt;
    const auto& s = it->second;
    if (!(s.expires_at > now) || !(s.last_seen_at > idle_since)) return std::nullopt;
    const auto account = FindAccount(s.account_id);
    if (!account || !account->revoked_at.empty()) return std::nullopt;
    return Session{*account, s.csrf, s.last_seen_at};
  }

  void TouchPortalSession(const std::string& token_hash, const std::string& at) override {
    if (!S().portal_sessions->contains(token_hash)) return;
    S().portal_sessions.Update(token_hash, [&](StoredPortalSession& s) { s.last_seen_at = at; });
  }

  void DeletePortalSession(const std::string& token_hash) override {
    S().portal_sessions.Erase(token_hash);
  }

  size_t DeletePortalSessionsOf(int64_t account_id) override {
    std::vector<std::string> of;
    for (const auto& [hash, s] : *S().portal_sessions) {
      if (s.account_id == account_id) of.push_back(hash);
    }
    for (const auto& hash : of) S().portal_sessions.Erase(hash);
    return of.size();
  }

  size_t DeleteSpentPortalRecords(const std::string& now, const std::string& idle_since,
                                  const std::string& ended_before) override {
    std::vector<std::string> sessions;
    for (const auto& [hash, s] : *S().portal_sessions) {
      if (s.expires_at <= now || s.last_seen_at <= idle_since) sessions.push_back(hash);
    }
    for (const auto& hash : sessions) S().portal_sessions.Erase(hash);
    std::vector<std::string> invitations;
    for (const auto& [hash, i] : *S().portal_invitations) {
      if ((!i.ended_at.empty() && i.ended_at < ended_before) || i.expires_at < ended_before)
        invitations.push_back(hash);
    }
    for (const auto& hash : invitations) S().portal_invitations.Erase(hash);
    return sessions.size() + invitations.size();
  }

  void RecordAddressFailure(const std::string& address, const std::string& at) override {
    S().portal_address_failures.Put(NextId(*S().portal_address_failures), {address, at});
  }

  int64_t AddressFailuresSince(const std::string& address, const std::string& since) override {
    int64_t n = 0;
    for (const auto& [id, f] : *S().portal_address_failures) {
      if (f.first == address && f.second > since) ++n;
    }
    return n;
  }

  size_t ForgetAddressFailures(const std::string& before) override {
    std::vector<int64_t> gone;
    for (const auto& [id, f] : *S().portal_address_failures) {
      if (f.second <= before) gone.push_back(id);
    }
    for (const int64_t id : gone) S().portal_address_failures.Erase(id);
    return gone.size();
  }

  int64_t AddPortalMessage(const PortalMessage& m) override {
    const int64_t id = NextId(*S().portal_messages);
    PortalMessage stored = m;
    stored.id = id;
    S().portal_messages.Put(id, std::move(stored));
    return id;
  }

  std::vector<PortalMessage> PortalMessages(const std::string& crime, const std::string& person,
                                            size_t limit) override {
    std::vector<PortalMessage> out;
    for (auto it = S().portal_messages->rbegin();
         it != S().portal_messages->rend() && out.size() < limit; ++it) {
      if (it->second.crime == crime && it->second.person == person) out.push_back(it->second);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  int64_t AddPortalAlert(const PortalAlert& a) override {
    for (const auto& [id, other] : *S().portal_alerts) {
      if (other.token_hash == a.token_hash) throw StorageError("portal alert token stored twice");
      if (other.crime == a.crime && other.person == a.person && other.event_id == a.event_id &&
          other.duty == a.duty)
        return 0;
    }
    const int64_t id = NextId(*S().portal_alerts);
    PortalAlert stored = a;
    stored.id = id;
    stored.opened_at.clear();
    stored.task_at.clear();
    S().portal_alerts.Put(id, std::move(stored));
    return id;
  }

  std::optional<PortalAlert> FindPortalAlert(const std::string& token_hash) override {
    for (const auto& [id, a] : *S().portal_alerts) {
      if (a.token_hash == token_hash) return a;
    }
    return std::nullopt;
  }

  bool MarkPortalAlertOpened(int64_t id, const std::string& at) override {
    const auto it = S().portal_alerts->find(id);
    if (it == S().portal_alerts->end() || !it->second.opened_at.empty()) return false;
    S().portal_alerts.Update(id, [&](PortalAlert& a) { a.opened_at = at; });
    return true;
  }

  std::vector<PortalAlert> UnopenedPortalAlerts(const std::string& before, size_t limit) override {
    std::vector<PortalAlert> out;
    for (const auto& [id, a] : *S().portal_alerts) {
      if (a.opened_at.empty() && a.task_at.empty() && a.enhanced && a.outbox_id != 0 &&
          a.created_at < before)
        out.push_back(a);
    }
    std::stable_sort(out.begin(), out.end(), [](const PortalAlert& x, const PortalAlert& y) {
      return x.created_at < y.created_at;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  void MarkPortalAlertTask(int64_t id, const std::string& at) override {
    S().portal_alerts.Update(id, [&](PortalAlert& a) { a.task_at = at; });
  }

 private:
  State& S() { return shared_->state(); }
  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<PortalStore> OpenPortalStoreOn(std::shared_ptr<Shared> shared) {
  return std::make_unique<MemoryPortalStore>(std::move(shared));
}

}  // namespace cf::storage::memory
