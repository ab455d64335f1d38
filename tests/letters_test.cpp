// Letters end to end: filled from a real SQLite store (events, the officer's profile and
// rota), drawn to PDF with Cairo and Pango, and read back with pdftotext and pdffonts
// (poppler-utils), for every template, both languages, standard and large print.
#include "app/letters.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <tuple>

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
    if (IsSkipped()) return;
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
            (std::vector<std::string>{"Monday 5 January 2099, 7am to 5pm",
                                      "Tuesday 6 January 2099, 2pm to midnight"}));
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
  EXPECT_NE(hearing.find("on Tuesday 14 January 2025 at 10am at Aberystwyth Justice Centre"),
            std::string::npos)
      << hearing;
  std::string welsh;
  for (const auto& para : Prepare("V1", "first_hearing", "cy").message.paragraphs) welsh += para;
  EXPECT_NE(welsh.find("ar ddydd Mawrth 14 Ionawr 2025 am 10yb yn Aberystwyth Justice Centre"),
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
        EXPECT_NE(text.find(lang == "cy"     ? "Yn gywir"
                            : lang == "easy" ? "From"
                                             : "Yours sincerely"),
                  std::string::npos)
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

// One case under each Code (recorded in 2010, 2018 and 2024), with a victim and a witness, and
// an event that starts every duty: every duty of every rule set is owed to someone.
std::string EveryDutyCase(const std::string& crime, int year) {
  std::string out;
  int n = 0;
  auto add = [&](const std::string& at, const std::string& rest) {
    out += fmt::format(R"({{"id":"{}-{}","crime":"{}","at":"{}-{}",{}}})", crime, ++n, crime, year,
                       at, rest) +
           "\n";
  };
  add("03-02T10:00:00Z",
      R"("type":"crime.recorded","crime_type":"Burglary","unit":"N1","officer":"PC1")");
  add("03-02T10:00:00Z",
      R"("type":"person.added","person":"V1","role":"victim","name":{"title":"Mrs","given":"Gwenllian","family":"Prys"},"contact":{"address":"1 Heol y Coed, Aberystwyth","postcode":"SY23 1AA"})");
  add("03-02T10:00:00Z",
      R"("type":"person.added","person":"W1","role":"witness","name":{"title":"Mr","given":"Dafydd","family":"Hughes"},"contact":{"address":"7 Stryd y Bont, Aberystwyth","postcode":"SY23 2BB"})");
  add("03-03T10:00:00Z", R"("type":"investigation.not_pursued","reason":"there are no leads")");
  add("03-04T10:00:00Z", R"("type":"suspect.arrested","suspect":"S-SECRET-9")");
  add("03-04T12:00:00Z", R"("type":"suspect.interviewed","suspect":"S-SECRET-9")");
  add("03-05T10:00:00Z", R"("type":"suspect.released_nfa","suspect":"S-SECRET-9")");
  add("03-06T10:00:00Z",
      fmt::format(
          R"("type":"suspect.bailed","suspect":"S-SECRET-9","conditions":"not to go to Heol y Coed","return_date":"{}-04-06")",
          year));
  add("03-10T10:00:00Z",
      R"("type":"suspect.bail_changed","suspect":"S-SECRET-9","conditions":"not to contact you")");
  add("03-12T10:00:00Z", R"("type":"suspect.released_under_investigation","suspect":"S-SECRET-9")");
  add("03-20T10:00:00Z", R"("type":"suspect.charged","suspect":"S-SECRET-9","charges":"burglary")");
  add("03-21T10:00:00Z",
      R"("type":"suspect.out_of_court_disposal","suspect":"S-SECRET-9","disposal":"conditional_caution")");
  add("03-22T10:00:00Z",
      R"("type":"decision.no_charge","suspect":"S-SECRET-9","vrr_eligible":true,"reason":"there is not enough evidence")");
  add("03-25T10:00:00Z",
      fmt::format(
          R"("type":"court.hearing_set","court":"Aberystwyth Justice Centre","hearing_at":"{}-04-14T00:00:00Z")",
          year));
  // What a Witness Care Unit receives (the officer in case owes it: no handover here).
  add("03-26T10:00:00Z",
      fmt::format(
          R"("type":"wcu.hearing_received","court":"Aberystwyth Justice Centre","hearing_at":"{}-05-12T09:30:00Z","hearing":"trial")",
          year));
  add("03-27T10:00:00Z",
      R"("type":"wcu.bail_outcome_received","outcome":"bail_granted","conditions":"not to contact you")");
  add("03-28T10:00:00Z",
      fmt::format(
          R"("type":"wcu.evidence_required","court":"Aberystwyth Justice Centre","hearing_at":"{}-05-12T09:30:00Z","plea":"not_guilty")",
          year));
  add("03-29T10:00:00Z",
      R"("type":"wcu.special_measures_decided","decision":"granted","measures":["screens","live_link"])");
  add("03-30T10:00:00Z",
      R"("type":"wcu.court_result_received","result":"convicted","sentence":"two years in prison")");
  // A review asked for and decided, and the charges the CPS dropped.
  add("03-31T10:00:00Z", R"("type":"vrr.requested","person":"V1","decision_by":"police")");
  add("04-01T10:00:00Z",
      R"("type":"vrr.decided","person":"V1","outcome":"upheld","reason":"the evidence does not identify anyone")");
  add("04-02T10:00:00Z",
      R"("type":"cps.charge_altered","change":"dropped","charges":"burglary","reason":"the key witness has withdrawn")");
  add("04-30T10:00:00Z",
      R"("type":"case.closed","outcome":"evidential_difficulties","reason":"the witness could not identify anyone")");
  return out;
}

TEST_F(Letters, EveryDutyOfEveryRuleSetHasALetterInEveryLanguageAndFormat) {
  store_->SetSetting("force_address", "Police Headquarters, 1 Example Road, Aberystwyth, SY23 9ZZ");
  ASSERT_TRUE(accounts_->AddUser({0, "sgt1", domain::StaffRole::kSupervisor, "N1", "SGT1", "x", 0,
                                  "", false, "Nia Evans", "PS 2001", "01632 960201",
                                  "nia.evans@police.example"}));
  const std::map<std::string, int> cases = {{"D/06", 2010}, {"D/15", 2018}, {"D/20", 2024}};
  for (const auto& [crime, year] : cases) ASSERT_TRUE(Import(EveryDutyCase(crime, year)).written);
  struct Variant {
    const char* name;
    std::string lang;
    notify::LetterFormat format;
  };
  const std::vector<Variant> variants = {{"en", "en", notify::LetterFormat::kStandard},
                                         {"cy", "cy", notify::LetterFormat::kStandard},
                                         {"lp", "en", notify::LetterFormat::kLargePrint},
                                         {"cy_lp", "cy", notify::LetterFormat::kLargePrint},
                                         {"easy", "en", notify::LetterFormat::kEasyRead}};
  // What a letter must never show: a placeholder, an internal code (a duty, template or event
  // type, written as the system writes it), or the suspect's id.
  const std::regex internal(
      R"(\{\{|\}\}|\b[a-z]+_[a-z_]+\b|\b(crime|person|suspect|decision|court|case|investigation|contact|contract|needs|referral|information)\.[a-z_]+\b|S-SECRET)");
  std::set<std::string> walked;  // "rule set / duty"
  int letters = 0;
  for (const auto& [crime, year] : cases) {
    std::set<std::tuple<std::string, std::string, std::string>> seen;  // rule set, duty, person
    for (const auto& o : store_->CaseObligations(crime)) {
      if (!seen.insert({o.rule_set, o.duty, o.person}).second) continue;
      const auto duty = DutyForLetter(*store_, crime, o.person, o.duty, o.instance);
      ASSERT_TRUE(duty) << duty.error().message;
      LetterRequest request{crime, o.person, LetterForDuty(o.duty),
                            "",    "",       *core::ParseRfc3339("2026-11-27T12:00:00Z")};
      request.trigger_event = duty->trigger_event;
      for (const auto& v : variants) {
        request.lang = v.lang;
        request.format = v.format;
        const auto p = PrepareLetter(*store_, *accounts_, request);
        ASSERT_TRUE(p) << p.error().message;
        const std::string what =
            fmt::format("{} {} {} {} ({})", crime, o.rule_set, o.duty, o.person, v.name);
        const std::string file =
            Pdf({p->letter}, fmt::format("{}_{}_{}_{}", year, o.duty, o.person, v.name));
        const std::string text = Run("pdftotext " + file + " -");
        const bool victim = o.person == "V1";
        for (const std::string& expected :
             {std::string(victim ? "Mrs Gwenllian Prys" : "Mr Dafydd Hughes"),
              std::string(victim ? "1 Heol y Coed" : "7 Stryd y Bont"), crime,
              std::string(v.lang == "cy" ? "Tudalen 1 o " : "Page 1 of "),
              std::string("Headquarters"), std::string("PS 2001 Nia Evans")}) {
          EXPECT_NE(text.find(expected), std::string::npos) << what << ": " << expected << "\n"
                                                            << text;
        }
        std::smatch m;
        EXPECT_FALSE(std::regex_search(text, m, internal)) << what << ": " << m.str() << "\n"
                                                           << text;
        ++letters;
      }
      walked.insert(o.rule_set + " / " + o.duty);
    }
  }
  // Every duty of every rule set was walked.
  for (const auto& id : lib_.RuleSetIds()) {
    const auto* rule_set = lib_.FindRuleSet(id);
    for (const auto& d : rule_set->duties) {
      EXPECT_TRUE(walked.count(id + " / " + d.id)) << id << " / " << d.id << " was not walked";
    }
    if (rule_set->periodic.has_value()) {
      EXPECT_TRUE(walked.count(id + " / periodic_update")) << id << " / periodic_update";
    }
  }
  std::cout << fmt::format("{} duties walked, {} letters read back\n", walked.size(), letters);
}

TEST_F(Letters, TheRecordedNeedsChooseTheLanguageAndFormat) {
  ASSERT_TRUE(
      Import(
          R"({"id":"n1","type":"person.details_changed","crime":"L/1/24","at":"2024-12-05T10:00:00Z","person":"V1","language":"Welsh","format":"large_print"}
)")
          .written);
  const core::Instant now = *core::ParseRfc3339("2026-11-27T12:00:00Z");
  auto p = PrepareLetter(*store_, *accounts_, {"L/1/24", "V1", "bail", "", "", now});
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->letter.lang, "cy");
  EXPECT_EQ(p->letter.format, notify::LetterFormat::kLargePrint);
  EXPECT_EQ(NeedsWords(p->needs), "Welsh, large print");
  // The officer overrides: English, standard print.
  LetterRequest english{"L/1/24", "V1", "bail", "en", "", now};
  english.format = notify::LetterFormat::kStandard;
  p = PrepareLetter(*store_, *accounts_, english);
  EXPECT_EQ(p->letter.lang, "en");
  EXPECT_EQ(p->letter.format, notify::LetterFormat::kStandard);
  // A later needs assessment asks for easy read: easy read is English only, so a Welsh speaker
  // gets Welsh in large print; with English chosen, easy read.
  ASSERT_TRUE(
      Import(
          R"({"id":"n2","type":"needs.assessed","crime":"L/1/24","at":"2024-12-06T10:00:00Z","person":"V1","easy_read":true}
)")
          .written);
  p = PrepareLetter(*store_, *accounts_, {"L/1/24", "V1", "bail", "", "", now});
  EXPECT_EQ(p->letter.lang, "cy");
  EXPECT_EQ(p->letter.format, notify::LetterFormat::kLargePrint);
  p = PrepareLetter(*store_, *accounts_, {"L/1/24", "V1", "bail", "en", "", now});
  EXPECT_EQ(p->letter.lang, "easy");
  EXPECT_EQ(p->template_lang, "easy");
  EXPECT_EQ(p->letter.format, notify::LetterFormat::kEasyRead);
}

