#pragma once
// Quality call-backs (issue 16): as Dorset's sergeants phone one victim a week and Kent's
// review team calls victims back, each supervisor has a list of victims to phone each week,
// drawn from their unit's recent cases, with a call script of the survey's five stage questions
// and Annex B's diagnostic questions. An answered call's answers are stored as a survey
// response (source call_back) linked to the case, so they count in satisfaction and key driver
// analysis like the force's own survey.
//
// Who is never put on a list:
// - anyone but a victim aged 16 or over on the day the week begins (the survey's population);
// - anyone who opted out of updates (their latest contract.agreed has wants_updates false);
// - anyone with no phone number, or whose contact agreement marks phone unsafe;
// - an enhanced victim (a victim of the most serious crime, persistently targeted, vulnerable or
//   intimidated) without consent to be called: they are phoned only when their latest contact
//   agreement chose phone as the way to reach them;
// - anyone already on a list before (once called, declined or not, nobody is asked twice).

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "storage/quality_store.hpp"

namespace cf::app {

// Cases recorded from 13 weeks to 4 weeks before the week begins: late enough for the victim
// to have been kept informed (the survey interviews 6 to 12 weeks after the report), recent
// enough to be remembered.
inline constexpr int kCallCasesFromDays = 91;
inline constexpr int kCallCasesToDays = 28;
inline constexpr size_t kMaxCallCommentChars = 2000;

// Supervisors with a unit make quality calls, each from their own list.
bool MayMakeQualityCalls(const storage::User& user);

// The Monday of the week `day` falls in.
core::Date WeekOf(core::Date day);

// One call of a list, with what the caller needs to make it. The phone number is only ever
// one the contact agreement does not mark unsafe.
struct CallTarget {
  int position = 0;  // in the list, from 1
  storage::QualityCall call;
  std::string name;
  std::string phone;
  std::string language;       // "" when not recorded
  std::string contact_times;  // from the needs assessment, "" when not given
  std::string crime_type;
  core::Date recorded_on;
  std::string officer;  // staff id of the officer in case
};

struct CallListView {
  storage::QualityCallList list;
  std::vector<CallTarget> targets;
  // Drawn now: how many people each rule left out ("opted out of updates": 3, ...).
  std::map<std::string, size_t> left_out;
};

// The actor's list for `week` (a Monday), audited as viewed_quality_calls; nullopt when not
// yet drawn. kPermissionDenied for those who do not make quality calls.
core::Result<std::optional<CallListView>> CallListAs(Services& s, const Actor& actor,
                                                     core::Date week);

// Draws and stores the actor's list for `week` (a Monday): the force's setting
// quality_calls_per_week people at random (the seed recorded) from the unit's cases recorded
// kCallCasesFromDays to kCallCasesToDays before it, leaving out those above. A list already
// drawn is given back as it was. Audited as drew_quality_calls. Errors: kPermissionDenied;
// kInvalidArgument (a week that is not a Monday or not this week, the force has set no calls).
core::Result<CallListView> DrawCallListAs(Services& s, const Actor& actor, core::Date week,
                                          std::optional<uint64_t> seed = std::nullopt);

struct QualityCallAnswers {
  std::string outcome;  // answered, no_answer, declined
  // Each stage on the seven-point scale (storage::kSurveyStages order): "1" to "7", or "0"
  // for don't know; "" not given.
  std::array<std::string, 5> stages;
  std::map<std::string, std::string> diagnostics;  // question key -> yes, no ("" not asked)
  std::string comments;                            // verbatim, for the unit
};

// Records one call of the actor's own list, audited as recorded_quality_call on the case.
// No answer counts an attempt (the call stays on the list to try again); declined closes it;
// answered stores the answers as survey response "call-<list>-<position>" (source call_back)
// and the call in one transaction. `problems` gets one line per field wrong (an outcome not
// chosen, a stage not answered, an answer not on the scale, comments too long); nothing is
// stored then. Errors: kPermissionDenied (not the list's supervisor), kNotFound (no such
// call), kInvalidArgument (with problems).
core::Result<storage::QualityCall> RecordQualityCallAs(Services& s, const Actor& actor,
                                                       int64_t list_id, int position,
                                                       const QualityCallAnswers& answers,
                                                       std::vector<std::string>& problems);

}  // namespace cf::app
