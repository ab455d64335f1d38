#pragma once
// The durable case store: an append-only event log (the source of truth) and the data
// derived from it, as one repository per aggregate (EventLog; CaseRepository: cases, their
// people and obligations; CallBackRepository; OutboxRepository; ReferralRepository;
// SettingsRepository; LeaseRepository; RetentionRepository). CaseStore is all of them over one
// database, with its transactions, so that a PostgreSQL backend can follow the SQLite one; a use
// case that needs one aggregate takes that interface. Every backend must pass
// tests/storage_contract_test.cpp.
//
// Errors: infrastructure failures (I/O, a locked or corrupt database) throw StorageError;
// they end the command. Expected outcomes (not found, already there) are return values.
// Thread-compatible: one store per thread.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "domain/vocabulary.hpp"

namespace cf::storage {

struct StorageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct StoredEvent {
  std::string id;
  std::string crime;
  std::string type;
  std::string at;            // RFC 3339 as received
  std::string content_hash;  // of the canonical JSON: same id + same hash = same event
  std::string body;          // the original JSON line
};

struct CaseRow {
  std::string crime;
  std::string crime_type;
  std::string unit;
  std::string officer;
  core::Date recorded_on;
  core::Date last_event_on;
  core::Date computed_as_of;
  std::string rule_sets;  // comma separated ids that judged it
  bool closed = false;
  std::string error;  // why obligations could not be computed, or empty
  // The deadline of the periodic update in progress when computed: asked about a later
  // day, the case must be brought forward. None when no update is in progress.
  std::optional<core::Date> stale_after;
  // The Witness Care Unit the case was handed to (case.handed_to_wcu), or "" (migration 0031).
  std::string wcu_unit{};

  bool operator==(const CaseRow&) const = default;
};

struct PersonRow {
  std::string person;
  domain::Role role = domain::Role::kVictim;
  std::string represents;
  std::string display_name;
  std::string search_text;  // lower-case name, phone digits, email, postcode, birth date digits
  // To tell people of one name apart in search results (migration 0019; empty before it).
  std::optional<core::Date> date_of_birth = std::nullopt;
  std::string postcode{};
};

struct ObligationRow {
  std::string crime;
  int n = 0;  // position in the case's obligations
  std::string person;
  std::string duty;
  int instance = 1;
  std::string rule_set;
  std::string trigger_event;
  core::Date trigger_date;
  core::Date deadline;
  bool enhanced = false;
  std::optional<core::Date> met_at;  // none: not met
  std::string met_by;
  std::string not_required;  // reason, or empty
  // The day from which not required; none: unknown, always (a row stored before it was kept).
  std::optional<core::Date> not_required_on;
  std::optional<core::Date> remind_on;
  bool settled = false;  // met, met late or not required: time no longer changes it
  // The case was closed when this was computed: unsettled, it has left the officer's queue
  // for the supervisor's "missed before closure" list (and still counts in compliance).
  bool case_closed = false;
  // False for a periodic update waiting behind an earlier unsettled update of the same
  // person: one update satisfies them all, so the work queue shows the earliest as the line.
  bool queue_line = true;
  std::string officer;
  std::string unit;
  std::string crime_type;

