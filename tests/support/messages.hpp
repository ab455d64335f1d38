#pragma once
// An SMS in the outbox that no retry could deliver, for tests of where failed messages show.
#include <string>

#include "storage/case_store.hpp"

namespace cf {

inline storage::OutboxMessage FailedSms(const std::string& key, const std::string& crime,
                                        const std::string& at) {
  storage::OutboxMessage m;
  m.idempotency_key = key;
  m.crime = crime;
  m.person = "V1";
  m.channel = "sms";
  m.status = domain::OutboxStatus::kFailed;
  m.created_at = m.next_attempt_at = at;
  return m;
}

}  // namespace cf
