// CaseStore over SQL: the SQLite file or a PostgreSQL server (sql/connection.hpp), with the
// migrations of its dialect applied on open. Every value is a bound parameter; the only SQL
// text built at run time is a column name chosen from a fixed list (Compliance's group_by), a
// scope clause and an optional LIMIT. The SQL runs unchanged on both (CASE instead of boolean
// sums, no LIMIT -1, no date functions, ties broken by keys rather than SQLite's rowid); where
// they differ (JSON fields, the catalog of indexes) the code asks the connection's dialect.
#include "storage/case_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <initializer_list>
#include <limits>
#include <map>
#include <unordered_map>

#include "core/embedded.hpp"
#include "storage/search_terms.hpp"
#include "storage/sql/stores.hpp"

namespace cf::storage {
namespace {

using sql::Connection;
using sql::Statement;

// An obligation row as ReadObligation reads it, from kObligationsFrom: the case's reference
// comes from crimes (migration 0022).
constexpr const char* kObligationColumns =
    "k.ref, o.n, o.person, o.duty, o.instance, o.rule_set, o.trigger_event, o.trigger_date, "
    "o.deadline, o.enhanced, o.met_at, o.met_by, o.not_required, o.remind_on, o.settled, "
    "o.officer, o.unit, o.crime_type, o.not_required_on, o.case_closed, o.queue_line";
constexpr const char* kObligationsFrom = "obligations o JOIN crimes k ON k.id = o.case_id";
// The columns a stored obligation is written with, in the order InsertCase binds them.
constexpr const char* kObligationInsert =
    "INSERT INTO obligations (case_id, n, person, duty, instance, rule_set, trigger_event, "
    "trigger_date, deadline, enhanced, met_at, met_by, not_required, remind_on, settled, officer, "
    "unit, crime_type, not_required_on, case_closed, queue_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

ObligationRow ReadObligation(const Statement& s) {
  ObligationRow r;
  r.crime = s.Text(0);
  r.n = static_cast<int>(s.Int(1));
  r.person = s.Text(2);
  r.duty = s.Text(3);
  r.instance = static_cast<int>(s.Int(4));
  r.rule_set = s.Text(5);
  r.trigger_event = s.Text(6);
  r.trigger_date = s.Day(7);
  r.deadline = s.Day(8);
  r.enhanced = s.Int(9) != 0;
  r.met_at = s.OptionalDay(10);
  r.met_by = s.Text(11);
  r.not_required = s.Text(12);
  r.remind_on = s.OptionalDay(13);
  r.settled = s.Int(14) != 0;
  r.officer = s.Text(15);
  r.unit = s.Text(16);
  r.crime_type = s.Text(17);
  r.not_required_on = s.OptionalDay(18);
  r.case_closed = s.Int(19) != 0;
  r.queue_line = s.Int(20) != 0;
  return r;
}

// " AND officer = ?" and/or " AND unit = ?" for a scope; BindScope binds in that order.
std::string ScopeClause(const Scope& scope, const char* prefix) {
  std::string out;
  if (!scope.officer.empty()) out += fmt::format(" AND {}officer = ?", prefix);
  if (!scope.unit.empty()) out += fmt::format(" AND {}unit = ?", prefix);
  return out;
}
void BindScope(Statement& s, const Scope& scope) {
  if (!scope.officer.empty()) s.Bind(scope.officer);
  if (!scope.unit.empty()) s.Bind(scope.unit);
}

class SqlCaseStore final : public CaseStore {
 public:
  using CaseStore::Compliance;
  explicit SqlCaseStore(std::shared_ptr<Connection> conn)
      : shared_(std::move(conn)), conn_(*shared_) {}

  void Migrate() override { conn_.Migrate(); }
  std::vector<int> AppliedMigrations() override { return conn_.AppliedMigrations(); }

  void EndReads() override {
    if (depth_ == 0) conn_.EndReads();
  }

  // Nested transactions are savepoints, so that a use case can wrap an import in its own.
  void Begin() override {
    if (depth_ == 0) {
      conn_.BeginWrite();
    } else {
      Exec(fmt::format("SAVEPOINT nested_{}", depth_));
    }
    ++depth_;
  }
  void Commit() override {
    --depth_;
    if (depth_ == 0) case_ids_.clear();
    Exec(depth_ == 0 ? std::string("COMMIT") : fmt::format("RELEASE nested_{}", depth_));
  }
  void Rollback() override {
    --depth_;
    case_ids_.clear();
    // The rollback brings back the indexes dropped at this level or deeper: none to restore.
    if (depth_ < suspended_depth_) {
      suspended_.clear();
      suspended_depth_ = 0;
    }
    if (depth_ == 0) {
      Exec("ROLLBACK");
    } else {
      Exec(fmt::format("ROLLBACK TO nested_{}", depth_));
      Exec(fmt::format("RELEASE nested_{}", depth_));
    }
  }

  int64_t StartImport(const std::string& source, const std::string& started_at) override {
    Stmt("INSERT INTO imports (source, started_at) VALUES (?, ?)")
        .Bind(source)
        .Bind(started_at)
        .Run();
    return conn_.LastInsertId();
  }

  void FinishImport(int64_t id, int64_t lines, int64_t accepted, int64_t duplicates,
                    int64_t rejected, const std::string& finished_at) override {
    Stmt(
        "UPDATE imports SET lines = ?, accepted = ?, duplicates = ?, rejected = ?, finished_at = ? "
        "WHERE id = ?")
        .Bind(lines)
        .Bind(accepted)
        .Bind(duplicates)
        .Bind(rejected)
        .Bind(finished_at)
        .Bind(id)
        .Run();
  }

  std::optional<std::string> EventHash(const std::string& id) override {
    auto& s = Stmt("SELECT content_hash FROM events WHERE id = ?").Bind(id);
    if (!s.Step()) return std::nullopt;
    std::string hash = s.Text(0);
    s.Reset();
    return hash;
  }

  void AppendEvent(const StoredEvent& e, int64_t import_id) override {
    const int64_t case_id = CaseId(e.crime);
    Stmt(
        "INSERT INTO events (id, case_id, type, at, content_hash, body, import_id) VALUES (?, ?, "
        "?, ?, ?, ?, ?)")
        .Bind(e.id)
        .Bind(case_id)
        .Bind(e.type)
        .Bind(e.at)
        .Bind(e.content_hash)
        .Bind(e.body)
        .Bind(import_id)
        .Run();
  }

  std::vector<std::string> EventBodies(const std::string& crime) override {
    std::vector<std::string> out;
    auto& s = Stmt(
                  "SELECT e.body FROM events e JOIN crimes k ON k.id = e.case_id WHERE k.ref = ? "
                  "ORDER BY e.seq")
                  .Bind(crime);
    while (s.Step()) out.push_back(s.Text(0));
    return out;
  }

  std::vector<Appended> EventsAfter(int64_t seq, size_t limit) override {
    auto& s = Stmt(
        "SELECT e.seq, e.id, k.ref, e.type FROM events e JOIN crimes k ON k.id = e.case_id WHERE "
        "e.seq > ? ORDER BY e.seq LIMIT ?");
    s.Bind(seq).Bind(static_cast<int64_t>(limit));
    std::vector<Appended> out;
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
    return out;
  }