  bool operator==(const ObligationRow&) const = default;
};

// Who a query is about: a whole force, one unit, one officer, or one officer's cases in a
// unit (both set).
struct Scope {
  std::string officer;
  std::string unit;
};

// A victim or witness asked the bureau for an update it could not give: the officer in case
// calls them back. `officer` and `unit` are the case's current ones.
struct CallBack {
  int64_t id = 0;
  std::string crime;
  std::string person;
  std::string request;  // what they asked, in the bureau's words
  std::string raised_by;
  std::string raised_at;  // RFC 3339 UTC
  std::string done_at;    // empty: still open
  std::string done_by;
  std::string outcome;
  std::string officer;
  std::string unit;
  // The officer who will call back when it is not the case's officer in case (who was on
  // leave when it was raised): their cover, or their sergeant. "" for the officer in case.
  std::string assigned_to{};
  // What they asked for: "call_back" (also when empty), "update", or "message" (a portal
  // message to answer in writing).
  std::string kind{};
};

// A message in the outbox (see migration 0010).
struct OutboxMessage {
  int64_t id = 0;
  std::string idempotency_key;
  std::string crime;
  std::string person;
  std::string channel;  // email, sms, letter
  std::string recipient;
  std::string template_id;
  std::string lang;
  std::string subject;
  std::string body_text;
  std::string body_html;
  domain::OutboxStatus status = domain::OutboxStatus::kCreated;
  int attempts = 0;
  std::string next_attempt_at;  // RFC 3339 UTC
  std::string last_error;       // or why it was suppressed
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::string provider_id;  // Notify's id once it has accepted the message
  // While "sending": the worker that claimed it and until when (RFC 3339 UTC; empty: a claim
  // made before migration 0033, or none). ClaimOutbox sets them; UpdateOutbox leaves them.
  std::string claimed_by;
  std::string lease_until;
};

// A referral to Victim Support or another organisation (migrations 0012, 0014, 0032).
struct ReferralRow {
  std::string key;  // crime|person|trigger, or crime|person|to:ORGANISATION
  std::string organisation = "victim_support";
  std::string crime;
  std::string person;
  std::string sent_by;  // file:PATH or http:URL
  std::string created_at;
  domain::ReferralStatus status = domain::ReferralStatus::kSent;
  std::string status_at;
  std::string note;  // Victim Support's note with the status
};

// An organisation other than Victim Support that the force refers people to, with their
// consent (migration 0032).
struct OrganisationRow {
  std::string id;  // womens_aid: events name it in `to`
  std::string name;
  std::string offers;  // what it offers, in a line
  bool active = true;  // false: withdrawn
  std::string updated_at;
};

// A page of the work queue: open obligations of cases not closed, one line per person's
// outstanding periodic updates (ObligationRow::queue_line), filtered and sorted.
enum class QueueSort { kDeadline, kCrime, kPerson };
struct QueueQuery {
  Scope scope;
  core::Date as_of;                       // the obligations that exist on this day
  std::optional<core::Date> due_after;    // deadline after this day, if set
  std::optional<core::Date> due_by;       // deadline on or before this day, if set
  std::string duty;                       // empty: any
  std::string crime_type;                 // empty: any
  bool enhanced_only = false;             // victims entitled to enhanced services
  QueueSort sort = QueueSort::kDeadline;  // ties: storage order
  size_t offset = 0;
  size_t limit = 50;  // 0: every line from `offset` on
};
struct QueueLine {
  ObligationRow row;
  std::string person_name;  // the person's display name, or empty
  int more_updates = 0;     // this person's other outstanding updates the line stands for
};
struct QueuePage {
  std::vector<QueueLine> lines;
  int64_t total = 0;  // lines matching, on every page
};

// A supervisor's acknowledgement of a duty left unmet when its case was closed. Kept by the
// duty's identity, not by its position, so that it outlives recomputing the case.
struct MissedAcknowledgement {
  std::string crime;
  std::string person;
  std::string duty;
  int instance = 1;
  std::string note;
  std::string by;
  std::string at;  // RFC 3339 UTC
};

struct ComplianceCount {
  std::string group;
  std::string status;  // met, met_late, overdue, not_required, open
  int64_t count = 0;
  std::string group2;  // the second grouping's value ("" with one grouping)
};

// What CaseStore::Compliance counts: obligations with deadlines in [from, to] (and triggered
// by as_of), by status as of `as_of`, grouped by one or two of force, unit, officer, duty,
// crime_type and month ("2026-05", of the deadline).
struct ComplianceQuery {
  core::Date from;
  core::Date to;
  core::Date as_of;
  std::vector<std::string> group_by = {"force"};  // one or two
  std::vector<std::string> duties;                // empty: every duty
  std::vector<std::string> rule_sets;             // empty: every rule set
};
// The groupings ComplianceQuery takes.
inline const std::vector<std::string>& ComplianceGroupings() {
  static const std::vector<std::string> kGroupings = {"force", "unit",       "officer",
                                                      "duty",  "crime_type", "month"};
  return kGroupings;
}

// The event log: append-only, the source of truth.
class EventLog {
 public:
  virtual ~EventLog() = default;

