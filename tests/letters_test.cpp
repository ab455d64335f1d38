// Letters end to end: filled from a real SQLite store (events, the officer's profile and
// rota), drawn to PDF with Cairo and Pango, and read back with pdftotext and pdffonts
// (poppler-utils), for every template, both languages, standard and large print.
#include "app/letters.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/london_time.hpp"
#include "support/case_builder.hpp"
#include "support/store_fixture.hpp"

namespace cf::app {
namespace {

constexpr const char* kCase =
    R"({"id":"l1","type":"crime.recorded","crime":"L/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1"}
{"id":"l2","type":"person.added","crime":"L/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"title":"Mrs","given":"Gwenllian","family":"Prys"},"contact":{"address":"1 Heol y Coed, Aberystwyth","postcode":"SY23 1AA"}}
{"id":"l3","type":"person.added","crime":"L/1/24","at":"2024-12-02T10:00:00Z","person":"V2","role":"victim","name":{"title":"Mr","given":"عمران","family":"خان"}}
{"id":"l4","type":"contract.agreed","crime":"L/1/24","at":"2024-12-02T11:00:00Z","person":"V2","wants_updates":true,"channel":"phone","safe_to_contact":{"letter":false}}
{"id":"l5","type":"suspect.bailed","crime":"L/1/24","at":"2024-12-04T17:30:00Z","suspect":"S-SECRET-9","conditions":"not to go to Heol y Coed","return_date":"2025-01-06"}
{"id":"l6","type":"decision.no_charge","crime":"L/1/24","at":"2024-12-20T10:00:00Z","suspect":"S-SECRET-9","vrr_eligible":true,"reason":"there is not enough evidence"}
{"id":"l7","type":"court.hearing_set","crime":"L/1/24","at":"2024-12-21T10:00:00Z","court":"Aberystwyth Justice Centre","hearing_at":"2025-01-14T10:00:00Z"}
)";

class Letters : public StoreWithOfficerTest {
 protected:
  void SetUp() override {
    StoreWithOfficerTest::SetUp();
    ASSERT_TRUE(Import(kCase).written);
    accounts_->AddShifts({{0, "pc1", "2099-01-05T07:00", "2099-01-05T17:00"},
                          {0, "pc1", "2099-01-06T14:00", "2099-01-07T00:00"}},
                         "test");
    dir_ = ::testing::TempDir() + "cf_letters_" + std::to_string(::getpid());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    StoreWithOfficerTest::TearDown();
  }
  PreparedLetter Prepare(const std::string& person, const std::string& id,
                         const std::string& lang = "en") {
    auto p = PrepareLetter(
        *store_, *accounts_,
        {"L/1/24", person, id, lang, "", *core::ParseRfc3339("2026-11-27T12:00:00Z")});
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    return p ? *p : PreparedLetter{};
  }
  static std::string Run(const std::string& command) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    char buffer[4096];
    size_t n;
    while (pipe && (n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) out.append(buffer, n);
    return out;
  }
  std::string Pdf(const std::vector<notify::Letter>& letters, const std::string& name,
                  bool large = false) {
    const std::string file = dir_ + "/" + name + ".pdf";
    const auto status = notify::WriteLettersPdf(letters, file, {large});
    EXPECT_TRUE(status) << (status ? "" : status.error().message);
    return file;
  }