  int64_t EventCount() override { return Count("SELECT count(*) FROM events"); }
  int64_t ApproxEventCount() override {
    return Count("SELECT coalesce(max(seq), 0) FROM events");  // the log is never deleted from
  }

  void ForEachCase(
      const std::function<void(const std::string&, std::vector<std::string>&)>& fn) override {
    // Case by case in the order of their ids (the order the log first named them), through
    // the (case_id, seq) index. SQLite streams the one query; PostgreSQL's results are read
    // whole, so there it goes a range of cases at a time, to hold a range's events, not all.
    const bool ranges = conn_.dialect() == sql::Dialect::kPostgresql;
    const auto stmt = conn_.Prepare(
        std::string("SELECT k.id, k.ref, e.body FROM crimes k JOIN events e ON e.case_id = k.id ") +
        (ranges ? "WHERE k.id > ? AND k.id <= ? " : "") + "ORDER BY k.id, e.seq");
    int64_t after = 0;
    while (true) {
      Statement& s = *stmt;
      if (ranges) {
        auto& last = Stmt(
            "SELECT max(id) FROM (SELECT id FROM crimes WHERE id > ? ORDER BY id LIMIT 2000) r");
        last.Bind(after);
        const int64_t upto = last.Step() && !last.IsNull(0) ? last.Int(0) : 0;
        last.Reset();
        if (upto == 0) return;
        s.Reset().Bind(after).Bind(upto);
        after = upto;
      }
      int64_t current_id = 0;
      std::string current;
      std::vector<std::string> bodies;
      while (s.Step()) {
        const int64_t id = s.Int(0);
        if (id != current_id) {
          if (!bodies.empty()) fn(current, bodies);
          bodies.clear();  // valid whether or not `fn` moved them out
          current_id = id;
          current = s.Text(1);
        }
        bodies.push_back(s.Text(2));
      }
      if (!bodies.empty()) fn(current, bodies);
      if (!ranges) return;
    }
  }

  bool CrimeExists(const std::string& crime) override {
    auto& s =
        Stmt("SELECT 1 FROM cases c JOIN crimes k ON k.id = c.id WHERE k.ref = ?").Bind(crime);
    const bool found = s.Step();
    s.Reset();
    return found;
  }

  bool PersonExists(const std::string& crime, const std::string& person) override {
    auto& s = Stmt(
                  "SELECT 1 FROM people p JOIN crimes k ON k.id = p.case_id WHERE k.ref = ? AND "
                  "p.person = ?")
                  .Bind(crime)
                  .Bind(person);
    const bool found = s.Step();
    s.Reset();
    return found;
  }

  void ReplaceCase(const CaseRow& c, const std::vector<PersonRow>& people,
                   const std::vector<ObligationRow>& obligations) override {
    CheckObligationsAreTheCases(c, obligations);
    const int64_t id = CaseId(c.crime);
    Stmt("DELETE FROM obligations WHERE case_id = ?").Bind(id).Run();
    Stmt("DELETE FROM people WHERE case_id = ?").Bind(id).Run();
    InsertCase(id, c, people, obligations, /*replace=*/true);
  }

  void AddCase(const CaseRow& c, const std::vector<PersonRow>& people,
               const std::vector<ObligationRow>& obligations) override {
    CheckObligationsAreTheCases(c, obligations);
    // A stored case: the primary key fails.
    InsertCase(CaseId(c.crime), c, people, obligations, /*replace=*/false);
  }

  // Before anything is written (or deleted), as the memory store does: an obligation is the
  // case's it is written with.
  static void CheckObligationsAreTheCases(const CaseRow& c,
                                          const std::vector<ObligationRow>& obligations) {
    for (const auto& o : obligations) {
      if (o.crime != c.crime)
        throw StorageError(
            fmt::format("case {}: obligation {} names case {}", c.crime, o.n, o.crime));
    }
  }

  // The case row (its update when `replace` and it is there), its people and obligations.
  void InsertCase(int64_t id, const CaseRow& c, const std::vector<PersonRow>& people,
                  const std::vector<ObligationRow>& obligations, bool replace) {
    static const std::string kCaseInsert =
        "INSERT INTO cases (id, crime_type, unit, officer, recorded_on, last_event_on, "
        "computed_as_of, rule_sets, closed, error, stale_after, wcu_unit) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static const std::string kCaseUpsert =
        kCaseInsert +
        " ON CONFLICT (id) DO UPDATE SET crime_type = excluded.crime_type, unit = "
        "excluded.unit, officer = excluded.officer, recorded_on = excluded.recorded_on, "
        "last_event_on = excluded.last_event_on, computed_as_of = excluded.computed_as_of, "
        "rule_sets = excluded.rule_sets, closed = excluded.closed, error = excluded.error, "
        "stale_after = excluded.stale_after, wcu_unit = excluded.wcu_unit";
    Stmt(replace ? kCaseUpsert : kCaseInsert)
        .Bind(id)
        .Bind(c.crime_type)
        .Bind(c.unit)
        .Bind(c.officer)
        .Bind(c.recorded_on)
        .Bind(c.last_event_on)
        .Bind(c.computed_as_of)
        .Bind(c.rule_sets)
        .Bind(c.closed)
        .BindOrNull(c.error)
        .Bind(c.stale_after)
        .Bind(c.wcu_unit)
        .Run();
    auto& person = Stmt(
        "INSERT INTO people (case_id, person, role, represents, display_name, search_text, "
        "date_of_birth, postcode) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& p : people) {
      person.Reset()
          .Bind(id)
          .Bind(p.person)
          .Bind(p.role)
          .BindOrNull(p.represents)
          .BindOrNull(p.display_name)
          .BindOrNull(p.search_text)
          .Bind(p.date_of_birth)
          .BindOrNull(p.postcode)
          .Run();
    }
    auto& ob = Stmt(kObligationInsert);
    for (const auto& o : obligations) {
      ob.Reset()
          .Bind(id)
          .Bind(o.n)
          .Bind(o.person)
          .Bind(o.duty)
          .Bind(o.instance)
          .Bind(o.rule_set)
          .BindOrNull(o.trigger_event)
          .Bind(o.trigger_date)
          .Bind(o.deadline)
          .Bind(o.enhanced)
          .Bind(o.met_at)
          .BindOrNull(o.met_by)
          .BindOrNull(o.not_required)
          .Bind(o.remind_on)
          .Bind(o.settled)
          .Bind(o.officer)
          .Bind(o.unit)
          .Bind(o.crime_type)
          .Bind(o.not_required_on)
          .Bind(o.case_closed)
          .Bind(o.queue_line)
          .Run();
    }
  }

