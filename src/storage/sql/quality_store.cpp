#include "storage/quality_store.hpp"

#include <fmt/format.h>

#include "storage/case_store.hpp"
#include "storage/sql/stores.hpp"

namespace cf::storage {
namespace {

using sql::Statement;

constexpr const char* kResponseColumns =
    "id, source, interviewed_on, crime, person, crime_type, unit, bcu, ethnic_group, white, "
    "ease_of_contact, actions_taken, follow_up, treatment, whole_experience, diagnostics, "
    "comments, stored_by, stored_at";

SurveyResponse ReadResponse(const Statement& s) {
  SurveyResponse r;
  r.id = s.Text(0);
  r.source = s.Text(1);
  r.interviewed_on = s.Day(2);
  r.crime = s.Text(3);
  r.person = s.Text(4);
  r.crime_type = s.Text(5);
  r.unit = s.Text(6);
  r.bcu = s.Text(7);
  r.ethnic_group = s.Text(8);
  if (!s.IsNull(9)) r.white = s.Int(9) != 0;
  for (int i = 0; i < 5; ++i) r.stages[static_cast<size_t>(i)] = static_cast<int>(s.Int(10 + i));
  r.diagnostics = s.Text(15);
  r.comments = s.Text(16);
  r.stored_by = s.Text(17);
  r.stored_at = s.Text(18);
  return r;
}

constexpr const char* kReviewSelect =
    "SELECT sample_id, crime, officer, unit, rubric, score, findings, reviewed_by, reviewed_at "
    "FROM dip_sample_reviews";

DipSampleReview ReadReview(const Statement& s) {
  return {s.Int(0),  s.Text(1), s.Text(2), s.Text(3), s.Text(4), static_cast<int>(s.Int(5)),
          s.Text(6), s.Text(7), s.Text(8)};
}

class SqlQualityStore final : public QualityStore {
 public:
  explicit SqlQualityStore(std::shared_ptr<sql::Connection> conn)
      : shared_(std::move(conn)), conn_(*shared_) {}

  SurveyWrite PutSurveyResponses(const std::vector<SurveyResponse>& responses) override {
    SurveyWrite out;
    for (const auto& r : responses) {
      auto& find = conn_
                       .Stmt(std::string("SELECT ") + kResponseColumns +
                             " FROM survey_responses WHERE id = ?")
                       .Bind(r.id);
      std::optional<SurveyResponse> held;
      if (find.Step()) held = ReadResponse(find);
      find.Reset();
      if (held && SameSurveyAnswers(*held, r)) {
        ++out.unchanged;
        continue;
      }
      auto& put = conn_.Stmt(sql::Upsert("survey_responses", kResponseColumns, "id"));
      put.Bind(r.id)
          .Bind(r.source)
          .Bind(r.interviewed_on)
          .Bind(r.crime)
          .Bind(r.person)
          .Bind(r.crime_type)
          .Bind(r.unit)
          .Bind(r.bcu)
          .Bind(r.ethnic_group);
      if (r.white)
        put.Bind(*r.white);
      else
        put.BindOrNull(std::string());
      for (const int stage : r.stages) put.Bind(stage);
      put.Bind(r.diagnostics).Bind(r.comments).Bind(r.stored_by).Bind(r.stored_at).Run();
      ++(held ? out.replaced : out.added);
    }
    return out;
  }

  std::vector<SurveyResponse> SurveyResponses(core::Date from, core::Date to) override {
    auto& s = conn_
                  .Stmt(std::string("SELECT ") + kResponseColumns +
                        " FROM survey_responses WHERE interviewed_on BETWEEN ? AND ? ORDER BY "
                        "interviewed_on, id")
                  .Bind(from)
                  .Bind(to);
    std::vector<SurveyResponse> out;
    while (s.Step()) out.push_back(ReadResponse(s));
    return out;
  }