  std::string dir_;
};

TEST_F(Letters, ABailLetterNamesThePersonTheRulesAndTheOfficerButNeverTheSuspect) {
  const auto p = Prepare("V1", "bail");
  EXPECT_EQ(p.letter.salutation, "Dear Mrs Prys");
  EXPECT_EQ(p.letter.recipient, (std::vector<std::string>{"Mrs Gwenllian Prys", "1 Heol y Coed",
                                                          "Aberystwyth", "SY23 1AA"}));
  EXPECT_EQ(p.letter.officer_name, "PC 1001 Sarah Ahmed");
  EXPECT_EQ(p.letter.next_shifts,
            (std::vector<std::string>{"Monday 5 January 2099, 07:00 to 17:00",
                                      "Tuesday 6 January 2099, 14:00 to 00:00"}));
  EXPECT_FALSE(p.LettersUnsafe());
  const std::string text = Run("pdftotext -layout " + Pdf({p.letter}, "bail") + " -");
  for (const char* expected :
       {"Mrs Gwenllian Prys", "SY23 1AA", "Dear Mrs Prys", "Crime reference: L/1/24",
        "The person we arrested is on bail", "not to go to Heol y Coed", "Monday 6 January 2025",
        "PC 1001 Sarah Ahmed", "01632 960001", "sarah.ahmed@police.example",
        "Friday 27 November 2026"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("S-SECRET"), std::string::npos);
  EXPECT_EQ(p.message.sms.find("S-SECRET"), std::string::npos);
}

TEST_F(Letters, TheReviewRightAndTheHearingComeFromTheLog) {
  std::string nfa;
  for (const auto& para : Prepare("V1", "no_further_action").message.paragraphs) nfa += para;
  EXPECT_NE(nfa.find("there is not enough evidence"), std::string::npos);
  EXPECT_NE(nfa.find("Victims' Right to Review"), std::string::npos);
  std::string hearing;
  for (const auto& para : Prepare("V1", "first_hearing").message.paragraphs) hearing += para;
  EXPECT_NE(hearing.find("on Tuesday 14 January 2025 at 10:00 at Aberystwyth Justice Centre"),
            std::string::npos)
      << hearing;
  std::string welsh;
  for (const auto& para : Prepare("V1", "first_hearing", "cy").message.paragraphs) welsh += para;
  EXPECT_NE(welsh.find("ar Dydd Mawrth 14 Ionawr 2025 am 10:00 yn Aberystwyth Justice Centre"),
            std::string::npos)
      << welsh;
}

TEST_F(Letters, EveryTemplateRendersInEveryLanguageStandardAndLargePrint) {
  for (const auto& id : notify::TemplateIds()) {
    for (const auto& lang : notify::Languages()) {
      const auto p = Prepare("V1", id, lang);
      for (const bool large : {false, true}) {
        const std::string file = Pdf({p.letter}, id + "_" + lang + (large ? "_lp" : ""), large);
        const std::string text = Run("pdftotext " + file + " -");
        EXPECT_NE(text.find(lang == "cy" ? "Annwyl Mrs Prys" : "Dear Mrs Prys"), std::string::npos)
            << id << " " << lang;
        EXPECT_NE(text.find(lang == "cy" ? "Yn gywir" : "Yours sincerely"), std::string::npos)
            << id << " " << lang;
      }
    }
  }
  // Welsh letters keep their circumflexes (ŷ, â) through shaping and text extraction.
  const std::string welsh = Run("pdftotext " + dir_ + "/arrest_cy.pdf -");
  EXPECT_NE(welsh.find("ynglŷn â'r drosedd"), std::string::npos) << welsh;
}

TEST_F(Letters, LargePrintIsAtLeastSixteenPoint) {
  const auto p = Prepare("V1", "periodic_update");
  auto word_height = [&](const std::string& file) {
    // pdftotext -bbox gives each word's box; the body's words are as tall as its font.
    const std::string html = Run("pdftotext -bbox " + file + " - | grep -m1 '>update<'");
    const auto y_min = std::stod(html.substr(html.find("yMin=\"") + 6));
    const auto y_max = std::stod(html.substr(html.find("yMax=\"") + 6));
    return y_max - y_min;
  };
  const double standard = word_height(Pdf({p.letter}, "standard"));
  const double large = word_height(Pdf({p.letter}, "large", true));
  EXPECT_NEAR(standard, 12 * 1.16, 2.0);  // DejaVu Sans: ascent plus descent is 1.16 em
  EXPECT_GE(large, 16 * 1.1);
}

TEST_F(Letters, UrduNamesAreShapedAndComeBackOutOfThePdf) {
  const auto p = Prepare("V2", "acknowledgement");
  EXPECT_EQ(p.letter.salutation, "Dear Mr خان");
  const std::string file = Pdf({p.letter}, "urdu");
  // Pango shapes the Arabic script (right to left, joined forms) with a font that has it.
  const std::string text = Run("pdftotext " + file + " -");
  EXPECT_NE(text.find("خان"), std::string::npos) << text;
  // (poppler splits some joined Arabic words when extracting, so only the family name is compared)
  EXPECT_EQ(text.find("\xEF\xBF\xBD"), std::string::npos) << "no replacement characters";
}

TEST_F(Letters, ALetterToSomeoneForWhomLettersAreUnsafeIsMarked) {
  EXPECT_TRUE(Prepare("V2", "arrest").LettersUnsafe());
  EXPECT_FALSE(Prepare("V1", "arrest").LettersUnsafe());
}

TEST_F(Letters, APrintRunIsOnePdfWithEachLetterOnItsOwnPages) {
  std::vector<notify::Letter> run;
  for (const char* id : {"arrest", "bail", "charge"}) run.push_back(Prepare("V1", id).letter);
  const std::string info = Run("pdfinfo " + Pdf(run, "run"));
  EXPECT_NE(info.find("Pages:           3"), std::string::npos) << info;
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos);
}

TEST_F(Letters, UnknownCasesPeopleAndTemplatesAreErrors) {
  const core::Instant now = *core::ParseRfc3339("2026-11-27T12:00:00Z");
  EXPECT_EQ(PrepareLetter(*store_, *accounts_, {"nope", "V1", "bail", "en", "", now}).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(
      PrepareLetter(*store_, *accounts_, {"L/1/24", "V9", "bail", "en", "", now}).error().code,
      core::ErrorCode::kNotFound);
  EXPECT_EQ(
      PrepareLetter(*store_, *accounts_, {"L/1/24", "V1", "nope", "en", "", now}).error().code,
      core::ErrorCode::kNotFound);
  EXPECT_EQ(
      PrepareLetter(*store_, *accounts_, {"L/1/24", "V1", "bail", "fr", "", now}).error().code,
      core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cf::app
