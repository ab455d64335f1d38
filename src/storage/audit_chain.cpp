#include "storage/audit_chain.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <stdexcept>

namespace cf::storage {

const std::string kAuditChainStart(64, '0');

std::string AuditChainHash(std::string_view previous, const AuditEntry& entry) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::array<unsigned char, 32> digest{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, digest.size());
  // Each part prefixed by its length, so that no two different records hash the same text.
  auto part = [&state](std::string_view text) {
    const std::string length = fmt::format("{}:", text.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(length.data()),
                              length.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(text.data()),
                              text.size());
  };
  part(previous);
  for (const std::string* field : {&entry.at, &entry.user, &entry.action, &entry.crime,
                                   &entry.person, &entry.detail, &entry.source}) {
    part(*field);
  }
  crypto_generichash_final(&state, digest.data(), digest.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

void AuditChainWalk::Add(int64_t id, const AuditEntry& entry,
                         const std::optional<std::string>& stored) {
  if (check_.records++ == 0) check_.first_id = id;
  check_.last_id = id;
  const std::string before =
      previous_id_ == 0 ? "the start of the log" : fmt::format("record #{}", previous_id_);
  std::string why;
  if (!stored) {
    why = "has no chain hash: it was added to the log from outside Citizen Focus";
  } else if (*stored != AuditChainHash(previous_, entry)) {
    why = previous_id_ != 0 && id != previous_id_ + 1
              ? fmt::format(
                    "is not chained to {}, the record stored before it: records #{} to #{} were "
                    "removed (or one of the two records was changed)",
                    before, previous_id_ + 1, id - 1)
              : fmt::format(
                    "does not match its chain hash: it was changed, or {} before it was changed "
                    "or removed",
                    before);
  }
  if (!why.empty()) {
    ++check_.broken;
    if (check_.breaks.size() < kBreaksKept)
      check_.breaks.push_back({id, entry.at, entry.user, entry.action, std::move(why)});
  }
  previous_ = stored.value_or(kAuditChainStart);
  previous_id_ = id;
  check_.head = previous_;
}

}  // namespace cf::storage
