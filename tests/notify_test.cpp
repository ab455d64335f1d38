// The template library and the measures messages are held to: every template in every
// language fills cleanly, values are escaped, English letters read as plain English (Flesch
// reading ease 60 or more), and text messages are measured as a network charges them.
#include <gtest/gtest.h>

#include <set>

#include "notify/message_template.hpp"
#include "notify/readability.hpp"
#include "notify/sms.hpp"

namespace cf::notify {
namespace {

MessageFields Typical() {
  MessageFields f;
  f.values = {{"crime", "42/12345/24"},
              {"officer_name", "PC 1003 Sarah Ahmed"},
              {"officer_phone", "01632 960003"},
              {"frequency", "28"},
              {"conditions", "not to contact you or come to your street"},
              {"return_date", "Monday 6 January 2025"},
              {"charges", "burglary"},
              {"disposal", "caution"},
              {"reason", "there is not enough evidence to charge them"},
              {"court", "Leeds Magistrates' Court"},
              {"hearing_date", "Tuesday 14 January 2025 at 10:00"},
              {"link", "https://portal.police.example/invitation/Zx8kP2"},
              {"expires", "Monday 13 January 2025"},
              {"news", "Someone was arrested."}};
  f.flags = {"vrr"};
  return f;
}

TEST(Templates, EveryTemplateExistsInEveryLanguageAndFillsCleanly) {
  ASSERT_EQ(TemplateIds().size(), 26u);
  for (const auto& id : TemplateIds()) {
    for (const auto& lang : Languages()) {
      const auto t = BuiltInTemplate(id, lang);
      ASSERT_TRUE(t) << t.error().message;
      for (const MessageFields& fields : {Typical(), MessageFields{}}) {
        const Message m = Fill(*t, fields);
        EXPECT_FALSE(m.subject.empty()) << id << " " << lang;
        EXPECT_FALSE(m.sms.empty()) << id << " " << lang;
        EXPECT_GE(m.paragraphs.size(), 2u) << id << " " << lang;
        for (const auto& p : m.paragraphs) {
          EXPECT_EQ(p.find("{{"), std::string::npos) << id << " " << lang << ": " << p;
          EXPECT_EQ(p.find("Sir"), std::string::npos) << "never Sir or Madam";
        }
      }
    }
  }
}

// The mustache tags ({{name}}, {{#section}}, {{/section}}) a template's text uses.
std::multiset<std::string> Tags(const MessageTemplate& t) {
  std::multiset<std::string> tags;
  const std::string text = t.subject + "\n" + t.sms + "\n" + t.body;
  for (size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    tags.insert(text.substr(at, text.find("}}", at) - at));
  }
  return tags;
}

TEST(Templates, EveryTranslationCarriesEveryDetailOfTheEnglish) {
  for (const auto& id : TemplateIds()) {
    const auto en = Tags(*BuiltInTemplate(id, "en"));
    std::set<std::string> en_set(en.begin(), en.end());
    for (const auto& lang : Languages()) {
      const auto other = Tags(*BuiltInTemplate(id, lang));
      EXPECT_EQ(std::set<std::string>(other.begin(), other.end()), en_set) << id << " " << lang;
    }
  }
}

TEST(Templates, OptionalPartsShowOnlyWithTheirValues) {
  const auto t = BuiltInTemplate("no_further_action", "en");
  ASSERT_TRUE(t);
  auto with = Fill(*t, Typical());
  std::string all;
  for (const auto& p : with.paragraphs) all += p + "\n";
  EXPECT_NE(all.find("Victims' Right to Review"), std::string::npos);
  EXPECT_NE(all.find("This is because there is not enough evidence"), std::string::npos);
  MessageFields none = Typical();
  none.flags.clear();
  none.values.erase("reason");
  all.clear();
  for (const auto& p : Fill(*t, none).paragraphs) all += p + "\n";
  EXPECT_EQ(all.find("Right to Review"), std::string::npos);
  EXPECT_EQ(all.find("This is because"), std::string::npos);
}

TEST(Templates, ValuesAreEscapedAndPlainUndoesIt) {
  const auto t = BuiltInTemplate("charge", "en");
  ASSERT_TRUE(t);
  MessageFields f = Typical();
  f.values["charges"] = "<b>theft</b> & assault";
  const Message m = Fill(*t, f);
  EXPECT_NE(m.paragraphs[0].find("&lt;b&gt;theft&lt;&#x2F;b&gt; &amp; assault"), std::string::npos)
      << m.paragraphs[0];
  EXPECT_NE(Plain(m.paragraphs[0]).find("<b>theft</b> & assault"), std::string::npos);
}

TEST(Templates, AMalformedTemplateIsRefusedWithWhatIsWrong) {
  EXPECT_FALSE(ParseTemplate("x", "en", "subject: a\nsms: b\nno separator"));
  const auto no_sms = ParseTemplate("x", "en", "subject: a\n---\nbody");
  ASSERT_FALSE(no_sms);
  EXPECT_EQ(no_sms.error().message, "template x (en): no sms");
  const auto unknown = ParseTemplate("x", "en", "subject: a\nsms: b\nfrom: me\n---\nbody");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown header line \"from: me\""), std::string::npos);
  EXPECT_EQ(BuiltInTemplate("nope", "en").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(BuiltInTemplate("arrest", "fr").error().code, core::ErrorCode::kNotFound);
}

// Issue 12, class 10: templates that bypass escaping. A tag that would put a value in
// unescaped, change the delimiters or pull in another template is refused, so an admin's
// template can never put raw HTML into a preview or an email.
TEST(Templates, TemplatesThatBypassEscapingAreRefused) {
  for (const std::string tag :
       {"{{{officer_name}}}", "{{&officer_name}}", "{{ & officer_name }}",
        "{{=<% %>=}}<%officer_name%>", "{{>other}}", "{{\n{officer_name}}}"}) {
    for (const std::string& text :
         {"subject: s\nsms: m\n---\nHello " + tag, "subject: s " + tag + "\nsms: m\n---\nHello",
          "subject: s\nsms: m " + tag + "\n---\nHello"}) {
      const auto t = ParseTemplate("x", "en", text);
      ASSERT_FALSE(t) << text;
      EXPECT_NE(t.error().message.find("is not allowed"), std::string::npos) << t.error().message;
    }
  }
  MessageFields fields;
  fields.values["officer_name"] = "<b>PC</b>";
  const auto fine = ParseTemplate("x", "en", "subject: s\nsms: m\n---\nHello {{ officer_name }}");
  ASSERT_TRUE(fine);
  EXPECT_EQ(Fill(*fine, fields).paragraphs.at(0), "Hello &lt;b&gt;PC&lt;&#x2F;b&gt;");
}

TEST(Templates, ValidationCatchesWhatWouldBreakALetter) {
  auto check = [](const std::string& body) {
    const auto t = ParseTemplate("x", "en", "subject: s\nsms: m\n---\n" + body);
    return t ? ValidateTemplate(*t) : core::Status(t.error());
  };
  EXPECT_TRUE(check("Hello {{crime}}.\n\n{{#vrr}}You may ask for a review.{{/vrr}}"));
  EXPECT_EQ(check("{{#vrr}}open").error().message,
            "the template does not fill: section {{#vrr}} is not closed with {{/vrr}}");
  EXPECT_EQ(check("{{/vrr}} stray").error().message,
            "the template does not fill: {{/vrr}} closes a section that is not open");
  EXPECT_FALSE(check("Tom & Jerry"));
  EXPECT_TRUE(check("Tom &amp; Jerry"));
  EXPECT_FALSE(check("<script>x</script>")) << "not letter markup";
  for (const auto& id : TemplateIds()) {
    for (const auto& lang : Languages())
      EXPECT_TRUE(ValidateTemplate(*BuiltInTemplate(id, lang))) << id << " " << lang;
  }
}

TEST(Readability, KnownTextsScoreAsExpected) {
  EXPECT_GT(MeasureReadability("The cat sat on the mat. It was happy.").flesch, 100);
  const auto hard = MeasureReadability(
      "Notwithstanding the aforementioned considerations, the investigative determination "
      "necessitates "
      "comprehensive evidential evaluation prior to authorisation.");
  EXPECT_LT(hard.flesch, 0);
  const auto r = MeasureReadability("We have arrested someone. We will tell you more.");
  EXPECT_EQ(r.words, 9);
  EXPECT_EQ(r.sentences, 2);
}

TEST(Readability, EveryEnglishTemplateIsPlainEnglish) {
  for (const auto& id : TemplateIds()) {
    const auto t = BuiltInTemplate(id, "en");
    ASSERT_TRUE(t);
    std::string text;
    for (const auto& p : Fill(*t, Typical()).paragraphs) text += Plain(p) + "\n";
    const auto r = MeasureReadability(text);
    EXPECT_GE(r.flesch, 60) << id << ": Flesch reading ease " << r.flesch << " (" << r.words
                            << " words, " << r.sentences << " sentences)";
  }
}

TEST(Sms, GsmMessagesAreMeasuredInSeptetsAndSplitAt153) {
  EXPECT_EQ(MeasureSms("").segments, 0u);
  const std::string max(160, 'a');
  EXPECT_EQ(MeasureSms(max).segments, 1u);
  EXPECT_TRUE(MeasureSms(max).gsm7);
  EXPECT_EQ(MeasureSms(max + "a").segments, 2u);
  EXPECT_EQ(MeasureSms(std::string(306, 'a')).segments, 2u);
  EXPECT_EQ(MeasureSms(std::string(307, 'a')).segments, 3u);
  const auto euro = MeasureSms("€10 [paid]");  // € [ ] take two septets each
  EXPECT_TRUE(euro.gsm7);
  EXPECT_EQ(euro.characters, 10u);
  EXPECT_EQ(euro.units, 13u);
  EXPECT_TRUE(MeasureSms("Café £5 @ 9:00").gsm7);
}

TEST(Sms, WelshPolishAndUrduNeedUcs2) {
  const auto welsh =
      MeasureSms("Ynglŷn â throsedd");  // ŷ is not in the GSM alphabet (â is not either)
  EXPECT_FALSE(welsh.gsm7);
  EXPECT_EQ(welsh.characters, 17u);
  EXPECT_EQ(welsh.units, 17u);
  EXPECT_EQ(welsh.segments, 1u);
  EXPECT_FALSE(MeasureSms("Dzień dobry, tu policja").gsm7);
  EXPECT_FALSE(MeasureSms("آپ کا کیس").gsm7);
  std::string seventy;
  for (int i = 0; i < 70; ++i) seventy += "ŵ";
  EXPECT_EQ(MeasureSms(seventy).segments, 1u);
  EXPECT_EQ(MeasureSms(seventy + "ŵ").segments, 2u);
  EXPECT_EQ(MeasureSms("🙂").units, 2u) << "outside the BMP: a surrogate pair";
}

}  // namespace
}  // namespace cf::notify
