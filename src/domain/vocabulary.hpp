#pragma once
// The one vocabulary of Citizen Focus: event types, roles, flags, outcomes and duty ids,
// with their wire names (events.md). Every other module speaks in these types.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cf::domain {

enum class EventType : uint8_t {
  kCrimeRecorded,
  kPersonAdded,
  kPersonFlagged,
  kPersonUnflagged,
  kNeedsAssessed,
  kContractAgreed,
  kReferralConsented,
  kReferralOptedOut,
  kReferralSent,
  kInformationGiven,
  kOfficerAssigned,
  kInvestigationNotPursued,
  kSuspectArrested,
  kSuspectInterviewed,
  kSuspectReleasedNfa,
  kSuspectReleasedUnderInvestigation,
  kSuspectBailed,
  kSuspectBailChanged,
  kSuspectCharged,
  kSuspectOutOfCourtDisposal,
  kDecisionNoCharge,
  kCourtHearingSet,
  kCaseClosed,
  kCaseReopened,
  kContactMade,
  kPersonDetailsChanged,
  // The Witness Care Unit (issue 17): the handover after charge, and what the unit receives
  // from the court or the CPS. Each dates the unit's receipt, from which its duties count.
  kCaseHandedToWcu,
  kWcuHearingReceived,
  kWcuBailOutcomeReceived,
  kWcuEvidenceRequired,
  kWcuSpecialMeasuresDecided,
  kWcuCourtResultReceived,
  // Reviews and the CPS (issue 17, item 7): a Victims' Right to Review asked for and decided,
  // and a charge the CPS changed or dropped after charge.
  kVrrRequested,
  kVrrDecided,
  kCpsChargeAltered,
};
inline constexpr int kEventTypeCount = 35;

// The longest agreed interval between updates a contract.agreed may give (frequency_days):
// ten years. Forms, the reader and rule sets hold to the same range, 1 to this.
inline constexpr int kMaxFrequencyDays = 3660;

enum class Role : uint8_t {
  kVictim,
  kWitness,
  kBereavedRelative,
  kParentGuardian,
  kBusinessContact,
  kFamilySpokesperson,
};
inline constexpr int kRoleCount = 6;

// What a member of staff (or a partner agency's system) does: decides what they may see and
// do (app/access.hpp). Wire names: officer, supervisor, bureau, analyst, admin, partner, wcu.
enum class StaffRole : uint8_t {
  kOfficer,
  kSupervisor,
  kBureau,
  kAnalyst,
  kAdmin,
  kPartner,
  kWcu,  // Witness Care Unit staff
};
inline constexpr int kStaffRoleCount = 7;

// Crime flags (bit positions in a mask).
enum class CrimeFlag : uint8_t {
  kDomesticAbuse,
  kHateCrime,
  kTerrorism,
  kSexualOffence,
  kHumanTrafficking,
  kAttemptedMurder,
  kKidnap,
  kFalseImprisonment,
  kArsonEndangeringLife,
  kGbhWithIntent,
  kHarassmentStalking,
};
inline constexpr int kCrimeFlagCount = 11;

// Person flags (bit positions in a mask).
enum class PersonFlag : uint8_t { kVulnerable, kIntimidated, kPersistentlyTargeted, kRepeatVictim };
inline constexpr int kPersonFlagCount = 4;

enum class Channel : uint8_t { kPhone, kSms, kEmail, kLetter, kVisit, kPortal };
inline constexpr int kChannelCount = 6;

enum class ContactOutcome : uint8_t {
  kSpoke,
  kVisited,
  kLetterSent,
  kEmailSent,
  kSmsSent,
  kPortalMessage,
  kLeftMessage,
  kNoAnswer,
};
inline constexpr int kContactOutcomeCount = 8;

enum class CaseOutcome : uint8_t {
  kCharged,
  kNoSuspect,
  kEvidentialDifficulties,
  kNotInPublicInterest,
  kVictimWithdrew,
  kOther,
};
inline constexpr int kCaseOutcomeCount = 6;

enum class InfoItem : uint8_t {
  kVictimsOfCrimeLeaflet,
  kWitnessLeaflet,
  kVpsOffered,
  kAcknowledgement,
  kCrimePreventionAdvice,
  kCompensationInformation,
};
inline constexpr int kInfoItemCount = 6;

// Where a message in the outbox has got to (migration 0010). Wire names: created (waiting to
// be sent, or to be tried again), sending (handed to a provider, no word yet), delivered,
// failed (given up), suppressed (not sent: the contact agreement rules that channel out).
enum class OutboxStatus : uint8_t { kCreated, kSending, kDelivered, kFailed, kSuppressed };
inline constexpr int kOutboxStatusCount = 5;

// What became of a referral to Victim Support (migrations 0012, 0014). `sent` is ours (a
// file was dropped); the rest are Victim Support's word. Wire names: sent, received,
// accepted, declined, contacted, closed.
enum class ReferralStatus : uint8_t { kSent, kReceived, kAccepted, kDeclined, kContacted, kClosed };
inline constexpr int kReferralStatusCount = 6;

