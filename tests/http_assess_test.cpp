// The self-assessment pages over HTTP: who may see and score what, the form's validation,
// one assessment per scope, date and assessor, the report with its spider diagrams, the
// downloads and the action plan.
#include <gtest/gtest.h>

#include "storage/account_store.hpp"
#include "support/http_fixture.hpp"

namespace cf {
namespace {

bool Has(const Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

std::string Location(const Response& r) {
  const auto at = r.headers.find("Location: ");
  return at == std::string::npos ? ""
                                 : r.headers.substr(at + 10, r.headers.find('\r', at) - at - 10);
}

// A form scoring every indicator of components 1 and 2 with `score`, 3.1 with 0, the rest unscored.
std::string Scores(const std::string& scope, const std::string& date, const std::string& assessor,
                   int score) {
  std::string form =
      "scope=" + scope + "&assessed_on=" + date + "&assessor=" + assessor + "&notes=Annual+review";
  for (const char* id : {"1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8"}) {
    form += std::string("&score-") + id + "=" + std::to_string(score);
  }
  form +=
      "&score-3.1=0&note-3.1=Upgrade+planned&evidence-3.1=https%3A%2F%2Fintranet%2Fcms%0D%0ABoard+"
      "paper+12";
  return form;
}

class AssessPages : public HttpApi {
 protected:
  void SetUp() override {
    auto accounts = cf::testing::OpenTestAccounts(db_);
    accounts->AddUnit({"N1", "North response 1", "North BCU"});
    accounts->AddUnit({"S1", "South response 1", "South BCU"});
  }
};

TEST_F(AssessPages, AnalystsScoreTheForceAndSeeTheDiagramsAndGuidance) {
  const PageSession analyst(*server_, "analyst");
  const auto blank = analyst.Get("/assessments/new?scope=force");
  ASSERT_EQ(blank.status, 200);
  EXPECT_TRUE(Has(blank, "0: We do not do work on this aspect."));
  EXPECT_TRUE(Has(blank, "id=\"score-2-6-none\"")) << "every indicator can be left unscored";

  const auto saved =
      analyst.Post("/assessments", Scores("force", "2026-11-01", "Ch+Insp+R+Shah", 2));
  ASSERT_EQ(saved.status, 303) << saved.body;
  const std::string page_path = Location(saved).substr(0, Location(saved).find('?'));
  const auto page = analyst.Get(page_path);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page, "The force, Sun 1 Nov 2026"));
  EXPECT_TRUE(Has(page, "<svg xmlns=\"http://www.w3.org/2000/svg\"")) << "the hexagon inline";
  EXPECT_TRUE(Has(page, "aria-labelledby=\"overall-title overall-desc\""));
  EXPECT_TRUE(Has(page, "aria-labelledby=\"c6-title c6-desc\"")) << "a diagram per component";
  EXPECT_TRUE(Has(page,
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\" "
                  "data-label=\"Average\">2.0</td>"));
  EXPECT_TRUE(Has(page, "Not scored")) << "components 4 to 6 have nothing scored";
  EXPECT_TRUE(Has(page, "read pages 27-29 of the guide")) << "systems and processes at 0.0";
  EXPECT_TRUE(Has(page, "Next: We are planning to upgrade our systems.")) << "3.1's next level";
  EXPECT_TRUE(Has(
      page,
      "<a class=\"govuk-link\" href=\"https:&#x2F;&#x2F;intranet&#x2F;cms\" rel=\"noreferrer\">"));
  EXPECT_TRUE(Has(page, "Board paper 12"));
  EXPECT_TRUE(Has(page, "Measured by Citizen Focus: Code duties met on time"))
      << "live evidence beside 3.1";
  EXPECT_TRUE(Has(page, "Open Government Licence v3.0"));