  int64_t AddDipSample(const DipSample& d) override {
    conn_
        .Stmt(
            "INSERT INTO dip_samples (unit, month, seed, size, drawn_by, drawn_at, risks_as_of) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(d.unit)
        .Bind(d.month)
        .Bind(static_cast<int64_t>(d.seed))
        .Bind(d.size)
        .Bind(d.drawn_by)
        .Bind(d.drawn_at)
        .Bind(d.risks_as_of)
        .Run();
    const int64_t id = conn_.LastInsertId();
    int position = 0;
    for (const auto& c : d.cases) {
      auto& s = conn_.Stmt(
          "INSERT INTO dip_sample_cases (sample_id, position, crime, drawn_as, reasons, weight, "
          "officer, crime_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      s.Bind(id).Bind(++position).Bind(c.crime).Bind(c.drawn_as).Bind(c.reasons);
      s.Bind(c.weight).Bind(c.officer).Bind(c.crime_type).Run();
    }
    return id;
  }

  std::vector<DipSample> DipSamples(const std::string& unit, const std::string& month) override {
    std::vector<DipSample> out;
    auto& s = conn_
                  .Stmt(
                      "SELECT id, unit, month, seed, size, drawn_by, drawn_at, risks_as_of FROM "
                      "dip_samples WHERE unit = ? AND month = ? ORDER BY id")
                  .Bind(unit)
                  .Bind(month);
    while (s.Step())
      out.push_back({s.Int(0),
                     s.Text(1),
                     s.Text(2),
                     static_cast<uint64_t>(s.Int(3)),
                     static_cast<int>(s.Int(4)),
                     s.Text(5),
                     s.Text(6),
                     {},
                     s.Text(7)});
    for (auto& d : out) {
      auto& c = conn_
                    .Stmt(
                        "SELECT crime, drawn_as, reasons, weight, officer, crime_type FROM "
                        "dip_sample_cases WHERE sample_id = ? ORDER BY position")
                    .Bind(d.id);
      while (c.Step())
        d.cases.push_back({c.Text(0), c.Text(1), c.Text(2), c.Real(3), c.Text(4), c.Text(5)});
    }
    return out;
  }

  std::optional<DipSample> FindDipSample(int64_t id) override {
    auto& s = conn_.Stmt("SELECT unit, month FROM dip_samples WHERE id = ?").Bind(id);
    if (!s.Step()) return std::nullopt;
    const std::string unit = s.Text(0), month = s.Text(1);
    s.Reset();
    for (auto& d : DipSamples(unit, month))
      if (d.id == id) return std::move(d);
    return std::nullopt;
  }

  void PutDipSampleReview(const DipSampleReview& r) override {
    auto& s = conn_.Stmt(
        sql::Upsert("dip_sample_reviews",
                    "sample_id, crime, officer, unit, rubric, score, findings, reviewed_by, "
                    "reviewed_at",
                    "sample_id, crime"));
    s.Bind(r.sample_id).Bind(r.crime).Bind(r.officer).Bind(r.unit).Bind(r.rubric).Bind(r.score);
    s.Bind(r.findings).Bind(r.reviewed_by).Bind(r.reviewed_at).Run();
  }

  std::vector<DipSampleReview> DipSampleReviews(int64_t sample_id) override {
    auto& s = conn_.Stmt(std::string(kReviewSelect) + " WHERE sample_id = ? ORDER BY crime")
                  .Bind(sample_id);
    std::vector<DipSampleReview> out;
    while (s.Step()) out.push_back(ReadReview(s));
    return out;
  }

  std::vector<DipSampleReview> ReviewsSince(const std::string& since,
                                            const std::string& officer) override {
    auto& s = conn_
                  .Stmt(std::string(kReviewSelect) +
                        " WHERE reviewed_at >= ? AND (? = '' OR officer = ?) ORDER BY reviewed_at "
                        "DESC, sample_id DESC, crime")
                  .Bind(since)
                  .Bind(officer)
                  .Bind(officer);
    std::vector<DipSampleReview> out;
    while (s.Step()) out.push_back(ReadReview(s));
    return out;
  }

  int64_t AddCallList(const QualityCallList& l) override {
    conn_
        .Stmt(
            "INSERT INTO quality_call_lists (supervisor, unit, week, seed, size, drawn_at) "
            "VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(l.supervisor)
        .Bind(l.unit)
        .Bind(l.week)
        .Bind(static_cast<int64_t>(l.seed))
        .Bind(l.size)
        .Bind(l.drawn_at)
        .Run();
    const int64_t id = conn_.LastInsertId();
    int position = 0;
    for (const auto& c : l.calls) {
      auto& s = conn_.Stmt(
          "INSERT INTO quality_calls (list_id, position, crime, person, status, attempts, "
          "last_at, response_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      s.Bind(id).Bind(++position).Bind(c.crime).Bind(c.person).Bind(c.status);
      s.Bind(c.attempts).Bind(c.last_at).Bind(c.response_id).Run();
    }
    return id;
  }

  std::optional<QualityCallList> FindCallList(const std::string& supervisor,
                                              core::Date week) override {
    auto& s = conn_.Stmt("SELECT id FROM quality_call_lists WHERE supervisor = ? AND week = ?")
                  .Bind(supervisor)
                  .Bind(week);
    if (!s.Step()) return std::nullopt;
    const int64_t id = s.Int(0);
    s.Reset();
    return FindCallListById(id);
  }

  std::optional<QualityCallList> FindCallListById(int64_t id) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT supervisor, unit, week, seed, size, drawn_at FROM "
                      "quality_call_lists WHERE id = ?")
                  .Bind(id);
    if (!s.Step()) return std::nullopt;
    QualityCallList l{id,
                      s.Text(0),
                      s.Text(1),
                      s.Day(2),
                      static_cast<uint64_t>(s.Int(3)),
                      static_cast<int>(s.Int(4)),
                      s.Text(5),
                      {}};
    s.Reset();
    auto& c = conn_
                  .Stmt(
                      "SELECT crime, person, status, attempts, last_at, response_id FROM "
                      "quality_calls WHERE list_id = ? ORDER BY position")
                  .Bind(id);
    while (c.Step())
      l.calls.push_back(
          {c.Text(0), c.Text(1), c.Text(2), static_cast<int>(c.Int(3)), c.Text(4), c.Text(5)});
    return l;
  }

  bool EverListedForCall(const std::string& crime, const std::string& person) override {
    auto& s = conn_.Stmt("SELECT 1 FROM quality_calls WHERE crime = ? AND person = ? LIMIT 1")
                  .Bind(crime)
                  .Bind(person);
    const bool found = s.Step();
    s.Reset();
    return found;
  }

  void UpdateQualityCall(int64_t list_id, int position, const QualityCall& c) override {
    auto& s = conn_.Stmt(
        "UPDATE quality_calls SET crime = ?, person = ?, status = ?, attempts = ?, last_at = ?, "
        "response_id = ? WHERE list_id = ? AND position = ?");
    s.Bind(c.crime).Bind(c.person).Bind(c.status).Bind(c.attempts).Bind(c.last_at);
    s.Bind(c.response_id).Bind(list_id).Bind(position).Run();
    if (conn_.Changes() != 1)
      throw StorageError(
          fmt::format("quality call-back list {} has no call {}", list_id, position));
  }

  void ReplaceMeasures(const std::vector<std::string>& months, const std::vector<MeasureRow>& rows,
                       const std::string& at) override {
    for (const auto& month : months) {
      conn_.Stmt("DELETE FROM measure_rollups WHERE month = ?").Bind(month).Run();
      conn_
          .Stmt(
              "INSERT INTO measure_refreshes (month, refreshed_at) VALUES (?, ?) ON CONFLICT "
              "(month) DO UPDATE SET refreshed_at = excluded.refreshed_at")
          .Bind(month)
          .Bind(at)
          .Run();
    }
    for (const auto& r : rows) {
      auto& s = conn_.Stmt(
          "INSERT INTO measure_rollups (month, unit, measure, numerator, denominator) VALUES (?, "
          "?, ?, ?, ?)");
      s.Bind(r.month).Bind(r.unit).Bind(r.measure).Bind(r.numerator).Bind(r.denominator).Run();
    }
  }

  std::vector<MeasureRow> Measures(const std::string& from, const std::string& to) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT month, unit, measure, numerator, denominator FROM measure_rollups "
                      "WHERE month BETWEEN ? AND ? ORDER BY month, unit, measure")
                  .Bind(from)
                  .Bind(to);
    std::vector<MeasureRow> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Real(3), s.Real(4)});
    return out;
  }