  void SuspendDerivedIndexes() override {
    if (!suspended_.empty()) return;
    // The indexes that CREATE INDEX made (not those of a primary key or UNIQUE constraint).
    auto& s = Stmt(conn_.dialect() == sql::Dialect::kSqlite
                       ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                         "NULL AND tbl_name IN ('cases', 'people', 'obligations') ORDER BY name"
                       : "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = "
                         "current_schema() AND i.tablename IN ('cases', 'people', 'obligations') "
                         "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = "
                         "i.indexname) ORDER BY i.indexname");
    while (s.Step()) suspended_.emplace_back(s.Text(0), s.Text(1));
    suspended_depth_ = depth_;
    for (const auto& [name, sql] : suspended_) Exec(fmt::format("DROP INDEX \"{}\"", name));
  }
  void RestoreDerivedIndexes() override {
    // Each CREATE INDEX sorts its keys once: faster than inserting them row by row.
    for (const auto& [name, sql] : suspended_) Exec(sql);
    suspended_.clear();
    suspended_depth_ = 0;
    // PostgreSQL plans by statistics that autovacuum gathers a minute or more after a bulk run;
    // until then a big store plans as if its tables were still empty (measured: `due` for a
    // unit of a 20,000-crime force took 4 s rather than 0.5 s). Gathered here, in the run's
    // transaction, they are there when it commits. A role that does not own the tables is
    // skipped with a notice (docs/postgresql.md), and autovacuum gathers them as before.
    if (conn_.dialect() == sql::Dialect::kPostgresql)
      Exec("ANALYZE crimes, events, cases, people, obligations");
  }

  void ClearDerived() override {
    Exec("DELETE FROM obligations");
    Exec("DELETE FROM people");
    Exec("DELETE FROM cases");
  }

  std::optional<CaseRow> FindCase(const std::string& crime) override {
    auto& s = Stmt(
                  "SELECT k.ref, c.crime_type, c.unit, c.officer, c.recorded_on, c.last_event_on, "
                  "c.computed_as_of, c.rule_sets, c.closed, c.error, c.stale_after, c.wcu_unit "
                  "FROM cases c JOIN "
                  "crimes k ON k.id = c.id WHERE k.ref = ?")
                  .Bind(crime);
    if (!s.Step()) return std::nullopt;
    CaseRow row{s.Text(0), s.Text(1), s.Text(2),     s.Text(3), s.Day(4),          s.Day(5),
                s.Day(6),  s.Text(7), s.Int(8) != 0, s.Text(9), s.OptionalDay(10), s.Text(11)};
    s.Reset();
    return row;
  }

  std::vector<CaseRow> CasesRecorded(const std::string& unit, core::Date from,
                                     core::Date to) override {
    auto& s = Stmt(
                  "SELECT k.ref, c.crime_type, c.unit, c.officer, c.recorded_on, c.last_event_on, "
                  "c.computed_as_of, c.rule_sets, c.closed, c.error, c.stale_after, c.wcu_unit "
                  "FROM cases c "
                  "JOIN crimes k ON k.id = c.id WHERE c.unit = ? AND c.recorded_on BETWEEN ? AND "
                  "? ORDER BY k.ref")
                  .Bind(unit)
                  .Bind(from)
                  .Bind(to);
    std::vector<CaseRow> out;
    while (s.Step())
      out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Day(4), s.Day(5), s.Day(6),
                     s.Text(7), s.Int(8) != 0, s.Text(9), s.OptionalDay(10), s.Text(11)});
    return out;
  }

  int64_t CaseCount() override { return Count("SELECT count(*) FROM cases"); }

  std::vector<ObligationRow> CaseObligations(const std::string& crime) override {
    std::vector<ObligationRow> out;
    static const std::string kSelect = fmt::format("SELECT {} FROM {} WHERE k.ref = ? ORDER BY o.n",
                                                   kObligationColumns, kObligationsFrom);
    auto& s = Stmt(kSelect).Bind(crime);
    while (s.Step()) out.push_back(ReadObligation(s));
    return out;
  }

  std::vector<PersonRow> CasePeople(const std::string& crime) override {
    auto& s = Stmt(
                  "SELECT p.person, p.role, p.represents, p.display_name, p.search_text, "
                  "p.date_of_birth, p.postcode FROM people p JOIN crimes k ON k.id = p.case_id "
                  "WHERE k.ref = ? ORDER BY p.id")
                  .Bind(crime);
    std::vector<PersonRow> out;
    while (s.Step()) {
      out.push_back({s.Text(0), s.Enum(1, domain::ParseRole), s.Text(2), s.Text(3), s.Text(4),
                     s.OptionalDay(5), s.Text(6)});
    }
    return out;
  }

  std::vector<ObligationRow> OpenObligations(const Scope& scope, core::Date as_of,
                                             size_t limit) override {
    auto& s =
        Stmt(fmt::format("SELECT {} FROM {} WHERE o.settled = 0 AND o.case_closed = 0{} "
                         "AND o.trigger_date <= ? ORDER BY o.deadline, o.trigger_date{}",
                         kObligationColumns, kObligationsFrom, ScopeClause(scope, "o."),
                         limit == 0 ? "" : " LIMIT ?"));
    BindScope(s, scope);
    s.Bind(as_of.ToString());
    if (limit != 0) s.Bind(static_cast<int64_t>(limit));
    std::vector<ObligationRow> out;
    while (s.Step()) out.push_back(ReadObligation(s));
    return out;
  }

  OpenCounts CountOpen(const Scope& scope, core::Date as_of, core::Date red_until) override {
    // One pass over the covering index (scope, deadline, trigger_date).
    auto& s = Stmt(fmt::format(
        "SELECT count(*), coalesce(sum(CASE WHEN deadline <= ? THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN deadline <= ? THEN 1 ELSE 0 END), 0) "
        "FROM obligations WHERE settled = 0 AND case_closed = 0{} AND trigger_date <= ?",
        ScopeClause(scope, "")));
    s.Bind(red_until.ToString()).Bind(as_of.ToString());
    BindScope(s, scope);
    s.Bind(as_of.ToString());
    s.Step();
    OpenCounts counts{s.Int(0), s.Int(1), s.Int(2)};
    s.Reset();
    return counts;
  }

  std::vector<OfficerCounts> CountOpenByOfficer(const std::string& unit, core::Date as_of,
                                                core::Date red_until) override {
    auto& s = Stmt(
        "SELECT officer, count(*), coalesce(sum(CASE WHEN deadline <= ? THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN deadline <= ? THEN 1 ELSE 0 END), 0) "
        "FROM obligations WHERE settled = 0 AND case_closed = 0 AND unit = ? AND trigger_date <= ? "
        "GROUP BY officer "
        "ORDER BY 3 DESC, 4 DESC, officer");
    s.Bind(red_until.ToString()).Bind(as_of.ToString()).Bind(unit).Bind(as_of.ToString());
    std::vector<OfficerCounts> out;
    while (s.Step()) out.push_back({s.Text(0), {s.Int(1), s.Int(2), s.Int(3)}});
    return out;
  }

