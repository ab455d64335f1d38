#include "domain/vocabulary.hpp"

#include <algorithm>
#include <string>

namespace cf::domain {
namespace {

constexpr std::string_view kEventTypes[] = {
    "crime.recorded",
    "person.added",
    "person.flagged",
    "person.unflagged",
    "needs.assessed",
    "contract.agreed",
    "referral.consented",
    "referral.opted_out",
    "referral.sent",
    "information.given",
    "officer.assigned",
    "investigation.not_pursued",
    "suspect.arrested",
    "suspect.interviewed",
    "suspect.released_nfa",
    "suspect.released_under_investigation",
    "suspect.bailed",
    "suspect.bail_changed",
    "suspect.charged",
    "suspect.out_of_court_disposal",
    "decision.no_charge",
    "court.hearing_set",
    "case.closed",
    "case.reopened",
    "contact.made",
    "person.details_changed",
    "case.handed_to_wcu",
    "wcu.hearing_received",
    "wcu.bail_outcome_received",
    "wcu.evidence_required",
    "wcu.special_measures_decided",
    "wcu.court_result_received",
    "vrr.requested",
    "vrr.decided",
    "cps.charge_altered",
};
constexpr std::string_view kRoles[] = {
    "victim",          "witness",          "bereaved_relative",
    "parent_guardian", "business_contact", "family_spokesperson"};
constexpr std::string_view kStaffRoles[] = {"officer", "supervisor", "bureau", "analyst",
                                            "admin",   "partner",    "wcu"};
constexpr std::string_view kCrimeFlags[] = {
    "domestic_abuse",  "hate_crime",          "terrorism",
    "sexual_offence",  "human_trafficking",   "attempted_murder",
    "kidnap",          "false_imprisonment",  "arson_endangering_life",
    "gbh_with_intent", "harassment_stalking",
};
constexpr std::string_view kPersonFlags[] = {"vulnerable", "intimidated", "persistently_targeted",
                                             "repeat_victim"};
constexpr std::string_view kChannels[] = {"phone", "sms", "email", "letter", "visit", "portal"};
constexpr std::string_view kContactOutcomes[] = {"spoke",        "visited",  "letter_sent",
                                                 "email_sent",   "sms_sent", "portal_message",
                                                 "left_message", "no_answer"};
constexpr std::string_view kCaseOutcomes[] = {
    "charged",         "no_suspect", "evidential_difficulties", "not_in_public_interest",
    "victim_withdrew", "other"};
constexpr std::string_view kInfoItems[] = {
    "victims_of_crime_leaflet", "witness_leaflet",         "vps_offered",
    "acknowledgement",          "crime_prevention_advice", "compensation_information"};
constexpr std::string_view kOutboxStatuses[] = {"created", "sending", "delivered", "failed",
                                                "suppressed"};
constexpr std::string_view kReferralStatuses[] = {"sent",     "received",  "accepted",
                                                  "declined", "contacted", "closed"};

static_assert(std::size(kEventTypes) == kEventTypeCount);
static_assert(std::size(kRoles) == kRoleCount);
static_assert(std::size(kStaffRoles) == kStaffRoleCount);
static_assert(std::size(kCrimeFlags) == kCrimeFlagCount);
static_assert(std::size(kPersonFlags) == kPersonFlagCount);
static_assert(std::size(kChannels) == kChannelCount);
static_assert(std::size(kContactOutcomes) == kContactOutcomeCount);
static_assert(std::size(kCaseOutcomes) == kCaseOutcomeCount);
static_assert(std::size(kInfoItems) == kInfoItemCount);
static_assert(std::size(kOutboxStatuses) == kOutboxStatusCount);
static_assert(std::size(kReferralStatuses) == kReferralStatusCount);
static_assert(kDutyIdCount <= 32, "DutyMask holds 32 duties");

template <typename E, size_t N>
std::optional<E> Find(const std::string_view (&names)[N], std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(EventType v) { return kEventTypes[static_cast<size_t>(v)]; }
std::string_view Name(Role v) { return kRoles[static_cast<size_t>(v)]; }
std::string_view Name(StaffRole v) { return kStaffRoles[static_cast<size_t>(v)]; }
std::string_view Name(CrimeFlag v) { return kCrimeFlags[static_cast<size_t>(v)]; }
std::string_view Name(PersonFlag v) { return kPersonFlags[static_cast<size_t>(v)]; }
std::string_view Name(Channel v) { return kChannels[static_cast<size_t>(v)]; }
std::string_view Name(ContactOutcome v) { return kContactOutcomes[static_cast<size_t>(v)]; }
std::string_view Name(CaseOutcome v) { return kCaseOutcomes[static_cast<size_t>(v)]; }
std::string_view Name(InfoItem v) { return kInfoItems[static_cast<size_t>(v)]; }
std::string_view Name(OutboxStatus v) { return kOutboxStatuses[static_cast<size_t>(v)]; }
std::string_view Name(ReferralStatus v) { return kReferralStatuses[static_cast<size_t>(v)]; }

bool IsWitnessCareDuty(std::string_view duty_id) {
  const auto* first = std::find(std::begin(kDutyIds), std::end(kDutyIds), "hearing_details");
  const auto* last = std::find(first, std::end(kDutyIds), "case_outcome");
  return last != std::end(kDutyIds) && std::find(first, last + 1, duty_id) != last + 1;
}

std::string_view DutyTitle(std::string_view duty_id) {
  // In kDutyIds' order.
  static constexpr std::string_view kTitles[] = {
      "Tell them the crime will not be investigated",
      "Refer them to victim support",
      "Give them the information leaflet",
      "Tell them about the arrest",
      "Tell them about the interview",
      "Tell them the suspect was released with no further action",
      "Tell them about the suspect's bail",
      "Tell them the bail conditions changed",
      "Tell them the suspect was released under investigation",
      "Tell them about the charge",
      "Tell them about the out of court disposal",
      "Tell them the suspect will not be charged",
      "Tell them the case is closed",
      "Tell them about the first court hearing",
      "Give them their regular update",
      "Tell them the date, time and place of the hearing",
      "Tell them what the court decided about bail",
      "Tell them they are needed to give evidence",
      "Tell them what the court decided about special measures",
      "Tell them the outcome of the case and the sentence",
      "Acknowledge their request for a review",
      "Tell them what the review decided",
      "Tell them the CPS changed or dropped the charges",
  };
  static_assert(std::size(kTitles) == std::size(kDutyIds));
  for (size_t i = 0; i < std::size(kDutyIds); ++i) {
    if (kDutyIds[i] == duty_id) return kTitles[i];
  }
  return duty_id;
}

std::optional<EventType> ParseEventType(std::string_view s) {
  return Find<EventType>(kEventTypes, s);
}
std::optional<Role> ParseRole(std::string_view s) { return Find<Role>(kRoles, s); }
std::optional<StaffRole> ParseStaffRole(std::string_view s) {
  return Find<StaffRole>(kStaffRoles, s);
}
std::optional<CrimeFlag> ParseCrimeFlag(std::string_view s) {
  return Find<CrimeFlag>(kCrimeFlags, s);
}
std::optional<PersonFlag> ParsePersonFlag(std::string_view s) {
  return Find<PersonFlag>(kPersonFlags, s);
}
std::optional<Channel> ParseChannel(std::string_view s) { return Find<Channel>(kChannels, s); }
std::optional<ContactOutcome> ParseContactOutcome(std::string_view s) {
  return Find<ContactOutcome>(kContactOutcomes, s);
}
std::optional<CaseOutcome> ParseCaseOutcome(std::string_view s) {
  return Find<CaseOutcome>(kCaseOutcomes, s);
}
std::optional<InfoItem> ParseInfoItem(std::string_view s) { return Find<InfoItem>(kInfoItems, s); }
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view s) {
  return Find<OutboxStatus>(kOutboxStatuses, s);
}
std::optional<ReferralStatus> ParseReferralStatus(std::string_view s) {
  return Find<ReferralStatus>(kReferralStatuses, s);
}
std::optional<DutyIndex> ParseDutyId(std::string_view s) { return Find<DutyIndex>(kDutyIds, s); }

std::string AllowedNames(std::span<const std::string_view> names) {
  std::string out;
  for (const auto n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}
std::span<const std::string_view> EventTypeNames() { return kEventTypes; }
std::span<const std::string_view> RoleNames() { return kRoles; }
std::span<const std::string_view> StaffRoleNames() { return kStaffRoles; }
std::span<const std::string_view> CrimeFlagNames() { return kCrimeFlags; }
std::span<const std::string_view> PersonFlagNames() { return kPersonFlags; }
std::span<const std::string_view> ChannelNames() { return kChannels; }
std::span<const std::string_view> ContactOutcomeNames() { return kContactOutcomes; }
std::span<const std::string_view> ReferralStatusNames() { return kReferralStatuses; }
std::span<const std::string_view> CaseOutcomeNames() { return kCaseOutcomes; }
std::span<const std::string_view> InfoItemNames() { return kInfoItems; }

bool IsOrganisationId(std::string_view id) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  return !id.empty() && id.size() <= 40 && lower(id[0]) &&
         std::all_of(id.begin(), id.end(),
                     [&](char c) { return lower(c) || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace cf::domain