  virtual int64_t StartImport(const std::string& source, const std::string& started_at) = 0;
  virtual void FinishImport(int64_t import_id, int64_t lines, int64_t accepted, int64_t duplicates,
                            int64_t rejected, const std::string& finished_at) = 0;
  // The content hash of the event with this id, or nullopt if it is not in the log.
  virtual std::optional<std::string> EventHash(const std::string& id) = 0;
  virtual void AppendEvent(const StoredEvent& event, int64_t import_id) = 0;
  // Every event body of a crime, in log order.
  virtual std::vector<std::string> EventBodies(const std::string& crime) = 0;
  // Events appended after position `seq` of the log, in order, at most `limit`, for those who
  // follow the log as it grows (the portal's alerts). Positions only grow; ApproxEventCount is
  // the last one taken.
  struct Appended {
    int64_t seq = 0;
    std::string id;
    std::string crime;
    std::string type;
  };
  virtual std::vector<Appended> EventsAfter(int64_t seq, size_t limit) = 0;
  virtual int64_t EventCount() = 0;
  // About how many events the log holds, at once on a log of any size (SQLite: the last
  // sequence number); 0 exactly when it holds none.
  virtual int64_t ApproxEventCount() = 0;
  // Visits every crime's bodies in log order, crime by crime, the crimes in the order the log
  // first names them. `fn` may move the bodies out.
  virtual void ForEachCase(const std::function<void(const std::string& crime,
                                                    std::vector<std::string>& bodies)>& fn) = 0;
};

// Cases, their people and their obligations: derived from the log, replaced whole per case.
class CaseRepository {
 public:
  virtual ~CaseRepository() = default;

  virtual bool CrimeExists(const std::string& crime) = 0;
  virtual bool PersonExists(const std::string& crime, const std::string& person) = 0;
  // Replaces everything derived for one case, atomically with the caller's transaction.
  virtual void ReplaceCase(const CaseRow& row, const std::vector<PersonRow>& people,
                           const std::vector<ObligationRow>& obligations) = 0;
  // Stores a case nothing is stored for yet (after ClearDerived, or a crime new to the store):
  // ReplaceCase without looking for rows to replace. Throws StorageError if there are some.
  virtual void AddCase(const CaseRow& row, const std::vector<PersonRow>& people,
                       const std::vector<ObligationRow>& obligations) = 0;
  virtual void ClearDerived() = 0;
  virtual std::optional<CaseRow> FindCase(const std::string& crime) = 0;
  // The cases of `unit` recorded in [from, to], by crime reference.
  virtual std::vector<CaseRow> CasesRecorded(const std::string& unit, core::Date from,
                                             core::Date to) = 0;
  virtual int64_t CaseCount() = 0;
  virtual std::vector<ObligationRow> CaseObligations(const std::string& crime) = 0;
  // The case's people, in the order they were added.
  virtual std::vector<PersonRow> CasePeople(const std::string& crime) = 0;

  // Unsettled obligations of cases not closed, in scope, that exist on `as_of` (trigger_date
  // on or before it), most urgent (earliest deadline) first, then by trigger date and storage
  // order (the scope's index order, so that the first `limit` rows are read and no more), at
  // most `limit` (0: all).
  virtual std::vector<ObligationRow> OpenObligations(const Scope& scope, core::Date as_of,
                                                     size_t limit) = 0;
  // How many of those there are in all, due on or before `red_until`, and due on or before
  // `as_of` (each a superset of the one before).
  struct OpenCounts {
    int64_t total = 0;
    int64_t due_by_red_until = 0;
    int64_t due_by_as_of = 0;
  };
  virtual OpenCounts CountOpen(const Scope& scope, core::Date as_of, core::Date red_until) = 0;
  // The same counts for each officer with open obligations in `unit`, by officer id.
  struct OfficerCounts {
    std::string officer;
    OpenCounts counts;
  };
  virtual std::vector<OfficerCounts> CountOpenByOfficer(const std::string& unit, core::Date as_of,
                                                        core::Date red_until) = 0;
  // The lines of the work queue that `query` asks for (QueueQuery), and how many there are.
  virtual QueuePage Queue(const QueueQuery& query) = 0;
  // The crime types of the open obligations of cases not closed in scope, sorted: the queue's
  // filter offers them.
  virtual std::vector<std::string> OpenCrimeTypes(const Scope& scope) = 0;
  // Unsettled obligations of closed cases in scope not yet acknowledged, earliest deadline
  // first: a page from `offset`, at most `limit` (0: all), and how many there are.
  virtual QueuePage MissedAtClosure(const Scope& scope, size_t offset, size_t limit) = 0;
  // Records an acknowledgement; false if that duty was acknowledged already.
  virtual bool AcknowledgeMissed(const MissedAcknowledgement& ack) = 0;
  virtual std::optional<MissedAcknowledgement> MissedAcknowledgementOf(const std::string& crime,
                                                                       const std::string& person,
                                                                       const std::string& duty,
                                                                       int instance) = 0;