  // Problems name the field and keep what was typed; nothing is stored.
  const auto bad =
      analyst.Post("/assessments", "scope=force&assessed_on=1+Nov&assessor=&score-1.1=2");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(bad, "Date of the assessment: &quot;1 Nov&quot; is not a date (YYYY-MM-DD)"));
  EXPECT_TRUE(Has(bad, "Assessor: say who made the assessment"));
  EXPECT_TRUE(Has(bad, "value=\"1 Nov\""));
  const auto twice =
      analyst.Post("/assessments", Scores("force", "2026-11-01", "Ch+Insp+R+Shah", 3));
  EXPECT_EQ(twice.status, 422);
  EXPECT_TRUE(Has(twice, "already assessed force on this date"));
  EXPECT_TRUE(Has(analyst.Post("/assessments", Scores("Atlantis+BCU", "2026-11-02", "X", 2)),
                  "Force or BCU: choose the force or one of the BCUs in the list"));
  const auto seven =
      analyst.Post("/assessments", "scope=force&assessed_on=2026-11-02&assessor=X&score-1.1=7");
  EXPECT_EQ(seven.status, 422) << "a tampered score is refused, not dropped";
  EXPECT_TRUE(Has(seven, "Indicator 1.1: 7 is not between 0 and 4"));

  // A later assessment starts from these scores, and the two compare.
  EXPECT_TRUE(Has(analyst.Get("/assessments/new?scope=force"),
                  "copied from the assessment of Sun 1 Nov 2026"));
  const auto later =
      analyst.Post("/assessments", Scores("force", "2026-11-20", "Ch+Insp+R+Shah", 3));
  ASSERT_EQ(later.status, 303);
  const std::string later_path = Location(later).substr(0, Location(later).find('?'));
  const std::string first_id = page_path.substr(page_path.rfind('/') + 1);
  const auto compared = analyst.Get(later_path + "?compare=" + first_id);
  EXPECT_TRUE(Has(compared, "stroke-dasharray=\"8 5\"")) << "the earlier one dashed";
  EXPECT_TRUE(Has(compared, "(compared)"));
  const auto history = analyst.Get("/assessments");
  EXPECT_TRUE(Has(history, "?compare=" + first_id + "\">With the one before"));
}

TEST_F(AssessPages, SupervisorsScoreOnlyTheirOwnBcuAndOthersNone) {
  const PageSession supervisor(*server_, "supervisor_n");
  EXPECT_EQ(supervisor.Get("/assessments").status, 200);
  EXPECT_EQ(supervisor.Get("/assessments/new?scope=force").status, 403);
  EXPECT_EQ(supervisor.Post("/assessments", Scores("South+BCU", "2026-11-01", "Sgt+A", 2)).status,
            403);
  ASSERT_EQ(supervisor.Post("/assessments", Scores("North+BCU", "2026-11-01", "Sgt+A", 2)).status,
            303);
  for (const char* who : {"officer_n", "bureau"}) {
    const PageSession other(*server_, who);
    EXPECT_EQ(other.Get("/assessments").status, 403) << who;
    EXPECT_EQ(other.Post("/assessments", Scores("force", "2026-11-01", "X", 2)).status, 403) << who;
  }
}

