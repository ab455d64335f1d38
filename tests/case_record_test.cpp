// What the case page shows: the timeline in plain words (newest first, London times), each
// person's contract, needs assessment, flags and enhanced categories with reasons, and every
// obligation explained, read back from a real SQLite store.
#include "app/case_record.hpp"

#include <gtest/gtest.h>

#include "support/case_builder.hpp"
#include "support/store_fixture.hpp"

namespace cf::app {
namespace {

using testing::D;

// Recorded Mon 2 Dec 2024; a domestic abuse case with an intimidated victim.
constexpr const char* kCase =
    R"({"id":"r1","type":"crime.recorded","crime":"R/1","at":"2024-12-02T10:00:00Z","crime_type":"Violence and sexual offences","unit":"N1","officer":"PC1","flags":["domestic_abuse"],"by":"PC1"}
{"id":"r2","type":"person.added","crime":"R/1","at":"2024-12-02T10:05:00Z","person":"V1","role":"victim","name":{"title":"Ms","given":"Ann","family":"Lee"},"contact":{"phone_mobile":"07700 900123","email":"ann@example.org"}}
{"id":"r3","type":"contract.agreed","crime":"R/1","at":"2024-12-02T11:00:00Z","person":"V1","wants_updates":true,"channel":"phone","frequency_days":14,"times":"after 6pm","safe_to_contact":{"phone":true,"letter":false}}
{"id":"r4","type":"needs.assessed","crime":"R/1","at":"2024-12-02T11:10:00Z","person":"V1","preferred_contact":"phone","willing_to_attend_court":true,"particular_needs":["childcare"],"interpreter_language":"Polish"}
{"id":"r5","type":"person.flagged","crime":"R/1","at":"2024-12-03T09:00:00Z","person":"V1","flag":"intimidated","reason":"threats"}
{"id":"r6","type":"suspect.bailed","crime":"R/1","at":"2024-12-04T17:30:00Z","suspect":"S1","conditions":"not to contact the victim","return_date":"2025-01-06"}
{"id":"r7","type":"contact.made","crime":"R/1","at":"2024-12-05T12:00:00Z","person":"V1","channel":"phone","outcome":"spoke","summary":"told of bail conditions","by":"PC1"}
)";

TEST_F(StoreTest, CaseRecordTellsTheStoryNewestFirstInLondonTime) {
  ASSERT_TRUE(Import(kCase).written);
  const auto record = ReadCaseRecord(*store_, engine_, lib_, "R/1", D("2024-12-06"));
  ASSERT_TRUE(record) << record.error().message;
  ASSERT_EQ(record->timeline.size(), 7u);
  EXPECT_EQ(record->timeline[0].title, "Phone with Ms Ann Lee: spoke");
  EXPECT_TRUE(record->timeline[0].contact);
  EXPECT_EQ(record->timeline[0].by, "PC1");
  EXPECT_EQ(record->timeline[0].details,
            (std::vector<std::string>{"Summary: told of bail conditions"}));
  EXPECT_EQ(record->timeline[1].title, "Suspect S1 bailed");
  EXPECT_EQ(record->timeline[1].date, "Wed 4 Dec 2024");
  EXPECT_EQ(record->timeline[1].time, "17:30");  // GMT in December
  EXPECT_EQ(record->timeline[1].details,
            (std::vector<std::string>{"Conditions: not to contact the victim",
                                      "Return date: 2025-01-06"}));
  EXPECT_EQ(record->timeline[2].title, "Ms Ann Lee flagged intimidated");
  EXPECT_EQ(record->timeline.back().title, "Crime recorded: Violence and sexual offences");
  EXPECT_EQ(record->crime_flags, (std::vector<std::string>{"domestic abuse"}));
}

TEST_F(StoreTest, CaseRecordShowsContractNeedsFlagsAndWhyEnhanced) {
  ASSERT_TRUE(Import(kCase).written);
  const auto record = ReadCaseRecord(*store_, engine_, lib_, "R/1", D("2024-12-06"));
  ASSERT_TRUE(record);
  ASSERT_EQ(record->people.size(), 1u);
  const auto& v = record->people[0];
  EXPECT_EQ(v.display_name, "Ms Ann Lee");
  auto find = [](const std::vector<LabelledValue>& values, const std::string& label) {
    for (const auto& lv : values) {
      if (lv.label == label) return lv.value;
    }
    return std::string("(absent)");
  };
  EXPECT_EQ(find(v.contract, "Updates"), "every 14 days");
  EXPECT_EQ(find(v.contract, "When"), "after 6pm");
  EXPECT_EQ(find(v.contract, "Safe to use"), "phone");
  EXPECT_EQ(find(v.contract, "Not safe to use"), "letter");
  EXPECT_EQ(find(v.needs, "Willing to attend court"), "yes");
  EXPECT_EQ(find(v.needs, "Particular needs"), "childcare");
  EXPECT_EQ(find(v.needs, "Interpreter"), "Polish");
  EXPECT_EQ(find(v.contact_details, "Mobile"), "07700 900123");
  EXPECT_EQ(v.flags, (std::vector<std::string>{"intimidated"}));
  ASSERT_FALSE(v.enhanced.empty());
  bool domestic_abuse = false;
  for (const auto& why : v.enhanced)
    domestic_abuse |= why.find("crime flagged domestic_abuse") != std::string::npos;
  EXPECT_TRUE(domestic_abuse);
}

TEST_F(StoreTest, CaseRecordExplainsEveryObligationAsOfToday) {
  ASSERT_TRUE(Import(kCase).written);
  const auto record = ReadCaseRecord(*store_, engine_, lib_, "R/1", D("2024-12-06"));
  ASSERT_TRUE(record);
  ASSERT_FALSE(record->obligations.empty());
  bool bail = false;
  for (const auto& o : record->obligations) {
    EXPECT_FALSE(o.what.empty());
    EXPECT_NE(o.explanation.find("It is a duty of the"), std::string::npos);
    if (o.row.duty == "bail") {
      bail = true;
      EXPECT_EQ(o.status, rules::ObligationStatus::kMet);  // told the next day
      EXPECT_TRUE(o.row.enhanced);
    }
  }
  EXPECT_TRUE(bail);
}

TEST_F(StoreTest, CaseRecordOfAnUnknownCrimeIsNotFound) {
  const auto record = ReadCaseRecord(*store_, engine_, lib_, "nope", D("2024-12-06"));
  ASSERT_FALSE(record);
  EXPECT_EQ(record.error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cf::app