TEST_F(Letters, LargePrintIsLargeThroughoutAndPagesAreNumberedOfTheirTotal) {
  auto p = Prepare("V1", "information_leaflet");
  p.letter.format = notify::LetterFormat::kLargePrint;
  const std::string file = Pdf({p.letter}, "leaflet_lp");
  // The force's name in the header is as large as the body (16 pt), not shrunk.
  const std::string box = Run("pdftotext -bbox " + file + " - | grep -m1 '>Police<'");
  ASSERT_FALSE(box.empty());
  const double height = std::stod(box.substr(box.find("yMax=\"") + 6)) -
                        std::stod(box.substr(box.find("yMin=\"") + 6));
  EXPECT_GE(height, 16 * 1.1);
  const std::string info = Run("pdfinfo " + file);
  const int pages = std::stoi(info.substr(info.find("Pages:") + 6));
  EXPECT_GE(pages, 2) << "the leaflet's letter in large print runs over a page";
  const std::string text = Run("pdftotext " + file + " -");
  EXPECT_NE(text.find(fmt::format("Page 1 of {}", pages)), std::string::npos) << text;
  EXPECT_NE(text.find(fmt::format("Page {} of {}", pages, pages)), std::string::npos) << text;
}

TEST_F(Letters, ClockTimesAreWrittenAsPeopleSayThem) {
  EXPECT_EQ(ClockWords("00:00", "en"), "midnight");
  EXPECT_EQ(ClockWords("24:00", "en"), "midnight");
  EXPECT_EQ(ClockWords("12:00", "en"), "midday");
  EXPECT_EQ(ClockWords("07:00", "en"), "7am");
  EXPECT_EQ(ClockWords("19:30", "en"), "7:30pm");
  EXPECT_EQ(ClockWords("00:30", "en"), "12:30am");
  EXPECT_EQ(ClockWords("00:00", "cy"), "hanner nos");
  EXPECT_EQ(ClockWords("12:00", "cy"), "canol dydd");
  EXPECT_EQ(ClockWords("07:00", "cy"), "7yb");
  EXPECT_EQ(ClockWords("17:30", "cy"), "5:30yh");
}