  // Crimes in scope whose log has events dated after `date` (their stored state is newer).
  virtual std::vector<std::string> CrimesWithEventsAfter(const Scope& scope, core::Date date) = 0;
  // Crimes in scope whose periodic update in progress was due before `date`: their chain
  // of updates must be brought forward to `date`.
  virtual std::vector<std::string> CrimesToRollForward(const Scope& scope, core::Date date) = 0;

  // Obligations counted as ComplianceQuery says, ordered by group, group2 and status.
  // Throws std::invalid_argument for a grouping not in ComplianceGroupings() or more than two.
  virtual std::vector<ComplianceCount> Compliance(const ComplianceQuery& query) = 0;
  // One grouping (force, unit, officer, duty or crime_type), `duties` filtering (empty: all).
  std::vector<ComplianceCount> Compliance(core::Date from, core::Date to, core::Date as_of,
                                          const std::string& group_by,
                                          const std::vector<std::string>& duties) {
    return Compliance(ComplianceQuery{from, to, as_of, {group_by}, duties, {}});
  }

  // Crimes whose reference is `text`, or with a person whose name, phone number (digits
  // compared), email or postcode contains it; case-insensitive; at most `limit`.
  virtual std::vector<std::string> SearchCases(const std::string& text, size_t limit) = 0;

  // Unsettled obligations of one duty across the force, earliest deadline first.
  virtual std::vector<ObligationRow> OpenObligationsOfDuty(const std::string& duty,
                                                           size_t limit) = 0;
};

// Call-backs a victim or witness is waiting for. They follow their case's officer and unit.
class CallBackRepository {
 public:
  virtual ~CallBackRepository() = default;

  // Call-backs. AddCallBack returns the new id. OpenCallBacks: those not done on cases in
  // scope, oldest first. CaseCallBacks: all of one case's, newest first.
  virtual int64_t AddCallBack(const CallBack& call_back) = 0;
  virtual std::vector<CallBack> OpenCallBacks(const Scope& scope, size_t limit) = 0;
  virtual std::vector<CallBack> CaseCallBacks(const std::string& crime) = 0;
  // Marks open call-backs done: one by id (on that crime), or, with id 0, every open one for
  // `person` on `crime`. Returns how many it marked; 0 when none was open.
  virtual int CompleteCallBacks(const std::string& crime, int64_t id, const std::string& person,
                                const std::string& by, const std::string& at,
                                const std::string& outcome) = 0;
};

// Messages to send, and what became of them (at least once, never twice for one key).
class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;

  // The outbox. AddOutbox returns the id; a message whose idempotency key is stored already
  // is not added again (its id is returned). UpdateOutbox writes status, attempts, next attempt,
  // error and updated_at. Outbox: one message by id. CaseOutbox: a case's, newest first.
  // OutboxWithStatus: by status, on the cases in scope (an empty scope: every message), oldest
  // first (e.g. "sending" after a crash; "failed" on an officer's cases).
  virtual int64_t AddOutbox(const OutboxMessage& message) = 0;
  // Claims messages for `worker` to send, marking each "sending" with the claim and its lease
  // (until `lease_until`) in the one statement that chooses them, so that two workers (on one
  // database, in any number of processes) never claim one message while its lease lasts:
  // - ClaimOutbox: up to `limit` "created" messages whose next attempt is due at `now`
  //   (letters only `with_letters`), oldest first;
  // - ReclaimOutbox: "sending" ones no provider has accepted (no provider_id) whose lease
  //   ended before `now` (or that have none): their worker died mid-send. Its successor sends
  //   them again under the same idempotency key.
  // Both return the messages as claimed, oldest first.
  virtual std::vector<OutboxMessage> ClaimOutbox(const std::string& worker, const std::string& now,
                                                 const std::string& lease_until, size_t limit,
                                                 bool with_letters) = 0;
  virtual std::vector<OutboxMessage> ReclaimOutbox(const std::string& worker,
                                                   const std::string& now,
                                                   const std::string& lease_until,
                                                   size_t limit) = 0;
  virtual void UpdateOutbox(const OutboxMessage& message) = 0;
  // How many messages there are of each status (every status, 0 for none): GET /metrics.
  virtual std::map<domain::OutboxStatus, int64_t> CountOutbox() = 0;
  // Rewrites a message's bodies (a secret taken out once sent).
  virtual void ReplaceOutboxBody(int64_t id, const std::string& body_text,
                                 const std::string& body_html) = 0;
  virtual std::optional<OutboxMessage> Outbox(int64_t id) = 0;
  virtual std::vector<OutboxMessage> CaseOutbox(const std::string& crime) = 0;
  virtual std::vector<OutboxMessage> OutboxWithStatus(domain::OutboxStatus status,
                                                      const Scope& scope, size_t limit) = 0;
  // As OutboxWithStatus, messages to victims and witnesses only: a digest to staff (no case)
  // is left out, so that an empty scope lists every case's.
  virtual std::vector<OutboxMessage> CaseMessagesWithStatus(domain::OutboxStatus status,
                                                            const Scope& scope, size_t limit) = 0;
};