TEST_F(AssessPages, DownloadsAndTheActionPlan) {
  const PageSession analyst(*server_, "analyst");
  const auto saved =
      analyst.Post("/assessments", Scores("North+BCU", "2026-11-01", "Supt+K+Lee", 1));
  ASSERT_EQ(saved.status, 303);
  const std::string path = Location(saved).substr(0, Location(saved).find('?'));
  const auto csv = analyst.Get(path + "/report.csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("North BCU,2026-11-01,Supt K Lee,3,3.1,"), std::string::npos) << csv.body;
  EXPECT_EQ(analyst.Get(path + "/report.xlsx").body.substr(0, 2), "PK");
  EXPECT_EQ(analyst.Get(path + "/report.pdf").body.substr(0, 5), "%PDF-");
  EXPECT_EQ(analyst.Get(path + "/report.svg").body.substr(0, 4), "<svg");
  EXPECT_NE(analyst.Get(path + "/report.json").body.find("\"live_evidence\""), std::string::npos);
  EXPECT_EQ(analyst.Get("/assessments/999/report.csv").status, 404);

  const auto bad =
      analyst.Post(path + "/actions", "indicator=3.1&action=Upgrade&owner=DI+Shah&due=soon");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(bad, "due: &quot;soon&quot; is not a date"));
  ASSERT_EQ(analyst
                .Post(path + "/actions",
                      "indicator=3.1&action=Upgrade+the+crime+system&owner=DI+Shah&due=2020-01-31")
                .status,
            303);
  EXPECT_TRUE(Has(analyst.Get("/assessments"),
                  "Action plan: 1 open, <strong class=\"govuk-tag govuk-tag--red\">1 overdue"));
  auto page = analyst.Get(path);
  EXPECT_TRUE(Has(page, "Upgrade the crime system"));
  EXPECT_TRUE(Has(page, "3.1 (scored 0)")) << "shown against the latest assessment's score";
  EXPECT_TRUE(Has(page, "Overdue"));
  const std::string id = page.body.substr(page.body.find("name=\"action_id\" value=\"") + 24, 1);
  ASSERT_EQ(analyst.Post(path + "/actions", "action_id=" + id + "&status=done").status, 303);
  page = analyst.Get(path);
  EXPECT_TRUE(Has(page, "value=\"done\" selected"));
  EXPECT_FALSE(Has(page, "Overdue")) << "done: no longer overdue";
  EXPECT_TRUE(Has(analyst.Get("/assessments"), "Action plan: 0 open."))
      << "the done action is not open";
  const PageSession supervisor_s(*server_, "officer_s");
  EXPECT_EQ(supervisor_s.Post(path + "/actions", "action_id=" + id + "&status=dropped").status,
            403);
}

TEST_F(AssessPages, AScoresFileIsUploadedFromTheHistoryPage) {
  const PageSession analyst(*server_, "analyst");
  const std::string csv =
      "scope,assessed_on,assessor,indicator,score,note\r\n"
      "North BCU,2026-10-01,Supt K Lee,1.1,3,Survey done\r\n"
      "North BCU,2026-10-01,Supt K Lee,2.6,1,\r\n";
  const auto done = analyst.PostFile("/assessments/import", "north.csv", csv);
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_NE(Location(done).find("done=imported"), std::string::npos);
  const auto page = analyst.Get(Location(done));
  EXPECT_TRUE(Has(page, "Imported."));
  EXPECT_TRUE(Has(page, "Survey done"));
  EXPECT_NE(
      Location(analyst.PostFile("/assessments/import", "north.csv", csv)).find("done=unchanged"),
      std::string::npos)
      << "the same file twice changes nothing";
  const auto bad = analyst.PostFile("/assessments/import", "bad.csv",
                                    "scope,assessed_on,assessor,indicator,score\n"
                                    "force,2026-10-01,X,1.1,6\n");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(bad, "bad.csv:2: score: &quot;6&quot; is not a whole number from 0 to 4"));
  EXPECT_EQ(analyst.PostFile("/assessments/import", "notes.txt", "hello").status, 422);
  const PageSession supervisor(*server_, "supervisor_n");
  EXPECT_EQ(
      supervisor
          .PostFile("/assessments/import", "south.csv",
                    "scope,assessed_on,assessor,indicator,score\nSouth BCU,2026-10-01,X,1.1,2\n")
          .status,
      403)
      << "a supervisor imports only their own BCU's";
  EXPECT_EQ(server_
                ->Request("POST", "/assessments/import", "", "x",
                          {"Content-Type: multipart/form-data; boundary=q"})
                .status,
            303)
      << "signed out: sent to sign in";
}

}  // namespace
}  // namespace cf
