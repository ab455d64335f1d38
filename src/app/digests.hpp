#pragma once
// Digests emailed to staff through the outbox: the officer's dip-sample findings (issue 16),
// the officer's shift digest and the sergeant's team digest (issue 17). Each is queued, recorded
// (storage::StaffDigest) and audited (sent_<kind>_digest) in one transaction, so nothing is sent
// twice; being for staff, delivering one records no contact with a victim.
//
// The findings digest tells an officer what their supervisors found when they reviewed the
// officer's cases in dip samples (app/dip_sampling.hpp), so that the findings reach them and
// not only their work page. SendFindingsDigests, run by the worker:
// - gathers the reviews of each officer's cases made since the last digest that officer was
//   sent (each digest records the newest review it covered: storage::StaffDigest), at most
//   kDigestDaysBack back; an officer's first digest, the last kFindingsDays (as their work
//   page shows);
// - sends at most one digest a day to each officer, at the start of their shift beginning that
//   day when the rota gives one, else from kDigestMinute (07:00, London time);
// - never to an officer on leave: their findings wait, and go in the digest on their first
//   day back;
// - links to the case and the work page only when the force setting staff_url is set (never
//   to a default address that is not the force's);
// - never to a disabled account, or one without an email address (their findings are on their
//   work page all the same; the run counts them);
// - queues each digest, records it and audits it (sent_findings_digest) in one transaction, so
//   a run that stops half-way sends nothing twice. The outbox sends it as any email (SMTP or
//   GOV.UK Notify); being for staff, it records no contact with a victim.

#include <cstddef>

#include "app/services.hpp"

namespace cf::app {

inline constexpr int kDigestMinute = 7 * 60;
inline constexpr int kDigestDaysBack = 366;

struct DigestRun {
  size_t sent = 0;      // digests queued
  size_t reviews = 0;   // findings: reviews they carried
  size_t items = 0;     // shift and team: the actions they listed (team: red items)
  size_t on_leave = 0;  // officers with findings waiting for their return
  size_t no_email = 0;  // officers with findings and no usable account or address
};
DigestRun SendFindingsDigests(Services& s);

// The shift digest: each officer, at the start of each shift that begins today (from the rota;
// no shift, no digest), is emailed what on their cases is overdue, falls due by the shift's end,
// or has reached a local policy's reminder day (West Mercia's days 5 and 21), most urgent first,
// at most 50 lines. Never to an officer on leave, a disabled account or one without an email.
// People are named by their id on the case, never by name: the queue has their details. A shift
// with nothing to tell is recorded (outbox 0) and sends nothing.
DigestRun SendShiftDigests(Services& s);

// The team digest: each sergeant, once a day at the start of their shift beginning today (else
// from 07:00), is emailed their unit's red items (overdue beyond the force's threshold): the
// count by officer and the first 50. Not on leave; nothing when nothing is red.
DigestRun SendTeamDigests(Services& s);

}  // namespace cf::app
