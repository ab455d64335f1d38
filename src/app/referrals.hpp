#pragma once
// The referral feed to Victim Support. A person is due a referral when their refer_support
// obligation is open or overdue: the rule set in force already decides whether one is owed
// (consent for sexual offences, domestic abuse and bereaved relatives; the 2006 vehicle
// crime exclusion). Anyone who has opted out since their last consent is left out, even
// after the deadline. Each referral carries only what Victim Support needs to make contact
// (who, how to reach them safely, language and needs, the crime type and reference, the
// officer), never a suspect. Sending records a referral.sent event (which meets the duty)
// and a key per person and trigger, in one transaction, so the feed never sends anyone twice.

#include <string>
#include <vector>

#include "core/result.hpp"
#include "rules/engine.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct Referral {
  std::string key;          // crime|person|trigger event
  std::string crime;
  std::string crime_type;
  std::string recorded_on;
  std::string person;
  std::string role;
  std::string title, given_name, family_name;
  std::string phone;        // only channels the contact agreement does not mark unsafe
  std::string email;
  std::string address;
  std::string postcode;
  std::string language;
  std::string interpreter_language;
  std::string preferred_contact;
  bool enhanced = false;    // entitled to enhanced services under the Code
  bool consented = false;   // explicit consent was given
  std::string due;          // the refer_support deadline
  std::string officer;
  std::string officer_phone;
};

// Referrals due now and not yet sent, earliest deadline first.
std::vector<Referral> DueReferrals(storage::CaseStore& store, storage::AccountStore& accounts, size_t limit);

std::string ReferralsCsv(const std::vector<Referral>& referrals);
std::string ReferralsJson(const std::vector<Referral>& referrals);

// Records the referrals as sent by `sent_by` ("file:PATH", "http:URL") at `now`: the key and
// a referral.sent event each, in one transaction. Returns how many were new.
size_t RecordReferralsSent(storage::CaseStore& store, const rules::ObligationEngine& engine,
                           const rules::RuleLibrary& library, const std::vector<Referral>& referrals,
                           const std::string& sent_by, core::Instant now);

}  // namespace cf::app