// Referrals to Victim Support and the other organisations a force lists, and their word on each.
class ReferralRepository {
 public:
  virtual ~ReferralRepository() = default;

  // Referrals sent: whether a key is recorded, and recording one (false when it already was):
  // its key, organisation, crime, person, sent_by, status and created_at (also the status's).
  virtual bool ReferralSent(const std::string& key) = 0;
  virtual bool RecordReferral(const ReferralRow& referral) = 0;
  virtual std::optional<ReferralRow> Referral(const std::string& key) = 0;
  virtual std::vector<ReferralRow> CaseReferrals(const std::string& crime) = 0;
  // Most recent first; `status` nullopt for all, `organisation` "" for every organisation's.
  virtual std::vector<ReferralRow> Referrals(std::optional<domain::ReferralStatus> status,
                                             const std::string& organisation, size_t limit) = 0;
  // The organisations listed, withdrawn ones too, by id; adding or changing one by its id.
  virtual std::vector<OrganisationRow> Organisations() = 0;
  virtual void SaveOrganisation(const OrganisationRow& organisation) = 0;
  // The crimes whose log holds a referral.consented to `organisation` (not Victim Support) by a
  // person with no referral to it recorded (key crime|person|to:ORGANISATION), in the order
  // first consented on.
  virtual std::vector<std::string> CrimesWithConsentsTo(const std::string& organisation) = 0;
  virtual void SetReferralStatus(const std::string& key, domain::ReferralStatus status,
                                 const std::string& at, const std::string& note) = 0;
};

// A force's settings (app/force_settings.hpp), by key.
class SettingsRepository {
 public:
  virtual ~SettingsRepository() = default;

  virtual std::optional<std::string> Setting(const std::string& key) = 0;
  virtual void SetSetting(const std::string& key, const std::string& value) = 0;
};

// Leases on named jobs that worker processes share (migration 0033): a job runs where its
// lease is held. Times are RFC 3339 UTC.
class LeaseRepository {
 public:
  virtual ~LeaseRepository() = default;

  // Takes or renews the lease on `job` for `holder` until `until`: true when `holder` holds it
  // now (it was free, its holder's lease ended before `now`, or it was `holder`'s already);
  // false while another holder's lease lasts. Atomic across processes.
  virtual bool TakeLease(const std::string& job, const std::string& holder, const std::string& now,
                         const std::string& until) = 0;
  // Gives up `holder`'s lease on `job` (none: nothing happens).
  virtual void ReleaseLease(const std::string& job, const std::string& holder) = 0;
};

// What the force's retention rules remove from a closed case (app/retention.hpp, migration
// 0035), each kind on a rule of its own: the portal's access and words, messages' addresses and
// words, and the people's details with every free text (the case's statistics stay).
enum class RetainedKind { kPortal, kMessages, kCaseDetails };
std::string_view RetainedKindName(RetainedKind kind);
std::optional<RetainedKind> ParseRetainedKind(std::string_view text);

struct ClosedCase {
  std::string crime;
  std::string closed_at;     // its latest case.closed event's `at`, RFC 3339 as received
  core::Date last_event_on;  // the day of its latest event (cases.last_event_on)
  int64_t last_seq = 0;      // its latest event's place in the log
};