  QueuePage Queue(const QueueQuery& q) override {
    // The filters, on the scope's partial index (settled = 0 AND case_closed = 0).
    std::string where = "o.settled = 0 AND o.case_closed = 0 AND o.queue_line = 1" +
                        ScopeClause(q.scope, "o.") + " AND o.trigger_date <= ?";
    if (q.due_after) where += " AND o.deadline > ?";
    if (q.due_by) where += " AND o.deadline <= ?";
    if (!q.duty.empty()) where += " AND o.duty = ?";
    if (!q.crime_type.empty()) where += " AND o.crime_type = ?";
    if (q.enhanced_only) where += " AND o.enhanced = 1";
    auto bind = [&](Statement& s) {
      BindScope(s, q.scope);
      s.Bind(q.as_of.ToString());
      if (q.due_after) s.Bind(q.due_after->ToString());
      if (q.due_by) s.Bind(q.due_by->ToString());
      if (!q.duty.empty()) s.Bind(q.duty);
      if (!q.crime_type.empty()) s.Bind(q.crime_type);
    };
    QueuePage page;
    {
      auto& s = Stmt("SELECT count(*) FROM obligations o WHERE " + where);
      bind(s);
      s.Step();
      page.total = s.Int(0);
      s.Reset();
    }
    const char* order = q.sort == QueueSort::kCrime ? "k.ref, o.deadline, o.case_id, o.n"
                        : q.sort == QueueSort::kPerson
                            ? "name, k.ref, o.person, o.deadline, o.case_id, o.n"
                            : "o.deadline, o.trigger_date, o.case_id, o.n";
    return ReadQueueLines(
        fmt::format("{}WHERE {} ORDER BY {} LIMIT ? OFFSET ?", QueueSelect(), where, order),
        [&](Statement& s) {
          s.Bind(q.as_of.ToString());  // more_updates: the updates that exist on as_of
          bind(s);
        },
        q.offset, q.limit, std::move(page));
  }

  std::vector<std::string> OpenCrimeTypes(const Scope& scope) override {
    auto& s = Stmt(fmt::format(
        "SELECT DISTINCT crime_type FROM obligations WHERE settled = 0 AND case_closed = 0{} "
        "ORDER BY crime_type",
        ScopeClause(scope, "")));
    BindScope(s, scope);
    std::vector<std::string> out;
    while (s.Step()) out.push_back(s.Text(0));
    return out;
  }

  QueuePage MissedAtClosure(const Scope& scope, size_t offset, size_t limit) override {
    const std::string where =
        "o.settled = 0 AND o.case_closed = 1" + ScopeClause(scope, "o.") +
        " AND NOT EXISTS (SELECT 1 FROM missed_acknowledgements a WHERE a.crime = k.ref AND "
        "a.person = o.person AND a.duty = o.duty AND a.instance = o.instance)";
    QueuePage page;
    {
      auto& s = Stmt(fmt::format("SELECT count(*) FROM {} WHERE {}", kObligationsFrom, where));
      BindScope(s, scope);
      s.Step();
      page.total = s.Int(0);
      s.Reset();
    }
    return ReadQueueLines(
        fmt::format("{}WHERE {} ORDER BY o.deadline, o.case_id, o.n LIMIT ? OFFSET ?",
                    QueueSelect(), where),
        [&](Statement& s) {
          s.Bind(std::string("9999-12-31"));  // every update still outstanding
          BindScope(s, scope);
        },
        offset, limit, std::move(page));
  }

