#pragma once
// The victim and witness portal's accounts, invitations, sessions (migration 0023) and
// messages (0024), issue 15. One account per person per case; secrets are kept only as hashes.
// Instants are RFC 3339 UTC text, as the clock gives them, so they compare as text. Each write is
// one statement, so a PostgreSQL backend can follow.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cf::storage {

struct PortalInvitation {
  std::string token_hash;
  std::string crime;
  std::string person;
  std::string created_by;
  std::string created_at;
  std::string expires_at;
  std::string ended_at;  // used, replaced or revoked; empty while it may be used
};

struct PortalAccount {
  int64_t id = 0;
  std::string crime;
  std::string person;
  std::string password_hash;  // Argon2id
  int failed_sign_ins = 0;
  std::string locked_until;  // empty: not locked
  std::string created_at;
  std::string revoked_at;  // empty: may sign in
};

// One message of the thread between a person and their officer.
struct PortalMessage {
  int64_t id = 0;
  std::string crime;
  std::string person;
  bool from_person = false;  // the person wrote it; else a reply from staff
  std::string author;        // the staff id of a reply; "" for the person's own
  std::string author_name;   // who the person sees wrote it: "PC 1003 Sarah Ahmed" ("": the team)
  std::string body;
  std::string sent_at;
};

// An alert of a key event to one person (migration 0025).
struct PortalAlert {
  int64_t id = 0;
  std::string token_hash;  // of the link's one-time token
  std::string crime;
  std::string person;
  std::string event_id;  // the key event
  std::string duty;      // the duty it gave the person, which opening the alert meets
  bool enhanced = false;
  int64_t outbox_id = 0;  // 0 when not sent
  std::string held;       // why not sent; "" when sent
  std::string created_at;
  std::string opened_at;  // "" until opened
  std::string task_at;    // "" until the officer was asked to phone instead
};

class PortalStore {
 public:
  virtual ~PortalStore() = default;

  // Stores an invitation; the use case ends the person's earlier ones first (EndInvitationsOf).
  virtual void AddInvitation(const PortalInvitation& invitation) = 0;
  virtual std::optional<PortalInvitation> FindInvitation(const std::string& token_hash) = 0;
  // Ends an open invitation: false when it was ended already (a link is used once).
  virtual bool EndInvitation(const std::string& token_hash, const std::string& at) = 0;
  // Ends every open invitation of the person: how many there were.
  virtual size_t EndInvitationsOf(const std::string& crime, const std::string& person,
                                  const std::string& at) = 0;

  // Creates the person's account, or gives a revoked or existing one a new password: either
  // way it may sign in again, with no failures counted. Returns its id.
  virtual int64_t SetPassword(const std::string& crime, const std::string& person,
                              const std::string& password_hash, const std::string& at) = 0;
  virtual std::optional<PortalAccount> FindAccount(int64_t id) = 0;
  virtual std::optional<PortalAccount> FindAccount(const std::string& crime,
                                                   const std::string& person) = 0;
  // Every account of a crime, revoked ones too, by id.
  virtual std::vector<PortalAccount> AccountsOf(const std::string& crime) = 0;
  virtual void SetSignInFailures(int64_t id, int failures, const std::string& locked_until) = 0;
  // False when there is no such account or it was revoked already.
  virtual bool RevokeAccount(int64_t id, const std::string& at) = 0;

  struct Session {
    PortalAccount account;
    std::string csrf;
    std::string last_seen_at;
  };
  virtual void CreatePortalSession(const std::string& token_hash, int64_t account_id,
                                   const std::string& csrf, const std::string& at,
                                   const std::string& expires_at) = 0;
  // A session that has not expired at `now` and was last seen after `idle_since`, of an
  // account that is not revoked.
  virtual std::optional<Session> FindPortalSession(const std::string& token_hash,
                                                   const std::string& now,
                                                   const std::string& idle_since) = 0;
  virtual void TouchPortalSession(const std::string& token_hash, const std::string& at) = 0;
  virtual void DeletePortalSession(const std::string& token_hash) = 0;
  // Every session of the account (signed out everywhere, revoked, a new password).
  virtual size_t DeletePortalSessionsOf(int64_t account_id) = 0;
  // What can no longer be used: sessions expired at `now` or last seen at or before
  // `idle_since`, and invitations that ended or expired before `ended_before`. Returns how many
  // rows went.
  virtual size_t DeleteSpentPortalRecords(const std::string& now, const std::string& idle_since,
                                          const std::string& ended_before) = 0;

  // Failed sign-ins per client address (migration 0033), kept in the database so that every
  // portal server on it counts them together (app/address_throttle.hpp): one recorded at `at`;
  // how many `address` has had after `since`; and those at or before `before` forgotten
  // (returns how many).
  virtual void RecordAddressFailure(const std::string& address, const std::string& at) = 0;
  virtual int64_t AddressFailuresSince(const std::string& address, const std::string& since) = 0;
  virtual size_t ForgetAddressFailures(const std::string& before) = 0;

  // The thread: AddPortalMessage returns the new id; PortalMessages gives the person's newest
  // `limit`, oldest first.
  virtual int64_t AddPortalMessage(const PortalMessage& message) = 0;
  virtual std::vector<PortalMessage> PortalMessages(const std::string& crime,
                                                    const std::string& person, size_t limit) = 0;

  // Alerts. AddPortalAlert: the new id, or 0 when the person has one for that event and duty
  // already. MarkPortalAlertOpened: false when it was opened already. UnopenedPortalAlerts:
  // sent alerts of enhanced victims created before `before`, neither opened nor made a task,
  // oldest first.
  virtual int64_t AddPortalAlert(const PortalAlert& alert) = 0;
  virtual std::optional<PortalAlert> FindPortalAlert(const std::string& token_hash) = 0;
  virtual bool MarkPortalAlertOpened(int64_t id, const std::string& at) = 0;
  virtual std::vector<PortalAlert> UnopenedPortalAlerts(const std::string& before,
                                                        size_t limit) = 0;
  virtual void MarkPortalAlertTask(int64_t id, const std::string& at) = 0;
};

}  // namespace cf::storage
