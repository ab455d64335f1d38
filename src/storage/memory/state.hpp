#pragma once
// Internal to cf_storage_memory: the tables the in-memory stores share, and their
// transactions. Each table mirrors one of the SQLite schema's (src/storage/migrations), with
// ids allocated as SQLite allocates an INTEGER PRIMARY KEY (one more than the largest), so
// that a rolled-back insert's id is given out again, as there.
//
// Transactions keep an undo journal: every change to a table made while one is open records
// how to put it back, Rollback undoes the changes since its Begin, newest first, and the
// outermost Commit forgets them. A transaction so costs what it changes, not the size of
// the store.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "storage/account_store.hpp"
#include "storage/assessment_store.hpp"
#include "storage/case_store.hpp"
#include "storage/portal_store.hpp"
#include "storage/quality_store.hpp"

namespace cf::storage::memory {

// How to undo the changes made since each open Begin. Thread-compatible.
class Journal {
 public:
  bool recording() const { return !marks_.empty(); }
  // REQUIRES: recording()
  void Record(std::function<void()> undo) { undo_.push_back(std::move(undo)); }

  // The first Begin starts a transaction, the rest savepoints within it.
  void Begin() { marks_.push_back(undo_.size()); }
  // Commit and Rollback throw StorageError when no transaction is open, as SQLite does.
  void Commit();
  void Rollback();

 private:
  std::vector<std::function<void()>> undo_;
  std::vector<size_t> marks_;  // undo_.size() at each open Begin, innermost last
};

// Rows by key, read as a std::map and changed only through the calls below, each of which
// the journal can undo. Neither copied nor moved: the journal refers to it.
template <typename K, typename V>
class Table {
 public:
  using Rows = std::map<K, V>;
  explicit Table(Journal& journal) : journal_(journal) {}
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  const Rows& operator*() const { return rows_; }
  const Rows* operator->() const { return &rows_; }

  // Inserts the row, or replaces the one with its key.
  void Put(const K& key, V value) {
    const auto it = rows_.find(key);
    if (it == rows_.end()) {
      rows_.emplace(key, std::move(value));
      if (journal_.recording()) journal_.Record([this, key] { rows_.erase(key); });
      return;
    }
    V old = std::exchange(it->second, std::move(value));
    if (journal_.recording())
      journal_.Record([this, key, old = std::move(old)] { rows_.at(key) = old; });
  }

  // Changes the row with `key` by `change(V&)`; false when there is none.
  template <typename F>
  bool Update(const K& key, F&& change) {
    const auto it = rows_.find(key);
    if (it == rows_.end()) return false;
    if (journal_.recording())
      journal_.Record([this, key, old = it->second] { rows_.at(key) = old; });
    change(it->second);
    return true;
  }

  // False when there is no row with `key`.
  bool Erase(const K& key) {
    const auto it = rows_.find(key);
    if (it == rows_.end()) return false;
    if (journal_.recording())
      journal_.Record([this, key, old = std::move(it->second)] { rows_.emplace(key, old); });
    rows_.erase(it);
    return true;
  }

  void Clear() {
    if (journal_.recording()) {
      auto old = std::make_shared<Rows>(std::move(rows_));
      journal_.Record([this, old] { rows_ = std::move(*old); });
    }
    rows_.clear();
  }

 private:
  Journal& journal_;
  Rows rows_;
};

// The id SQLite would give the next row of a table keyed by INTEGER PRIMARY KEY.
template <typename Rows>
int64_t NextId(const Rows& rows) {
  return rows.empty() ? 1 : rows.rbegin()->first + 1;
}

// --- the case store's tables (migrations 0001, 0002, 0005, 0007, 0010, 0012-0014, 0016) ---

struct Import {
  std::string source;
  std::string started_at;
  std::string finished_at;
  int64_t lines = 0;
  int64_t accepted = 0;
  int64_t duplicates = 0;
  int64_t rejected = 0;
};

struct LoggedEvent {
  StoredEvent event;
  int64_t import_id = 0;
};

struct StoredObligation {
  ObligationRow row;
  int64_t rowid = 0;  // insertion order: storage order among equal sort keys
};

// A call-back as stored: done_at is NULL until done (an empty `at` still marks it done).
struct StoredCallBack {
  CallBack call_back;  // officer and unit unused: they come from the case when read
  bool done = false;
};

// --- the account store's tables (migrations 0003, 0004, 0006, 0008, 0009, 0011) ---

struct StoredUser {
  User user;
  std::string created_at;
};

struct Token {
  int64_t id = 0;  // the SQLite rowid's counterpart
  int64_t user_id = 0;
  std::string label;
  std::string created_at;
  std::string expires_at;
  bool revoked = false;
};

struct StoredSession {
  int64_t user_id = 0;
  std::string csrf;
  std::string created_at;
  std::string expires_at;
};

struct StoredPortalSession {
  int64_t account_id = 0;
  std::string csrf;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
};

struct StoredLeave {
  Leave leave;
  std::string created_by;
  std::string created_at;
};

struct StoredUnit {
  Unit unit;
  std::string created_at;
};

struct StoredShift {
  int64_t user_id = 0;
  std::string starts_at;
  std::string ends_at;
  std::string created_by;
  std::string created_at;
};

// --- the assessment store's tables (migration 0015) ---

struct StoredAssessment {
  assess::Assessment assessment;  // evidence as read back: one link per non-empty line
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

struct State {
  explicit State(Journal& journal) : journal_(journal) {}
  Journal& journal_;