  bool AcknowledgeMissed(const MissedAcknowledgement& a) override {
    auto& s = Stmt(
        "INSERT INTO missed_acknowledgements (crime, person, duty, instance, note, "
        "acknowledged_by, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    s.Bind(a.crime).Bind(a.person).Bind(a.duty).Bind(a.instance).Bind(a.note).Bind(a.by).Bind(a.at);
    s.Run();
    return conn_.Changes() > 0;
  }

  std::optional<MissedAcknowledgement> MissedAcknowledgementOf(const std::string& crime,
                                                               const std::string& person,
                                                               const std::string& duty,
                                                               int instance) override {
    auto& s = Stmt(
                  "SELECT note, acknowledged_by, acknowledged_at FROM missed_acknowledgements "
                  "WHERE crime = ? AND person = ? AND duty = ? AND instance = ?")
                  .Bind(crime)
                  .Bind(person)
                  .Bind(duty)
                  .Bind(instance);
    if (!s.Step()) return std::nullopt;
    MissedAcknowledgement a{crime, person, duty, instance, s.Text(0), s.Text(1), s.Text(2)};
    s.Reset();
    return a;
  }

  std::vector<std::string> CrimesWithEventsAfter(const Scope& scope, core::Date date) override {
    auto& s =
        Stmt(fmt::format("SELECT k.ref FROM cases c JOIN crimes k ON k.id = c.id WHERE "
                         "c.last_event_on > ?{}",
                         ScopeClause(scope, "c.")));
    s.Bind(date.ToString());
    BindScope(s, scope);
    std::vector<std::string> out;
    while (s.Step()) out.push_back(s.Text(0));
    return out;
  }

  std::vector<std::string> CrimesToRollForward(const Scope& scope, core::Date date) override {
    auto& s = Stmt(
        fmt::format("SELECT k.ref FROM cases c JOIN crimes k ON k.id = c.id WHERE c.stale_after "
                    "IS NOT NULL{} AND c.stale_after < ?",
                    ScopeClause(scope, "c.")));
    BindScope(s, scope);
    s.Bind(date.ToString());
    std::vector<std::string> out;
    while (s.Step()) out.push_back(s.Text(0));
    return out;
  }

  std::vector<ComplianceCount> Compliance(const ComplianceQuery& q) override {
    static const std::map<std::string, std::string> kGroups = {
        {"force", "'force'"},         {"unit", "unit"},
        {"officer", "officer"},       {"duty", "duty"},
        {"crime_type", "crime_type"}, {"month", "substr(deadline, 1, 7)"}};
    if (q.group_by.empty() || q.group_by.size() > 2)
      throw std::invalid_argument("group_by: one or two groupings");
    std::string groups[2] = {"''", "''"};
    for (size_t i = 0; i < q.group_by.size(); ++i) {
      const auto group = kGroups.find(q.group_by[i]);
      if (group == kGroups.end()) throw std::invalid_argument("group_by: " + q.group_by[i]);
      groups[i] = group->second;
    }
    auto in_list = [](const char* column, size_t n) {
      if (n == 0) return std::string();
      std::string out = fmt::format(" AND {} IN (", column);
      for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
      return out + ")";
    };
    // The CASE is rules::StatusOn (src/rules/status.hpp), the one status rule, in SQL so that
    // the database counts: keep the order of its WHENs. A met_at after as_of has not happened
    // yet on as_of, and a not-required rule applies from not_required_on (NULL: a row stored
    // before migration 0016, not required on every day). tests/status_rule_test.cpp fails
    // when the two disagree.
    const auto stmt = conn_.Prepare(
        fmt::format("SELECT {0} AS g, {1} AS g2, CASE "
                    "WHEN met_at IS NOT NULL AND met_at <= deadline AND met_at <= ? THEN 'met' "
                    "WHEN not_required IS NOT NULL AND (not_required_on IS NULL OR "
                    "not_required_on <= ?) THEN 'not_required' "
                    "WHEN met_at IS NOT NULL AND met_at <= ? THEN 'met_late' "
                    "WHEN deadline >= ? THEN 'open' ELSE 'overdue' END AS status, count(*) "
                    "FROM obligations WHERE deadline >= ? AND deadline <= ? AND trigger_date <= ?"
                    "{2}{3} GROUP BY g, g2, status ORDER BY g, g2, status",
                    groups[0], groups[1], in_list("duty", q.duties.size()),
                    in_list("rule_set", q.rule_sets.size())));
    Statement& s = *stmt;
    const std::string d = q.as_of.ToString();
    s.Bind(d).Bind(d).Bind(d).Bind(d).Bind(q.from.ToString()).Bind(q.to.ToString()).Bind(d);
    for (const auto& duty : q.duties) s.Bind(duty);
    for (const auto& rule_set : q.rule_sets) s.Bind(rule_set);
    std::vector<ComplianceCount> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(2), s.Int(3), s.Text(1)});
    return out;
  }

  std::vector<std::string> SearchCases(const std::string& text, size_t limit) override {
    // storage/search_terms.hpp: every term in the person's search text, spaces taken out.
    const auto terms = SearchTerms(text);
    std::string where;
    for (size_t i = 0; i < terms.size(); ++i)
      where += " AND replace(p.search_text, ' ', '') LIKE ? ESCAPE '\\'";
    const auto stmt = conn_.Prepare(
        "SELECT k.ref FROM crimes k JOIN cases c ON c.id = k.id WHERE k.ref = ? UNION "
        "SELECT k.ref FROM people p JOIN crimes k ON k.id = p.case_id WHERE " +
        std::string(terms.empty() ? "1 = 0" : "1 = 1") + where + " LIMIT ?");
    Statement& s = *stmt;
    s.Bind(text);
    for (const auto& term : terms) {
      std::string pattern = "%";
      for (const char c : term) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
      }
      s.Bind(pattern + "%");
    }
    s.Bind(static_cast<int64_t>(limit));
    std::vector<std::string> out;
    while (s.Step()) out.push_back(s.Text(0));
    return out;
  }

  int64_t AddCallBack(const CallBack& c) override {
    Stmt(
        "INSERT INTO call_backs (crime, person, request, raised_by, raised_at, assigned_to, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(c.crime)
        .Bind(c.person)
        .Bind(c.request)
        .Bind(c.raised_by)
        .Bind(c.raised_at)
        .BindOrNull(c.assigned_to)
        .Bind(c.kind.empty() ? std::string("call_back") : c.kind)
        .Run();
    return conn_.LastInsertId();
  }

  std::vector<CallBack> OpenCallBacks(const Scope& scope, size_t limit) override {
    // An officer's: those given to them, and their cases' that were given to nobody else.
    auto& s =
        Stmt(std::string(kCallBackColumns) + " WHERE b.done_at IS NULL" +
             (scope.officer.empty() ? std::string()
                                    : " AND (b.assigned_to = ? OR (b.assigned_to IS NULL "
                                      "AND c.officer = ?))") +
             (scope.unit.empty() ? "" : " AND c.unit = ?") + " ORDER BY b.raised_at, b.id LIMIT ?");
    if (!scope.officer.empty()) s.Bind(scope.officer).Bind(scope.officer);
    if (!scope.unit.empty()) s.Bind(scope.unit);
    s.Bind(static_cast<int64_t>(limit));
    return ReadCallBacks(s);
  }

  std::vector<CallBack> CaseCallBacks(const std::string& crime) override {
    auto& s = Stmt(std::string(kCallBackColumns) +
                   " WHERE b.crime = ? ORDER BY b.raised_at DESC, b.id DESC");
    s.Bind(crime);
    return ReadCallBacks(s);
  }

  int CompleteCallBacks(const std::string& crime, int64_t id, const std::string& person,
                        const std::string& by, const std::string& at,
                        const std::string& outcome) override {
    auto& s = Stmt(
        "UPDATE call_backs SET done_at = ?, done_by = ?, outcome = ? "
        "WHERE crime = ? AND done_at IS NULL AND (id = ? OR (? = 0 AND person = ?))");
    s.Bind(at).Bind(by).Bind(outcome).Bind(crime).Bind(id).Bind(id).Bind(person).Run();
    return static_cast<int>(conn_.Changes());  // a case's call-backs: a handful
  }

  int64_t AddOutbox(const OutboxMessage& m) override {
    Stmt(
        "INSERT INTO outbox (idempotency_key, crime, person, channel, recipient, template, lang, "
        "subject, body_text, "
        "body_html, status, attempts, next_attempt_at, last_error, created_by, created_at, "
        "updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) "
        "DO NOTHING")
        .Bind(m.idempotency_key)
        .Bind(m.crime)
        .Bind(m.person)
        .Bind(m.channel)
        .Bind(m.recipient)
        .Bind(m.template_id)
        .Bind(m.lang)
        .Bind(m.subject)
        .Bind(m.body_text)
        .Bind(m.body_html)
        .Bind(m.status)
        .Bind(static_cast<int64_t>(m.attempts))
        .Bind(m.next_attempt_at)
        .BindOrNull(m.last_error)
        .Bind(m.created_by)
        .Bind(m.created_at)
        .Bind(m.created_at)
        .Run();
    auto& s = Stmt("SELECT id FROM outbox WHERE idempotency_key = ?").Bind(m.idempotency_key);
    s.Step();
    const int64_t id = s.Int(0);
    s.Reset();
    return id;
  }

  std::vector<OutboxMessage> ClaimOutbox(const std::string& worker, const std::string& now,
                                         const std::string& lease_until, size_t limit,
                                         bool with_letters) override {
    return Claim(
        "status = 'created' AND next_attempt_at <= ? AND (channel <> 'letter' OR ? = 1)",
        [&](Statement& s) { s.Bind(worker).Bind(lease_until).Bind(now).Bind(with_letters); },
        limit);
  }

  std::vector<OutboxMessage> ReclaimOutbox(const std::string& worker, const std::string& now,
                                           const std::string& lease_until, size_t limit) override {
    return Claim(
        "status = 'sending' AND provider_id = '' AND (lease_until IS NULL OR lease_until < ?)",
        [&](Statement& s) { s.Bind(worker).Bind(lease_until).Bind(now); }, limit);
  }

  void ReplaceOutboxBody(int64_t id, const std::string& body_text,
                         const std::string& body_html) override {
    Stmt("UPDATE outbox SET body_text = ?, body_html = ? WHERE id = ?")
        .Bind(body_text)
        .Bind(body_html)
        .Bind(id)
        .Run();
  }

  void UpdateOutbox(const OutboxMessage& m) override {
    Stmt(
        "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
        "updated_at = ?, provider_id = ? "
        "WHERE id = ?")
        .Bind(m.status)
        .Bind(static_cast<int64_t>(m.attempts))
        .Bind(m.next_attempt_at)
        .BindOrNull(m.last_error)
        .Bind(m.updated_at)
        .Bind(m.provider_id)
        .Bind(m.id)
        .Run();
  }

  std::optional<OutboxMessage> Outbox(int64_t id) override {
    auto& s = Stmt(std::string(kOutboxColumns) + " WHERE id = ?");
    s.Bind(id);
    auto rows = ReadOutbox(s);
    if (rows.empty()) return std::nullopt;
    return rows[0];
  }

  std::vector<OutboxMessage> CaseOutbox(const std::string& crime) override {
    auto& s = Stmt(std::string(kOutboxColumns) + " WHERE crime = ? ORDER BY id DESC");
    s.Bind(crime);
    return ReadOutbox(s);
  }

  std::map<domain::OutboxStatus, int64_t> CountOutbox() override {
    std::map<domain::OutboxStatus, int64_t> out;
    for (int i = 0; i < domain::kOutboxStatusCount; ++i)
      out[static_cast<domain::OutboxStatus>(i)] = 0;
    auto& s = Stmt("SELECT status, count(*) FROM outbox GROUP BY status");
    while (s.Step()) out[s.Enum(0, domain::ParseOutboxStatus)] = s.Int(1);
    return out;
  }

  std::vector<OutboxMessage> OutboxWithStatus(domain::OutboxStatus status, const Scope& scope,
                                              size_t limit) override {
    return MessagesWithStatus(status, scope, limit, false);
  }

  std::vector<OutboxMessage> CaseMessagesWithStatus(domain::OutboxStatus status, const Scope& scope,
                                                    size_t limit) override {
    return MessagesWithStatus(status, scope, limit, true);
  }

  std::vector<OutboxMessage> MessagesWithStatus(domain::OutboxStatus status, const Scope& scope,
                                                size_t limit, bool cases_only) {
    const std::string in_scope =
        scope.officer.empty() && scope.unit.empty()
            ? (cases_only ? " AND crime <> ''" : "")
            : " AND crime IN (SELECT k.ref FROM cases c JOIN crimes k ON k.id = c.id WHERE 1 = 1" +
                  ScopeClause(scope, "c.") + ")";
    auto& s =
        Stmt(std::string(kOutboxColumns) + " WHERE status = ?" + in_scope + " ORDER BY id LIMIT ?");
    s.Bind(status);
    BindScope(s, scope);
    s.Bind(static_cast<int64_t>(limit));
    return ReadOutbox(s);
  }

  std::vector<ObligationRow> OpenObligationsOfDuty(const std::string& duty, size_t limit) override {
    std::vector<ObligationRow> out;
    static const std::string kSelect = fmt::format(
        "SELECT {} FROM {} WHERE o.duty = ? AND o.settled = 0 ORDER BY o.deadline, k.ref, o.n "
        "LIMIT ?",
        kObligationColumns, kObligationsFrom);
    auto& s = Stmt(kSelect).Bind(duty).Bind(static_cast<int64_t>(limit));
    while (s.Step()) out.push_back(ReadObligation(s));
    return out;
  }

  bool ReferralSent(const std::string& key) override {
    auto& s = Stmt("SELECT 1 FROM referrals WHERE referral_key = ?").Bind(key);
    const bool found = s.Step();
    s.Reset();
    return found;
  }

  bool RecordReferral(const ReferralRow& r) override {
    Stmt(
        "INSERT INTO referrals (referral_key, organisation, crime, person, sent_by, status, "
        "created_at, status_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (referral_key) DO NOTHING")
        .Bind(r.key)
        .Bind(r.organisation)
        .Bind(r.crime)
        .Bind(r.person)
        .Bind(r.sent_by)
        .Bind(r.status)
        .Bind(r.created_at)
        .Bind(r.created_at)
        .Run();
    return conn_.Changes() > 0;
  }

  static constexpr const char* kReferralColumns =
      "SELECT referral_key, organisation, crime, person, sent_by, created_at, status, status_at, "
      "status_note FROM referrals";

  static std::vector<ReferralRow> ReadReferrals(Statement& s) {
    std::vector<ReferralRow> out;
    while (s.Step()) {
      out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5),
                     s.Enum(6, domain::ParseReferralStatus), s.Text(7), s.Text(8)});
    }
    return out;
  }

  std::optional<ReferralRow> Referral(const std::string& key) override {
    auto rows =
        ReadReferrals(Stmt(std::string(kReferralColumns) + " WHERE referral_key = ?").Bind(key));
    if (rows.empty()) return std::nullopt;
    return rows.front();
  }

  std::vector<ReferralRow> CaseReferrals(const std::string& crime) override {
    return ReadReferrals(
        Stmt(std::string(kReferralColumns) + " WHERE crime = ? ORDER BY created_at, referral_key")
            .Bind(crime));
  }

  std::vector<ReferralRow> Referrals(std::optional<domain::ReferralStatus> status,
                                     const std::string& organisation, size_t limit) override {
    const std::string wanted = status ? std::string(domain::Name(*status)) : "";
    return ReadReferrals(Stmt(std::string(kReferralColumns) +
                              " WHERE (? = '' OR status = ?) AND (? = '' OR organisation = ?) "
                              "ORDER BY created_at DESC, referral_key LIMIT ?")
                             .Bind(wanted)
                             .Bind(wanted)
                             .Bind(organisation)
                             .Bind(organisation)
                             .Bind(static_cast<int64_t>(limit)));
  }

  std::vector<OrganisationRow> Organisations() override {
    auto& s = Stmt("SELECT id, name, offers, active, updated_at FROM organisations ORDER BY id");
    std::vector<OrganisationRow> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Int(3) != 0, s.Text(4)});
    return out;
  }

  void SaveOrganisation(const OrganisationRow& o) override {
    Stmt(
        "INSERT INTO organisations (id, name, offers, active, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, offers = excluded.offers, "
        "active = excluded.active, updated_at = excluded.updated_at")
        .Bind(o.id)
        .Bind(o.name)
        .Bind(o.offers)
        .Bind(o.active)
        .Bind(o.updated_at)
        .Run();
  }

  std::vector<std::string> CrimesWithConsentsTo(const std::string& organisation) override {
    // The partial index holds only consents; the body says to whom and who.
    const auto d = conn_.dialect();
    auto& s =
        Stmt(fmt::format("SELECT k.ref FROM events e JOIN crimes k ON k.id = e.case_id "
                         "WHERE e.type = 'referral.consented' AND {} = ? "
                         "AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.referral_key = "
                         "k.ref || '|' || {} || '|to:' || ?) "
                         "GROUP BY k.ref ORDER BY min(e.seq)",
                         sql::JsonField(d, "e.body", "to"), sql::JsonField(d, "e.body", "person")))
            .Bind(organisation)
            .Bind(organisation);
    std::vector<std::string> out;
    while (s.Step()) out.push_back(s.Text(0));
    return out;
  }

  void SetReferralStatus(const std::string& key, domain::ReferralStatus status,
                         const std::string& at, const std::string& note) override {
    Stmt("UPDATE referrals SET status = ?, status_at = ?, status_note = ? WHERE referral_key = ?")
        .Bind(status)
        .Bind(at)
        .Bind(note)
        .Bind(key)
        .Run();
  }

  bool TakeLease(const std::string& job, const std::string& holder, const std::string& now,
                 const std::string& until) override {
    // One statement, atomic on both databases: a free job is inserted, an expired or own
    // lease taken over, another's live lease left (no row changed).
    Stmt(
        "INSERT INTO job_leases (job, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (job) DO "
        "UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at WHERE "
        "job_leases.holder = excluded.holder OR job_leases.expires_at < ?")
        .Bind(job)
        .Bind(holder)
        .Bind(until)
        .Bind(now)
        .Run();
    return conn_.Changes() > 0;
  }

  void ReleaseLease(const std::string& job, const std::string& holder) override {
    Stmt("DELETE FROM job_leases WHERE job = ? AND holder = ?").Bind(job).Bind(holder).Run();
  }

  std::optional<std::string> Setting(const std::string& key) override {
    auto& s = Stmt("SELECT value FROM settings WHERE key = ?").Bind(key);
    if (!s.Step()) return std::nullopt;
    std::string value = s.Text(0);
    s.Reset();
    return value;
  }

  void SetSetting(const std::string& key, const std::string& value) override {
    Stmt(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
        "excluded.value")
        .Bind(key)
        .Bind(value)
        .Run();
  }

  std::vector<ClosedCase> ClosedCases() override { return ReadClosed(kClosedCases, ""); }

  std::optional<ClosedCase> ClosedCaseOf(const std::string& crime) override {
    auto found = ReadClosed(kClosedCases + " AND k.ref = ?", crime);
    if (found.empty()) return std::nullopt;
    return found.front();
  }

  std::vector<Purge> Purges() override {
    std::vector<Purge> out;
    auto& s = Stmt(
        "SELECT crime, kind, closed_at, purged_at, records, through_seq FROM purges ORDER BY "
        "crime, kind");
    while (s.Step()) {
      out.push_back(
          {s.Text(0), s.Enum(1, ParseRetainedKind), s.Text(2), s.Text(3), s.Int(4), s.Int(5)});
    }
    return out;
  }

  void RecordPurge(const Purge& p) override {
    static const std::string kPut = sql::Upsert(
        "purges", "crime, kind, closed_at, purged_at, records, through_seq", "crime, kind");
    Stmt(kPut)
        .Bind(p.crime)
        .Bind(std::string(RetainedKindName(p.kind)))
        .Bind(p.closed_at)
        .Bind(p.purged_at)
        .Bind(p.records)
        .Bind(p.through_seq)
        .Run();
  }

  int64_t PurgePortal(const std::string& crime) override {
    return Changed(
        {"DELETE FROM portal_sessions WHERE account_id IN (SELECT id FROM portal_accounts WHERE "
         "crime = ?)",
         "DELETE FROM portal_accounts WHERE crime = ?",
         "DELETE FROM portal_invitations WHERE crime = ?",
         "UPDATE portal_alerts SET token_hash = 'purged:' || id WHERE crime = ? AND token_hash "
         "NOT LIKE 'purged:%'",
         "UPDATE portal_messages SET body = '', author_name = '' WHERE crime = ? AND (body <> '' "
         "OR author_name <> '')"},
        crime);
  }

  int64_t PurgeMessages(const std::string& crime) override {
    // A message still waiting to go (years after the case closed) is withdrawn: it has no
    // address left to go to.
    return Changed({"UPDATE outbox SET recipient = '', subject = '', body_text = '', body_html = "
                    "'', last_error = NULL, status = CASE WHEN status IN ('created', 'sending') "
                    "THEN 'suppressed' ELSE status END WHERE crime = ? AND (recipient <> '' OR "
                    "subject <> '' OR body_text <> '' OR body_html <> '' OR last_error IS NOT "
                    "NULL)"},
                   crime);
  }

  int64_t PurgeCaseDetails(const std::string& crime,
                           const std::vector<StoredEvent>& events) override {
    // What is removed is overwritten on disk, not left in free space (SQLite; PostgreSQL's
    // old row versions go at the next VACUUM: docs/operations.md).
    if (conn_.dialect() == sql::Dialect::kSqlite) conn_.Exec("PRAGMA secure_delete = ON");
    int64_t changed = 0;
    auto& put = Stmt(
        "UPDATE events SET body = ?, content_hash = ? WHERE id = ? AND case_id = (SELECT id FROM "
        "crimes WHERE ref = ?)");
    for (const auto& e : events) {
      put.Reset().Bind(e.body).Bind(e.content_hash).Bind(e.id).Bind(crime).Run();
      if (conn_.Changes() != 1)
        throw StorageError(fmt::format("purge: {} has no event {}", crime, e.id));
      ++changed;
    }
    constexpr const char* kCallBacks =
        "UPDATE call_backs SET request = '', outcome = CASE WHEN outcome IS NULL THEN NULL ELSE "
        "'' END WHERE crime = ? AND (request <> '' OR outcome <> '')";
    return changed +
           Changed(
               {kCallBacks,
                "UPDATE referrals SET status_note = '' WHERE crime = ? AND status_note <> ''",
                "UPDATE missed_acknowledgements SET note = '' WHERE crime = ? AND note <> ''",
                "UPDATE survey_responses SET comments = '' WHERE crime = ? AND comments <> ''",
                "UPDATE dip_sample_reviews SET findings = '' WHERE crime = ? AND findings <> ''",
                "DELETE FROM repeat_victim_matches WHERE crime_a = ? OR crime_b = ?",
                "DELETE FROM repeat_victim_decisions WHERE crime_a = ? OR crime_b = ?"},
               crime);
  }

 private:
  // A queue line's columns: the obligation, the person's name and, for a periodic update, how
  // many more of the person's updates exist on the day bound first and are outstanding.
  // The later updates a line stands for are counted among the case's own obligations (the
  // primary key, case first): on SQLite "+u.duty" keeps the planner from choosing the duty
  // index instead, which would visit every open update in the store for each line shown
  // (PostgreSQL has no unary + for text, and no need of it).
  std::string QueueSelect() const {
    return fmt::format(
        "SELECT {}, coalesce(p.display_name, '') AS name, CASE WHEN o.duty = 'periodic_update' "
        "THEN (SELECT count(*) FROM obligations u WHERE u.case_id = o.case_id AND u.person = "
        "o.person AND {}u.duty = 'periodic_update' AND u.settled = 0 AND u.trigger_date <= ?) - 1 "
        "ELSE 0 END FROM {} LEFT JOIN people p ON p.case_id = o.case_id AND p.person = "
        "o.person ",
        kObligationColumns, conn_.dialect() == sql::Dialect::kSqlite ? "+" : "", kObligationsFrom);
  }

  // Runs a QueueSelect() statement whose last two parameters are LIMIT and OFFSET.
  QueuePage ReadQueueLines(const std::string& sql, const std::function<void(Statement&)>& bind,
                           size_t offset, size_t limit, QueuePage page) {
    auto& s = Stmt(sql);
    bind(s);
    // No limit (0) as the largest one, which both databases take (SQLite's -1 PostgreSQL
    // refuses).
    s.Bind(limit == 0 ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(limit));
    s.Bind(static_cast<int64_t>(offset));
    while (s.Step()) {
      page.lines.push_back({ReadObligation(s), s.Text(21), static_cast<int>(s.Int(22))});
    }
    return page;
  }

  void Exec(const std::string& sql) { conn_.Exec(sql); }
  // The derived tables' indexes SuspendDerivedIndexes dropped: (name, CREATE statement), and
  // the transaction depth it dropped them at (a rollback below it brings them back).
  std::vector<std::pair<std::string, std::string>> suspended_;
  int suspended_depth_ = 0;
  int64_t Count(const std::string& sql) {
    auto& s = Stmt(sql);
    s.Step();
    const int64_t n = s.Int(0);
    s.Reset();
    return n;
  }
  Statement& Stmt(const std::string& sql) { return conn_.Stmt(sql); }

  inline static const std::string kClosedCases =
      "SELECT k.ref, (SELECT MAX(e.at) FROM events e WHERE e.case_id = c.id AND e.type = "
      "'case.closed'), c.last_event_on, (SELECT MAX(e.seq) FROM events e WHERE e.case_id = "
      "c.id) FROM cases c JOIN crimes k ON k.id = c.id WHERE c.closed = 1";

  // Closed cases by `query` (with `crime` bound when given), crime order; a case closed with no
  // case.closed event (none can be) is left out.
  std::vector<ClosedCase> ReadClosed(const std::string& query, const std::string& crime) {
    std::vector<ClosedCase> out;
    auto& s = Stmt(query + " ORDER BY k.ref");
    if (!crime.empty()) s.Bind(crime);
    while (s.Step()) {
      if (s.IsNull(1)) continue;
      out.push_back({s.Text(0), s.Text(1), s.Day(2), s.Int(3)});
    }
    return out;
  }

  // Runs each statement with `crime` bound to every parameter; the rows they changed.
  int64_t Changed(std::initializer_list<const char*> statements, const std::string& crime) {
    int64_t changed = 0;
    for (const char* text : statements) {
      auto& s = Stmt(text).Reset();
      for (const char* c = text; *c != '\0'; ++c) {
        if (*c == '?') s.Bind(crime);
      }
      s.Run();
      changed += conn_.Changes();
    }
    return changed;
  }

  // The id of a crime's reference (migration 0022), stored the first time the store meets it:
  // crimes is never deleted from, so the id is the case's for good. Inside a transaction the
  // ids met are remembered until it ends (an import names each crime about ten times); a
  // rollback forgets them, since it may take back an id just stored.
  int64_t CaseId(const std::string& crime) {
    if (depth_ > 0) {
      const auto known = case_ids_.find(crime);
      if (known != case_ids_.end()) return known->second;
    }
    int64_t id = 0;
    auto& find = Stmt("SELECT id FROM crimes WHERE ref = ?").Bind(crime);
    if (find.Step()) {
      id = find.Int(0);
      find.Reset();
    } else {
      Stmt("INSERT INTO crimes (ref) VALUES (?)").Bind(crime).Run();
      id = conn_.LastInsertId();
    }
    if (depth_ > 0) {
      if (case_ids_.size() >= kCaseIdsHeld) case_ids_.clear();
      case_ids_.emplace(crime, id);
    }
    return id;
  }
  static constexpr size_t kCaseIdsHeld = 1 << 18;  // about 20 MB of short references
  std::unordered_map<std::string, int64_t> case_ids_;

  static constexpr const char* kCallBackColumns =
      "SELECT b.id, b.crime, b.person, b.request, b.raised_by, b.raised_at, b.done_at, b.done_by, "
      "b.outcome, "
      "c.officer, c.unit, b.assigned_to, b.kind FROM call_backs b JOIN crimes k ON k.ref = b.crime "
      "JOIN "
      "cases c ON c.id = k.id";

