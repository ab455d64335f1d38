#include "storage/assessment_store.hpp"

#include "storage/evidence_lines.hpp"
#include "storage/sql/stores.hpp"

namespace cf::storage {
namespace {

class SqlAssessmentStore final : public AssessmentStore {
 public:
  explicit SqlAssessmentStore(std::shared_ptr<sql::Connection> conn)
      : shared_(std::move(conn)), conn_(*shared_) {}

  int64_t AddAssessment(const assess::Assessment& a, const std::string& created_by) override {
    return Write([&] {
      const std::string now = conn_.NowUtc();
      conn_
          .Stmt(
              "INSERT INTO assessments (scope, assessed_on, assessor, notes, created_by, "
              "created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)")
          .Bind(a.scope)
          .Bind(a.assessed_on)
          .Bind(a.assessor)
          .Bind(a.notes)
          .Bind(created_by)
          .Bind(now)
          .Bind(now)
          .Run();
      const int64_t id = conn_.LastInsertId();
      WriteScores(id, a);
      return id;
    });
  }

  void UpdateAssessment(const assess::Assessment& a) override {
    Write([&] {
      conn_
          .Stmt(
              "UPDATE assessments SET scope = ?, assessed_on = ?, assessor = ?, notes = ?, "
              "updated_at = ? WHERE id = ?")
          .Bind(a.scope)
          .Bind(a.assessed_on)
          .Bind(a.assessor)
          .Bind(a.notes)
          .Bind(conn_.NowUtc())
          .Bind(a.id)
          .Run();
      conn_.Stmt("DELETE FROM assessment_scores WHERE assessment_id = ?").Bind(a.id).Run();
      WriteScores(a.id, a);
      return a.id;
    });
  }

  std::optional<assess::Assessment> FindAssessment(int64_t id) override {
    auto found = Read(" WHERE id = ?", [&](sql::Statement& s) { s.Bind(id); });
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }

  std::optional<int64_t> FindAssessmentId(const std::string& scope, const std::string& assessed_on,
                                          const std::string& assessor) override {
    auto& s =
        conn_
            .Stmt("SELECT id FROM assessments WHERE scope = ? AND assessed_on = ? AND assessor = ?")
            .Bind(scope)
            .Bind(assessed_on)
            .Bind(assessor);
    if (!s.Step()) return std::nullopt;
    const int64_t id = s.Int(0);
    s.Reset();
    return id;
  }

  std::vector<assess::Assessment> Assessments(const std::string& scope) override {
    return Read(" WHERE (? = '' OR scope = ?) ORDER BY assessed_on DESC, id DESC",
                [&](sql::Statement& s) { s.Bind(scope).Bind(scope); });
  }

  int64_t AddAction(const PlanAction& p) override {
    const std::string now = conn_.NowUtc();
    conn_
        .Stmt(
            "INSERT INTO assessment_actions (scope, indicator, action, owner, due, status, "
            "created_by, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(p.scope)
        .Bind(p.indicator)
        .Bind(p.action)
        .Bind(p.owner)
        .Bind(p.due)
        .Bind(p.status)
        .Bind(p.created_by)
        .Bind(now)
        .Bind(now)
        .Run();
    return conn_.LastInsertId();
  }

  void UpdateAction(const PlanAction& p) override {
    conn_
        .Stmt(
            "UPDATE assessment_actions SET indicator = ?, action = ?, owner = ?, due = ?, status = "
            "?, updated_at = ? "
            "WHERE id = ?")
        .Bind(p.indicator)
        .Bind(p.action)
        .Bind(p.owner)
        .Bind(p.due)
        .Bind(p.status)
        .Bind(conn_.NowUtc())
        .Bind(p.id)
        .Run();
  }

  std::optional<PlanAction> FindAction(int64_t id) override {
    auto found = ReadActions(" WHERE id = ?", [&](sql::Statement& s) { s.Bind(id); });
    if (found.empty()) return std::nullopt;
    return found.front();
  }

  std::vector<PlanAction> Actions(const std::string& scope) override {
    return ReadActions(" WHERE (? = '' OR scope = ?) ORDER BY due, id",
                       [&](sql::Statement& s) { s.Bind(scope).Bind(scope); });
  }

 private:
  // One transaction, or a savepoint within the caller's.
  template <typename F>
  int64_t Write(F&& body) {
    const bool outer = !conn_.InTransaction();
    if (outer) {
      conn_.BeginWrite();
    } else {
      conn_.Exec("SAVEPOINT assessment_write");
    }
    try {
      const int64_t id = body();
      conn_.Exec(outer ? "COMMIT" : "RELEASE assessment_write");
      return id;
    } catch (...) {
      if (outer) {
        conn_.Exec("ROLLBACK");
      } else {
        conn_.Exec("ROLLBACK TO assessment_write");
        conn_.Exec("RELEASE assessment_write");
      }
      throw;
    }
  }

  void WriteScores(int64_t id, const assess::Assessment& a) {
    for (const auto& [indicator, s] : a.scores) {
      auto& stmt = conn_.Stmt(
          "INSERT INTO assessment_scores (assessment_id, indicator, score, note, evidence) "
          "VALUES (?, ?, ?, ?, ?)");
      stmt.Bind(id).Bind(indicator);
      if (s.score) {
        stmt.Bind(*s.score);
      } else {
        stmt.BindOrNull("");
      }
      stmt.Bind(s.note).Bind(JoinEvidence(s.evidence)).Run();
    }
  }

  template <typename B>
  std::vector<assess::Assessment> Read(const std::string& where, B&& bind) {
    std::vector<assess::Assessment> out;
    auto& s = conn_.Stmt("SELECT id, scope, assessed_on, assessor, notes FROM assessments" + where);
    bind(s);
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), {}});
    for (auto& a : out) {
      auto& scores = conn_
                         .Stmt(
                             "SELECT indicator, score, note, evidence FROM assessment_scores WHERE "
                             "assessment_id = ?")
                         .Bind(a.id);
      while (scores.Step()) {
        assess::IndicatorScore sc;
        if (!scores.IsNull(1)) sc.score = static_cast<int>(scores.Int(1));
        sc.note = scores.Text(2);
        sc.evidence = SplitEvidence(scores.Text(3));
        a.scores[scores.Text(0)] = std::move(sc);
      }
    }
    return out;
  }

  template <typename B>
  std::vector<PlanAction> ReadActions(const std::string& where, B&& bind) {
    std::vector<PlanAction> out;
    auto& s = conn_.Stmt(
        "SELECT id, scope, indicator, action, owner, due, status, created_by, created_at, "
        "updated_at "
        "FROM assessment_actions" +
        where);
    bind(s);
    while (s.Step()) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                     s.Text(7), s.Text(8), s.Text(9)});
    }
    return out;
  }

  std::shared_ptr<sql::Connection> shared_;
  sql::Connection& conn_;
};

}  // namespace

std::unique_ptr<AssessmentStore> OpenSqlAssessmentStoreOn(std::shared_ptr<sql::Connection> conn) {
  return std::make_unique<SqlAssessmentStore>(std::move(conn));
}

}  // namespace cf::storage