  std::string MeasuresRefreshedAt(const std::string& month) override {
    auto& s = conn_.Stmt("SELECT refreshed_at FROM measure_refreshes WHERE month = ?").Bind(month);
    std::string at = s.Step() ? s.Text(0) : std::string();
    s.Reset();
    return at;
  }

  void ReplaceRepeatVictimMatches(const std::vector<RepeatVictimMatchRow>& rows,
                                  const std::string& at) override {
    conn_.Stmt("DELETE FROM repeat_victim_matches").Run();
    for (const auto& r : rows) {
      auto& s = conn_.Stmt(sql::Upsert("repeat_victim_matches",
                                       "crime_a, person_a, crime_b, person_b, score, evidence",
                                       "crime_a, person_a, crime_b, person_b"));
      s.Bind(r.crime_a).Bind(r.person_a).Bind(r.crime_b).Bind(r.person_b).Bind(r.score);
      s.Bind(r.evidence).Run();
    }
    conn_.Stmt(sql::Upsert("repeat_victim_refreshes", "id, found_at", "id")).Bind(1).Bind(at).Run();
  }

  std::vector<RepeatVictimMatchRow> RepeatVictimMatches(const std::string& crime) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT crime_a, person_a, crime_b, person_b, score, evidence FROM "
                      "repeat_victim_matches WHERE crime_a = ? UNION ALL SELECT crime_a, "
                      "person_a, crime_b, person_b, score, evidence FROM repeat_victim_matches "
                      "WHERE crime_b = ? AND crime_a <> ? ORDER BY 5 DESC, 1, 2, 3, 4")
                  .Bind(crime)
                  .Bind(crime)
                  .Bind(crime);
    std::vector<RepeatVictimMatchRow> out;
    while (s.Step())
      out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Real(4), s.Text(5)});
    return out;
  }

  std::string RepeatVictimsFoundAt() override {
    auto& s = conn_.Stmt("SELECT found_at FROM repeat_victim_refreshes WHERE id = 1");
    std::string at = s.Step() ? s.Text(0) : std::string();
    s.Reset();
    return at;
  }

  void PutRepeatVictimDecision(const RepeatVictimDecision& d) override {
    auto& s = conn_.Stmt(
        sql::Upsert("repeat_victim_decisions",
                    "crime_a, person_a, crime_b, person_b, same_person, score, evidence, "
                    "decided_by, decided_at, reason",
                    "crime_a, person_a, crime_b, person_b"));
    s.Bind(d.crime_a).Bind(d.person_a).Bind(d.crime_b).Bind(d.person_b);
    s.Bind(d.same_person ? 1 : 0).Bind(d.score).Bind(d.evidence).Bind(d.decided_by);
    s.Bind(d.decided_at).Bind(d.reason).Run();
  }

  std::vector<RepeatVictimDecision> RepeatVictimDecisions(const std::string& crime) override {
    auto& s = conn_
                  .Stmt(
                      "SELECT crime_a, person_a, crime_b, person_b, same_person, score, evidence, "
                      "decided_by, decided_at, reason FROM repeat_victim_decisions WHERE crime_a "
                      "= ? OR crime_b = ? ORDER BY crime_a, person_a, crime_b, person_b")
                  .Bind(crime)
                  .Bind(crime);
    std::vector<RepeatVictimDecision> out;
    while (s.Step()) {
      out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0, s.Real(5),
                     s.Text(6), s.Text(7), s.Text(8), s.Text(9)});
    }
    return out;
  }

 private:
  std::shared_ptr<sql::Connection> shared_;
  sql::Connection& conn_;
};

}  // namespace

std::unique_ptr<QualityStore> OpenSqlQualityStoreOn(std::shared_ptr<sql::Connection> conn) {
  return std::make_unique<SqlQualityStore>(std::move(conn));
}

}  // namespace cf::storage