#define CF_OUTBOX_FIELDS                                                                         \
  "id, idempotency_key, crime, person, channel, recipient, template, lang, subject, body_text, " \
  "body_html, status, attempts, next_attempt_at, last_error, created_by, created_at, "           \
  "updated_at, provider_id, claimed_by, lease_until"
  static constexpr const char* kOutboxFields = CF_OUTBOX_FIELDS;
  static constexpr const char* kOutboxColumns = "SELECT " CF_OUTBOX_FIELDS " FROM outbox";
#undef CF_OUTBOX_FIELDS

  static std::vector<OutboxMessage> ReadOutbox(Statement& s) {
    std::vector<OutboxMessage> out;
    while (s.Step()) {
      out.push_back({s.Int(0),
                     s.Text(1),
                     s.Text(2),
                     s.Text(3),
                     s.Text(4),
                     s.Text(5),
                     s.Text(6),
                     s.Text(7),
                     s.Text(8),
                     s.Text(9),
                     s.Text(10),
                     s.Enum(11, domain::ParseOutboxStatus),
                     static_cast<int>(s.Int(12)),
                     s.Text(13),
                     s.Text(14),
                     s.Text(15),
                     s.Text(16),
                     s.Text(17),
                     s.Text(18),
                     s.Text(19),
                     s.Text(20)});
    }
    return out;
  }

  // Marks the messages `where` chooses as claimed, in one UPDATE ... RETURNING whose choice
  // PostgreSQL makes with FOR UPDATE SKIP LOCKED (two workers skip each other's rows rather
  // than wait and then take them again) and SQLite under its one write lock. `bind` binds the
  // worker, the lease's end and then `where`'s parameters.
  std::vector<OutboxMessage> Claim(const char* where, const std::function<void(Statement&)>& bind,
                                   size_t limit) {
    auto& s = Stmt(fmt::format(
        "UPDATE outbox SET status = 'sending', claimed_by = ?, lease_until = ? WHERE id IN "
        "(SELECT id FROM outbox WHERE {} ORDER BY id LIMIT ?{}) RETURNING {}",
        where, conn_.dialect() == sql::Dialect::kPostgresql ? " FOR UPDATE SKIP LOCKED" : "",
        kOutboxFields));
    bind(s);
    s.Bind(static_cast<int64_t>(limit));
    auto out = ReadOutbox(s);
    std::sort(out.begin(), out.end(),
              [](const OutboxMessage& a, const OutboxMessage& b) { return a.id < b.id; });
    return out;
  }

  static std::vector<CallBack> ReadCallBacks(Statement& s) {
    std::vector<CallBack> out;
    while (s.Step()) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                     s.Text(7), s.Text(8), s.Text(9), s.Text(10), s.Text(11), s.Text(12)});
    }
    return out;
  }

  std::shared_ptr<Connection> shared_;
  Connection& conn_;
  int depth_ = 0;  // open transactions: the first is BEGIN, the rest savepoints
};

}  // namespace

std::unique_ptr<CaseStore> OpenSqlCaseStoreOn(std::shared_ptr<sql::Connection> conn) {
  return std::make_unique<SqlCaseStore>(std::move(conn));
}

}  // namespace cf::storage