TEST_F(Letters, TheClosureLetterSaysWhatWasDoneWhyItEndedAndWhatHelpRemains) {
  ASSERT_TRUE(Import(EveryDutyCase("D/20", 2024)).written);
  const auto p = PrepareLetter(
      *store_, *accounts_,
      {"D/20", "V1", "closure", "en", "", *core::ParseRfc3339("2026-11-27T12:00:00Z")});
  ASSERT_TRUE(p) << p.error().message;
  std::string text;
  for (const auto& para : p->message.paragraphs) text += para + "\n";
  for (const char* expected :
       {"we recorded the crime on Saturday 2 March 2024, arrested someone on Monday 4 March 2024, "
        "questioned someone on Monday 4 March 2024, charged someone on Wednesday 20 March 2024, "
        "dealt with someone out of court on Thursday 21 March 2024 and sent the case to court on "
        "Monday 25 March 2024",
        "We have closed it because the witness could not identify anyone.",
        "Victims' Right to Review", "www.police.uk/cp/crime-prevention",
        "Criminal Injuries Compensation Authority"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // In Welsh, "and" as Welsh writes it: "ac" before a vowel, "a ch..." for c.
  const auto welsh = PrepareLetter(
      *store_, *accounts_,
      {"D/20", "V1", "closure", "cy", "", *core::ParseRfc3339("2026-11-27T12:00:00Z")});
  ASSERT_TRUE(welsh) << welsh.error().message;
  std::string cy;
  for (const auto& para : welsh->message.paragraphs) cy += para + "\n";
  EXPECT_NE(cy.find("cofnodwyd y drosedd ar ddydd Sadwrn 2 Mawrth 2024, arestiwyd rhywun"),
            std::string::npos)
      << cy;
  EXPECT_NE(cy.find(", cyhuddwyd rhywun"), std::string::npos) << cy;
  EXPECT_NE(cy.find(" ac anfonwyd yr achos i&#39;r llys ar ddydd Llun 25 Mawrth 2024"),
            std::string::npos)
      << cy;
}

TEST_F(Letters, ALetterForADutyTellsOfItsOwnEventNotWhatCameAfter) {
  ASSERT_TRUE(Import(EveryDutyCase("D/20", 2024)).written);
  const auto letter_for = [&](const std::string& duty) {
    const auto row = DutyForLetter(*store_, "D/20", "V1", duty, 0);
    EXPECT_TRUE(row) << row.error().message;
    LetterRequest request{"D/20", "V1", LetterForDuty(duty),
                          "en",   "",   *core::ParseRfc3339("2026-11-27T12:00:00Z")};
    request.trigger_event = row->trigger_event;
    const auto p = PrepareLetter(*store_, *accounts_, request);
    std::string text;
    for (const auto& para : p->message.paragraphs) text += para + "\n";
    return text;
  };
  const std::string bail = letter_for("bail");
  EXPECT_NE(bail.find("not to go to Heol y Coed"), std::string::npos) << bail;
  EXPECT_EQ(bail.find("not to contact you"), std::string::npos) << "the later change" << bail;
  EXPECT_NE(letter_for("bail_changed").find("not to contact you"), std::string::npos);
  const std::string no_charge = letter_for("no_charge");
  EXPECT_NE(no_charge.find("This is because there is not enough evidence."), std::string::npos)
      << no_charge;
  EXPECT_EQ(no_charge.find("could not identify"), std::string::npos) << "the closure's reason";
  EXPECT_EQ(no_charge.find("the evidence does not identify anyone"), std::string::npos)
      << "the later review's reason";
  const std::string review = letter_for("vrr_outcome");
  EXPECT_NE(review.find("The review has finished."), std::string::npos) << review;
  EXPECT_NE(review.find("the decision was right, so no one will be charged"), std::string::npos);
  EXPECT_NE(review.find("This is because the evidence does not identify anyone."),
            std::string::npos)
      << review;
  const std::string dropped = letter_for("charge_altered");
  EXPECT_NE(dropped.find("decided to drop the charges of burglary"), std::string::npos) << dropped;
  EXPECT_NE(dropped.find("This is because the key witness has withdrawn."), std::string::npos);
  EXPECT_EQ(DutyForLetter(*store_, "D/20", "V1", "bail", 9).error().code,
            core::ErrorCode::kNotFound);
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