  Table<int, bool> migrations{journal_};  // schema_migrations, by version

  Table<int64_t, Import> imports{journal_};
  Table<int64_t, LoggedEvent> events{journal_};      // by seq: the log, in order
  Table<std::string, int64_t> event_seqs{journal_};  // events.id is UNIQUE
  Table<std::pair<std::string, int64_t>, bool> events_by_crime{journal_};  // (crime, seq)
  Table<std::string, CaseRow> cases{journal_};                             // error: empty is NULL
  Table<std::string, std::vector<PersonRow>> people{journal_};  // by crime, in order added
  Table<std::pair<std::string, int>, StoredObligation> obligations{journal_};  // (crime, n)
  int64_t last_obligation_rowid = 0;  // only orders rows, so not undone
  Table<std::string, std::string> settings{journal_};
  Table<std::string, std::pair<std::string, std::string>> job_leases{journal_};  // holder, until
  Table<int64_t, StoredCallBack> call_backs{journal_};
  Table<int64_t, OutboxMessage> outbox{journal_};
  Table<std::string, int64_t> outbox_keys{journal_};  // idempotency_key is UNIQUE
  Table<std::string, ReferralRow> referrals{journal_};
  Table<std::string, OrganisationRow> organisations{journal_};  // by id
  // missed_acknowledgements, by (crime, person, duty, instance)
  Table<std::tuple<std::string, std::string, std::string, int>, MissedAcknowledgement>
      missed_acknowledgements{journal_};

  Table<int64_t, StoredUser> users{journal_};
  Table<std::string, Token> tokens{journal_};
  Table<std::string, StoredSession> sessions{journal_};
  Table<int64_t, StoredLeave> leave{journal_};
  Table<std::string, StoredUnit> units{journal_};
  Table<int64_t, StoredShift> shifts{journal_};
  Table<std::tuple<std::string, std::string, int>, TemplateVersion> templates{
      journal_};  // (template, lang, version)
  Table<int64_t, AuditEntry> audit{journal_};
  Table<int64_t, std::string> audit_chain{journal_};  // each record's chain hash
  // (user, kind, through)
  Table<std::tuple<std::string, std::string, std::string>, StaffDigest> staff_digests{journal_};

  Table<int64_t, StoredAssessment> assessments{journal_};
  Table<int64_t, PlanAction> actions{journal_};

  Table<std::string, PortalInvitation> portal_invitations{journal_};  // by token hash
  Table<int64_t, PortalAccount> portal_accounts{journal_};
  Table<std::string, StoredPortalSession> portal_sessions{journal_};  // by token hash
  Table<int64_t, std::pair<std::string, std::string>> portal_address_failures{
      journal_};  // address, at
  Table<int64_t, PortalMessage> portal_messages{journal_};
  Table<int64_t, PortalAlert> portal_alerts{journal_};

  Table<std::string, SurveyResponse> survey_responses{journal_};  // by id
  Table<int64_t, DipSample> dip_samples{journal_};                // with their cases
  Table<std::pair<int64_t, std::string>, DipSampleReview> dip_sample_reviews{journal_};
  Table<int64_t, QualityCallList> call_lists{journal_};  // with their calls
  Table<std::tuple<std::string, std::string, std::string>, MeasureRow> measures{journal_};
  Table<std::string, std::string> measure_refreshes{journal_};  // month -> refreshed at
  // (crime_a, person_a, crime_b, person_b)
  Table<std::tuple<std::string, std::string, std::string, std::string>, RepeatVictimMatchRow>
      repeat_victim_matches{journal_};
  Table<int, std::string> repeat_victim_refreshes{journal_};  // 1 -> found at
  Table<std::tuple<std::string, std::string, std::string, std::string>, RepeatVictimDecision>
      repeat_victim_decisions{journal_};

  Table<std::pair<std::string, RetainedKind>, Purge> purges{journal_};  // (crime, kind)
};

// The state the stores of one bundle share, with its open transactions.
class Shared {
 public:
  // Migrated on open, as a new SQLite file is.
  explicit Shared(const core::Clock& clock);
  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;

  State& state() { return state_; }
  std::string NowUtc() const { return clock_.NowUtc(); }

  void Begin() { journal_.Begin(); }
  void Commit() { journal_.Commit(); }
  void Rollback() { journal_.Rollback(); }

  // Runs `write` as one unit, within the caller's transaction if one is open: if it throws,
  // what it wrote is undone before the exception goes on.
  template <typename F>
  auto Atomically(F&& write) {
    Begin();
    try {
      if constexpr (std::is_void_v<decltype(write())>) {
        write();
        Commit();
      } else {
        auto result = write();
        Commit();
        return result;
      }
    } catch (...) {
      Rollback();
      throw;
    }
  }

  // Every migration compiled in (src/storage/migrations/NNNN_*.sql), by number.
  static const std::vector<int>& KnownMigrations();

 private:
  const core::Clock& clock_;
  Journal journal_;
  State state_{journal_};
};

std::unique_ptr<CaseStore> OpenCaseStoreOn(std::shared_ptr<Shared> shared);
std::unique_ptr<AccountStore> OpenAccountStoreOn(std::shared_ptr<Shared> shared);
std::unique_ptr<AssessmentStore> OpenAssessmentStoreOn(std::shared_ptr<Shared> shared);
std::unique_ptr<PortalStore> OpenPortalStoreOn(std::shared_ptr<Shared> shared);
std::unique_ptr<QualityStore> OpenQualityStoreOn(std::shared_ptr<Shared> shared);

}  // namespace cf::storage::memory
