#pragma once
// The audit log's hash chain (docs/operations.md): each record carries a BLAKE2b-256 hash of
// its own fields and of the hash of the record before it, so a record changed, inserted or
// removed after it was written breaks the chain at that point, and `citizenfocus audit verify`
// names where. The stores chain every record they write (one writer at a time: see
// sql::Connection::LockAuditChain) and records kept from before the chain began are chained
// once, in order, by the migration that adds the chain (sql::ChainAuditRecordsOnce).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/account_store.hpp"

namespace cf::storage {

// The hash before the first record: 64 zeros.
extern const std::string kAuditChainStart;

// The chain hash (64 lowercase hex digits) of `entry` written after a record whose chain hash
// is `previous`. An empty field and a missing one (NULL) hash alike.
std::string AuditChainHash(std::string_view previous, const AuditEntry& entry);

// One link of the chain that does not hold.
struct AuditChainBreak {
  int64_t id = 0;
  std::string at;
  std::string user;
  std::string action;
  std::string why;  // in words, naming the record before it
};

// What a walk along the whole chain found.
struct AuditChainCheck {
  int64_t records = 0;
  int64_t first_id = 0;
  int64_t last_id = 0;
  std::string head = kAuditChainStart;  // the last record's chain hash
  int64_t broken = 0;                   // links that do not hold
  std::vector<AuditChainBreak> breaks;  // the first of them, oldest first
  bool Whole() const { return broken == 0; }
};

// Walks the chain: records are added in id order. Each link is checked against the stored hash
// of the record before it, so every change shows where it was made (a changed record breaks its
// own link; a removed one breaks the next record's; a changed hash, its own and the next).
class AuditChainWalk {
 public:
  static constexpr size_t kBreaksKept = 20;
  // `stored` is the record's chain hash as stored (nullopt when it has none).
  void Add(int64_t id, const AuditEntry& entry, const std::optional<std::string>& stored);
  AuditChainCheck Result() const { return check_; }

 private:
  AuditChainCheck check_;
  std::string previous_ = kAuditChainStart;
  int64_t previous_id_ = 0;
};

}  // namespace cf::storage