// Duty ids that events may name in `covers` and rule sets may define. Kept as one closed
// list so that a typo in either is caught at load.
inline constexpr std::string_view kDutyIds[] = {
    "not_investigated",
    "refer_support",
    "information_leaflet",
    "arrest",
    "interview",
    "released_nfa",
    "bail",
    "bail_changed",
    "released_under_investigation",
    "charge",
    "out_of_court_disposal",
    "no_charge",
    "closure",
    "first_hearing",
    "periodic_update",
    // The Witness Care Unit's (rule set witness-care-2020).
    "hearing_details",
    "bail_outcome",
    "give_evidence",
    "special_measures",
    "case_outcome",
    // Reviews and the CPS (the Codes' rule sets).
    "vrr_acknowledgement",
    "vrr_outcome",
    "charge_altered",
};
inline constexpr int kDutyIdCount = static_cast<int>(std::size(kDutyIds));

// What the Witness Care Unit's events report (events.md, issue 17): the court's bail decision,
// its decision on special measures, and the case's result.
inline constexpr std::string_view kWcuBailOutcomes[] = {
    "remanded_in_custody", "bail_granted", "bail_varied", "warrant_issued", "arrested_on_warrant"};
// The special measures a court may allow (Youth Justice and Criminal Evidence Act 1999).
inline constexpr std::string_view kSpecialMeasures[] = {"screens",
                                                        "live_link",
                                                        "evidence_in_private",
                                                        "wigs_and_gowns_removed",
                                                        "video_recorded_interview",
                                                        "intermediary",
                                                        "communication_aids"};
inline constexpr std::string_view kPleas[] = {"not_guilty", "mixed"};
inline constexpr std::string_view kSpecialMeasuresDecisions[] = {"granted", "partly_granted",
                                                                 "refused"};
// A Victims' Right to Review: whose decision is reviewed, and what the review found.
inline constexpr std::string_view kVrrDecisionsBy[] = {"police", "cps"};
inline constexpr std::string_view kVrrOutcomes[] = {"upheld", "overturned"};
// What the CPS did to a charge after it was brought.
inline constexpr std::string_view kChargeChanges[] = {"altered", "dropped"};
inline constexpr std::string_view kCourtResults[] = {"convicted", "acquitted", "discontinued",
                                                     "other"};
// A duty as a person reads it ("Tell them about the arrest"); the id itself when unknown.
std::string_view DutyTitle(std::string_view duty_id);
// Whether a Witness Care Unit owes the duty once a case is handed to it (hearing_details to
// case_outcome).
bool IsWitnessCareDuty(std::string_view duty_id);
using DutyIndex = uint8_t;
using DutyMask = uint32_t;  // bit i = kDutyIds[i]

std::string_view Name(EventType v);
std::string_view Name(Role v);
std::string_view Name(StaffRole v);
std::string_view Name(CrimeFlag v);
std::string_view Name(PersonFlag v);
std::string_view Name(Channel v);
std::string_view Name(ContactOutcome v);
std::string_view Name(CaseOutcome v);
std::string_view Name(InfoItem v);
std::string_view Name(OutboxStatus v);
std::string_view Name(ReferralStatus v);

// Wire name -> value; nullopt for an unknown name.
std::optional<EventType> ParseEventType(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<StaffRole> ParseStaffRole(std::string_view s);
std::optional<CrimeFlag> ParseCrimeFlag(std::string_view s);
std::optional<PersonFlag> ParsePersonFlag(std::string_view s);
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<ContactOutcome> ParseContactOutcome(std::string_view s);
std::optional<CaseOutcome> ParseCaseOutcome(std::string_view s);
std::optional<InfoItem> ParseInfoItem(std::string_view s);
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view s);
std::optional<ReferralStatus> ParseReferralStatus(std::string_view s);
std::optional<DutyIndex> ParseDutyId(std::string_view s);

// The allowed wire names, comma separated, for error messages.
std::string AllowedNames(std::span<const std::string_view> names);
std::span<const std::string_view> EventTypeNames();
std::span<const std::string_view> RoleNames();
std::span<const std::string_view> StaffRoleNames();
std::span<const std::string_view> CrimeFlagNames();
std::span<const std::string_view> PersonFlagNames();
std::span<const std::string_view> ChannelNames();
std::span<const std::string_view> ContactOutcomeNames();
std::span<const std::string_view> CaseOutcomeNames();
std::span<const std::string_view> InfoItemNames();
std::span<const std::string_view> ReferralStatusNames();
inline std::span<const std::string_view> DutyIdNames() { return kDutyIds; }

// Victims' Code section 5: contacts that inform; left messages and no answer are attempts.
inline bool IsInforming(ContactOutcome o) {
  return o != ContactOutcome::kLeftMessage && o != ContactOutcome::kNoAnswer;
}
// Roles that speak for someone else and are owed nothing themselves.
inline bool IsRepresentative(Role r) {
  return r == Role::kParentGuardian || r == Role::kFamilySpokesperson;
}

template <typename E>
constexpr uint32_t Bit(E e) {
  return uint32_t{1} << static_cast<unsigned>(e);
}

// An organisation's id as events name it in a referral's `to` (victim_support, womens_aid):
// 1 to 40 lower-case letters, digits and _, starting with a letter.
bool IsOrganisationId(std::string_view id);

}  // namespace cf::domain