// One kind of personal data removed from one case, for the closing `closed_at`, through the
// case's event `through_seq`.
struct Purge {
  std::string crime;
  RetainedKind kind = RetainedKind::kCaseDetails;
  std::string closed_at;
  std::string purged_at;
  int64_t records = 0;  // rows removed or changed
  int64_t through_seq = 0;
};

// Removing personal data from closed cases. Each Purge* writes within the caller's
// transaction and returns the rows it removed or changed; RecordPurge then records it.
class RetentionRepository {
 public:
  virtual ~RetentionRepository() = default;

  // Every case closed now (its derived row's `closed`), with its latest case.closed event's
  // time and its latest event; crime order. ClosedCaseOf: one case, none unless closed.
  virtual std::vector<ClosedCase> ClosedCases() = 0;
  virtual std::optional<ClosedCase> ClosedCaseOf(const std::string& crime) = 0;
  // Every purge recorded, by crime then kind.
  virtual std::vector<Purge> Purges() = 0;
  // Records the purge, replacing the record of an earlier closing's purge of that kind.
  virtual void RecordPurge(const Purge& purge) = 0;

  // Ends the case's portal access and removes its words: its invitations, accounts and their
  // sessions are deleted, its alerts' links made unusable, and its portal messages' words and
  // authors' names removed (who wrote when stays).
  virtual int64_t PurgePortal(const std::string& crime) = 0;
  // Removes the case's messages' addresses, subjects, words and provider errors; channel,
  // template, status and times stay, so contact made can still be proved.
  virtual int64_t PurgeMessages(const std::string& crime) = 0;
  // Replaces the body and content hash of each of the case's events named by id (the id as
  // stored); throws StorageError, writing nothing more, for an id that is not one of the
  // case's. Also removes the free text of the case's other records: call-backs' requests and
  // outcomes, referrals' status notes, missed acknowledgements' notes, survey responses'
  // comments and dip-sample reviews' findings, and the repeat-victim matches and decisions that
  // name the case. On SQLite, what is removed is overwritten on disk (secure_delete).
  virtual int64_t PurgeCaseDetails(const std::string& crime,
                                   const std::vector<StoredEvent>& events) = 0;
};

// Every repository of one database, with its schema and transactions: what a transaction
// spans. Thread-compatible: one store per thread.
class CaseStore : public EventLog,
                  public CaseRepository,
                  public CallBackRepository,
                  public OutboxRepository,
                  public ReferralRepository,
                  public SettingsRepository,
                  public LeaseRepository,
                  public RetentionRepository {
 public:
  ~CaseStore() override = default;

  // Applies every migration not yet recorded, each in its own transaction.
  virtual void Migrate() = 0;
  // Schema versions applied, in order.
  virtual std::vector<int> AppliedMigrations() = 0;

  // Atomic unit of work; nothing is visible to others (or survives a crash) until Commit.
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;

  // Ends every read left open on the store's connection outside a transaction (a statement
  // that read fewer rows than it had keeps its snapshot until it is next used), so that what
  // follows sees everything committed since, by this connection or another. The server calls
  // it as each request begins. A no-op for stores that keep no snapshots.
  virtual void EndReads() {}

  // Bulk loading (import and recompute of many cases): drops the secondary indexes of the
  // derived tables (cases, people, obligations) inside the caller's transaction, and builds
  // them again, each sorted once, by RestoreDerivedIndexes before it commits (on PostgreSQL it
  // also gathers the planner's statistics for the tables a bulk run fills). A rollback brings
  // them back as they were. Reads of derived data in between may be slow, never wrong. No-ops
  // for stores without such indexes.
  virtual void SuspendDerivedIndexes() {}
  virtual void RestoreDerivedIndexes() {}
};

// Opens (creating if needed) an SQLite database file: WAL, foreign keys, migrations applied.
// For tools and tests (the product opens its stores through OpenSqliteStores).
std::unique_ptr<CaseStore> OpenSqliteStore(const std::string& path);

// RAII transaction: rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(CaseStore& store) : store_(store) { store_.Begin(); }
  ~Transaction() {
    if (!done_) {
      try {
        store_.Rollback();
      } catch (...) {  // NOLINT: a destructor must not throw; the connection reports it next use
      }
    }
  }
  void Commit() {
    store_.Commit();
    done_ = true;
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  CaseStore& store_;
  bool done_ = false;
};

}  // namespace cf::storage
