#include "app/letters.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "app/case_derivation.hpp"
#include "app/event_json.hpp"
#include "app/force_settings.hpp"
#include "app/portal_words.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

// Address lines from "12 Elm Street, Leeds" or several lines.
std::vector<std::string> Lines(const std::string& address) {
  std::vector<std::string> out;
  std::string current;
  for (const char c : address + ",") {
    if (c == ',' || c == '\n') {
      const auto first = current.find_first_not_of(' ');
      if (first != std::string::npos) out.push_back(current.substr(first));
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

std::string DisposalWords(const std::string& disposal, const std::string& lang) {
  static const std::map<std::string, std::pair<const char*, const char*>> kWords = {
      {"caution", {"caution", "rybuddiad"}},
      {"conditional_caution", {"conditional caution", "rybuddiad amodol"}},
      {"penalty_notice", {"penalty notice", "hysbysiad cosb"}},
      {"community_resolution", {"community resolution", "ddatrysiad cymunedol"}},
      {"youth_caution", {"youth caution", "rybuddiad ieuenctid"}}};
  const auto it = kWords.find(disposal);
  if (it == kWords.end()) return disposal;
  return lang == "cy" ? it->second.second : it->second.first;
}

// The special measures a court allowed, in words: "screens in the courtroom and a live link".
std::string MeasuresWords(const json& list, const std::string& lang) {
  static const std::map<std::string, std::pair<const char*, const char*>> kWords = {
      {"screens", {"screens in the courtroom", "sgriniau yn ystafell y llys"}},
      {"live_link",
       {"a live link from outside the courtroom", "cyswllt byw o'r tu allan i ystafell y llys"}},
      {"evidence_in_private", {"giving evidence in private", "rhoi tystiolaeth yn breifat"}},
      {"wigs_and_gowns_removed", {"wigs and gowns taken off", "tynnu wigiau a gynau"}},
      {"video_recorded_interview",
       {"your video-recorded interview used as evidence",
        "defnyddio'ch cyfweliad ar fideo fel tystiolaeth"}},
      {"intermediary", {"help from an intermediary", "help gan gyfryngwr"}},
      {"communication_aids", {"communication aids", "cymhorthion cyfathrebu"}}};
  std::vector<std::string> words;
  if (list.is_array()) {
    for (const auto& m : list) {
      const auto it = m.is_string() ? kWords.find(m.get<std::string>()) : kWords.end();
      if (it != kWords.end())
        words.emplace_back(lang == "cy" ? it->second.second : it->second.first);
    }
  }
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    out += i == 0 ? "" : i + 1 < words.size() ? ", " : (lang == "cy" ? " a " : " and ");
    out += words[i];
  }
  return out;
}

// "Dydd Llun 6 Ionawr 2025" inside a Welsh sentence: "ddydd Llun 6 Ionawr 2025".
std::string DateInSentence(core::Date date, const std::string& lang) {
  std::string written = WrittenDate(date, lang);
  if (lang == "cy" && written.rfind("Dydd ", 0) == 0) written.replace(0, 1, "dd");
  return written;
}

bool IsTrue(const json& e, const char* key) {
  const auto it = e.find(key);
  return it != e.end() && ((it->is_boolean() && it->get<bool>()) ||
                           (it->is_string() && it->get<std::string>() == "yes"));
}

// "a" (and) before a Welsh word, as Welsh writes it: "ac" before a vowel; the aspirate
// mutation of c, p and t ("a chyhuddwyd").
std::string WelshAnd(const std::string& word) {
  if (word.empty()) return "a";
  const char first = word[0];
  if (std::string_view("aeiouwy").find(first) != std::string_view::npos) return "ac " + word;
  if (first == 'c' || first == 'p' || first == 't') {
    std::string mutated = word;
    mutated.insert(1, "h");
    return "a " + mutated;
  }
  return "a " + word;
}

// What the police did, for the closure letter: "we recorded the crime on ..., arrested someone
// on ... and spoke or wrote to you 3 times". Each step once, at its first date.
class DoneList {
 public:
  explicit DoneList(std::string lang) : lang_(std::move(lang)) {}
  void Event(const std::string& type, core::Date day) {
    struct Step {
      const char* type;
      const char* en;
      const char* cy;
    };
    static const Step kSteps[] = {
        {"crime.recorded", "we recorded the crime on {}", "cofnodwyd y drosedd {}"},
        {"suspect.arrested", "arrested someone on {}", "arestiwyd rhywun {}"},
        {"suspect.interviewed", "questioned someone on {}", "holwyd rhywun {}"},
        {"suspect.charged", "charged someone on {}", "cyhuddwyd rhywun {}"},
        {"suspect.out_of_court_disposal", "dealt with someone out of court on {}",
         "ymdriniwyd â rhywun y tu allan i'r llys {}"},
        {"court.hearing_set", "sent the case to court on {}", "anfonwyd yr achos i'r llys {}"}};
    for (const auto& step : kSteps) {
      if (type != step.type || !seen_.insert(type).second) continue;
      const std::string when =
          lang_ == "cy" ? "ar " + DateInSentence(day, lang_) : DateInSentence(day, lang_);
      steps_.push_back(fmt::format(fmt::runtime(lang_ == "cy" ? step.cy : step.en), when));
    }
  }
  void Contact() { ++contacts_; }
  std::string Text() const {
    std::vector<std::string> all = steps_;
    if (contacts_ > 0) {
      all.push_back(lang_ == "cy"
                        ? fmt::format("buom ni'n siarad â chi neu'n ysgrifennu atoch chi {}",
                                      contacts_ == 1   ? std::string("unwaith")
                                      : contacts_ == 2 ? std::string("ddwywaith")
                                                       : fmt::format("{} gwaith", contacts_))
                    : contacts_ == 1 ? std::string("spoke or wrote to you once")
                    : contacts_ == 2 ? std::string("spoke or wrote to you twice")
                                     : fmt::format("spoke or wrote to you {} times", contacts_));
    }
    if (lang_ != "cy" && !all.empty() && all.front().rfind("we ", 0) != 0)
      all.front() = "we " + all.front();
    std::string out;
    for (size_t i = 0; i < all.size(); ++i) {
      if (i == 0)
        out += all[i];
      else if (i + 1 < all.size())
        out += ", " + all[i];
      else
        out += lang_ == "cy" ? " " + WelshAnd(all[i]) : " and " + all[i];
    }
    return out;
  }

 private:
  std::string lang_;
  std::set<std::string> seen_;
  std::vector<std::string> steps_;
  int contacts_ = 0;
};

}  // namespace

std::string LetterForDuty(std::string_view duty) {
  static const std::map<std::string, std::string, std::less<>> kOther = {
      {"released_nfa", "no_further_action"}, {"refer_support", "referral_notice"}};
  if (const auto it = kOther.find(duty); it != kOther.end()) return it->second;
  const auto& ids = notify::TemplateIds();
  return std::find(ids.begin(), ids.end(), duty) != ids.end() && !notify::IsPortalMessage(duty)
             ? std::string(duty)
             : std::string();
}

core::Result<storage::ObligationRow> DutyForLetter(storage::CaseStore& store,
                                                   const std::string& crime,
                                                   const std::string& person,
                                                   const std::string& duty, int instance) {
  if (!store.FindCase(crime)) return core::NotFound(fmt::format("no case {}", crime));
  std::optional<storage::ObligationRow> found;
  std::set<std::string> owed;
  for (auto& o : store.CaseObligations(crime)) {
    if (o.person != person) continue;
    owed.insert(o.instance > 1 ? fmt::format("{} {}", o.duty, o.instance) : o.duty);
    if (o.duty == duty && (instance == 0 || o.instance == instance) &&
        (!found || o.instance > found->instance))
      found = std::move(o);
  }
  if (!found) {
    std::string list;
    for (const auto& d : owed) list += (list.empty() ? "" : ", ") + d;
    return core::NotFound(
        fmt::format("{} on {} is owed no duty \"{}\"{}: {}", person, crime, duty,
                    instance > 0 ? fmt::format(" (instance {})", instance) : "",
                    list.empty() ? "they are owed no duties" : "they are owed " + list));
  }
  if (LetterForDuty(duty).empty())
    return core::InvalidArgument(fmt::format("no letter meets the duty \"{}\"", duty));
  return *found;
}

std::string ClockWords(std::string_view hhmm, const std::string& lang) {
  if (hhmm.size() != 5 || hhmm[2] != ':') return std::string(hhmm);
  const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
  const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
  if (h < 0 || h > 24 || m < 0 || m > 59) return std::string(hhmm);
  const bool cy = lang == "cy";
  if (m == 0 && (h == 0 || h == 24)) return cy ? "hanner nos" : "midnight";
  if (m == 0 && h == 12) return cy ? "canol dydd" : "midday";
  const int twelve = h % 12 == 0 ? 12 : h % 12;
  const char* half = cy ? (h < 12 ? "yb" : "yh") : (h < 12 ? "am" : "pm");
  return m == 0 ? fmt::format("{}{}", twelve, half) : fmt::format("{}:{:02}{}", twelve, m, half);
}

std::string NeedsWords(const LetterNeeds& needs) {
  const char* format = needs.format == notify::LetterFormat::kLargePrint ? "large print"
                       : needs.format == notify::LetterFormat::kEasyRead ? "easy read"
                                                                         : "standard print";
  return needs.lang == "cy" ? fmt::format("Welsh, {}", format) : fmt::format("English, {}", format);
}

std::string WrittenDate(core::Date date, const std::string& lang) {
  static const char* const kDaysEn[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};
  static const char* const kDaysCy[] = {"Dydd Sul", "Dydd Llun",   "Dydd Mawrth", "Dydd Mercher",
                                        "Dydd Iau", "Dydd Gwener", "Dydd Sadwrn"};
  static const char* const kMonthsEn[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
  static const char* const kMonthsCy[] = {"Ionawr", "Chwefror", "Mawrth",     "Ebrill",
                                          "Mai",    "Mehefin",  "Gorffennaf", "Awst",
                                          "Medi",   "Hydref",   "Tachwedd",   "Rhagfyr"};
  const bool cy = lang == "cy";
  return fmt::format("{} {} {} {}", (cy ? kDaysCy : kDaysEn)[date.weekday()], date.day(),
                     (cy ? kMonthsCy : kMonthsEn)[date.month() - 1], date.year());
}

core::Result<notify::MessageTemplate> EffectiveTemplate(storage::AccountStore& accounts,
                                                        const std::string& id,
                                                        const std::string& lang) {
  auto built_in = notify::BuiltInTemplate(id, lang);
  if (!built_in) return built_in;  // only the built-in ids and languages exist
  const auto versions = accounts.TemplateVersions(id, lang);
  if (versions.empty()) return built_in;
  return notify::ParseTemplate(id, lang, versions.front().text);
}

core::Result<PreparedLetter> PrepareLetter(storage::CaseStore& store,
                                           storage::AccountStore& accounts,
                                           const LetterRequest& r) {
  const auto row = store.FindCase(r.crime);
  if (!row) return core::NotFound(fmt::format("no case {}", r.crime));
  if (!r.lang.empty() && r.lang != "en" && r.lang != "cy" && r.lang != "easy")
    return core::NotFound(fmt::format("no language \"{}\" (en, cy or easy)", r.lang));
  core::LondonDates london;
  const auto bodies = store.EventBodies(r.crime);
  const auto details =
      CurrentDetails(ParseStoredCase(r.crime, bodies), r.person).value_or(domain::PersonDetails{});
  // The person's recorded needs, then what the request chose.
  LetterNeeds needs;
  needs.lang = PortalLanguage(details.language.value_or(""));  // the portal's rule
  for (const auto& body : bodies) {
    const json e = json::parse(body);
    if (StringField(e, "person") != r.person) continue;
    const std::string type = StringField(e, "type");
    if (type == "needs.assessed" && (e.contains("easy_read") || e.contains("large_print"))) {
      needs.format = IsTrue(e, "easy_read")     ? notify::LetterFormat::kEasyRead
                     : IsTrue(e, "large_print") ? notify::LetterFormat::kLargePrint
                                                : notify::LetterFormat::kStandard;
    } else if (type == "person.added" || type == "person.details_changed") {
      if (const auto f = notify::ParseFormat(StringField(e, "format"))) needs.format = *f;
    }
  }
  std::string lang = r.lang.empty() ? needs.lang : r.lang;
  notify::LetterFormat format = r.format.value_or(needs.format);
  if (lang == "easy") {
    lang = "en";
    format = notify::LetterFormat::kEasyRead;
  }
  // Easy read is in English only: a Welsh speaker whose record asks for it gets Welsh in large
  // print; an officer who chose easy read gets it, in English.
  if (format == notify::LetterFormat::kEasyRead && lang == "cy") {
    if (r.format && r.lang.empty())
      lang = "en";
    else
      format = notify::LetterFormat::kLargePrint;
  }
  const std::string template_lang = format == notify::LetterFormat::kEasyRead ? "easy" : lang;
  auto tmpl = EffectiveTemplate(accounts, r.template_id, template_lang);
  if (!tmpl) return tmpl.error();

  notify::MessageFields fields;
  auto& v = fields.values;
  v["crime"] = r.crime;
  v["update"] = r.update;
  v["link"] = r.link;
  v["expires"] = r.link_expires;
  v["news"] = r.news;
  bool found = false;
  bool domestic_abuse = false, intimidated = false;
  std::set<std::string> unsafe_channels;
  std::string channel;
  std::string trigger_type;  // the type of r.trigger_event, once known
  for (const auto& body : bodies) {
    const json e = json::parse(body);
    if (StringField(e, "id") == r.trigger_event) trigger_type = StringField(e, "type");
  }
  DoneList done(lang);
  bool past_trigger = false;  // the duty's own event has been read
  for (const auto& body : bodies) {
    const json e = json::parse(body);
    const std::string type = StringField(e, "type");
    const bool mine = StringField(e, "person") == r.person;
    if (const auto at = core::ParseRfc3339(StringField(e, "at")))
      done.Event(type, london.DateOf(*at));
    if (type == "contact.made" && mine && StringField(e, "outcome") != "no_answer" &&
        StringField(e, "outcome") != "left_message")
      done.Contact();
    // A letter for one duty tells of its own event: not a later one of the same kind, nor what
    // happened on the case after it (a later bail change, the closure's reason).
    const bool case_fact =
        type.rfind("suspect.", 0) == 0 || type.rfind("decision.", 0) == 0 ||
        type.rfind("court.", 0) == 0 || type.rfind("wcu.", 0) == 0 || type.rfind("cps.", 0) == 0 ||
        (type == "vrr.requested" || (type == "vrr.decided" && trigger_type != "vrr.requested")) ||
        type == "case.closed" || type == "investigation.not_pursued";
    if (case_fact && past_trigger) continue;
    if (type == trigger_type && StringField(e, "id") != r.trigger_event) continue;
    if (!r.trigger_event.empty() && StringField(e, "id") == r.trigger_event) past_trigger = true;
    auto has = [](const json& list, const char* value) {
      if (!list.is_array()) return false;
      for (const auto& x : list) {
        if (x.is_string() && x.get<std::string>() == value) return true;
      }
      return false;
    };
    if (type == "crime.recorded") {
      domestic_abuse = has(e.value("flags", json::array()), "domestic_abuse");
    }
    if (type == "person.added" && mine) {
      found = true;
      intimidated = has(e.value("flags", json::array()), "intimidated");
      if (StringField(e, "role") == "witness") fields.flags.insert("witness");
    } else if ((type == "person.flagged" || type == "person.unflagged") && mine &&
               StringField(e, "flag") == "intimidated") {
      intimidated = type == "person.flagged";
    } else if (type == "contract.agreed" && mine) {
      unsafe_channels = UnsafeChannels(e);
      channel = StringField(e, "channel");
      const auto f = e.find("frequency_days");
      v["frequency"] =
          f != e.end() && f->is_number_integer() ? std::to_string(f->get<int64_t>()) : "";
    } else if (type == "suspect.bailed" || type == "suspect.bail_changed") {
      v["conditions"] = StringField(e, "conditions");
      const auto d = core::Date::Parse(StringField(e, "return_date"));
      v["return_date"] = d ? WrittenDate(*d, lang) : StringField(e, "return_date");
    } else if (type == "suspect.charged") {
      v["charges"] = StringField(e, "charges");
    } else if (type == "suspect.out_of_court_disposal") {
      v["disposal"] = DisposalWords(StringField(e, "disposal"), lang);
    } else if (type == "decision.no_charge" || type == "case.closed" ||
               type == "investigation.not_pursued") {
      v["reason"] = StringField(e, "reason");
      if (type == "decision.no_charge") {
        fields.flags.erase("vrr");
        if (e.value("vrr_eligible", false)) fields.flags.insert("vrr");
      }
    } else if (type == "wcu.bail_outcome_received") {
      // One flag per decision, for the template's own words in each language.
      for (const auto& o : domain::kWcuBailOutcomes) fields.flags.erase(std::string(o));
      fields.flags.insert(StringField(e, "outcome"));
      v["conditions"] = StringField(e, "conditions");
    } else if (type == "wcu.special_measures_decided") {
      for (const auto& d : domain::kSpecialMeasuresDecisions) fields.flags.erase(std::string(d));
      fields.flags.insert(StringField(e, "decision"));
      v["measures"] = MeasuresWords(e.value("measures", json::array()), lang);
    } else if (type == "wcu.court_result_received") {
      for (const auto& r : domain::kCourtResults) fields.flags.erase(std::string(r));
      fields.flags.insert(StringField(e, "result"));
      v["sentence"] = StringField(e, "sentence");
    } else if (type == "vrr.requested" && mine) {
      // A new review: what was said of the decision before is not its reason.
      for (const auto& by : domain::kVrrDecisionsBy) fields.flags.erase(std::string(by));
      for (const auto& o : domain::kVrrOutcomes) fields.flags.erase(std::string(o));
      fields.flags.erase("decided");
      fields.flags.insert(StringField(e, "decision_by"));
      v["reason"] = std::string();
    } else if (type == "vrr.decided" && mine) {
      for (const auto& o : domain::kVrrOutcomes) fields.flags.erase(std::string(o));
      fields.flags.insert(StringField(e, "outcome"));
      fields.flags.insert("decided");
      v["reason"] = StringField(e, "reason");
    } else if (type == "cps.charge_altered") {
      for (const auto& c : domain::kChargeChanges) fields.flags.erase(std::string(c));
      fields.flags.insert(StringField(e, "change"));
      v["charges"] = StringField(e, "charges");
      v["reason"] = StringField(e, "reason");
    } else if (type == "court.hearing_set" || type == "wcu.hearing_received" ||
               type == "wcu.evidence_required") {
      v["hearing"] = StringField(e, "hearing");
      v["court"] = StringField(e, "court");
      if (const auto at = core::ParseRfc3339(StringField(e, "hearing_at"))) {
        v["hearing_date"] =
            fmt::format("{} {} {}", DateInSentence(london.DateOf(*at), lang),
                        lang == "cy" ? "am" : "at", ClockWords(london.ClockOf(*at), lang));
      }
    }
  }
  if (!found) return core::NotFound(fmt::format("no person {} on case {}", r.person, r.crime));
  v["done"] = done.Text();

  PreparedLetter out;
  out.needs = needs;
  out.template_lang = template_lang;
  out.unsafe_channels = unsafe_channels;
  out.channel = channel;
  out.domestic_abuse = domestic_abuse;
  out.intimidated = intimidated;
  auto& letter = out.letter;
  letter.lang = template_lang;
  letter.format = format;
  // Who signs: once the case is handed to a Witness Care Unit, the unit, for its own duties;
  // otherwise the officer looking after the case, with when they are next at work.
  const bool from_unit = !row->wcu_unit.empty() && domain::IsWitnessCareDuty(r.template_id);
  const auto officer = from_unit ? std::nullopt : accounts.UserForOfficer(row->officer);
  std::string officer_name = row->officer;
  if (officer) {
    officer_name = officer->full_name.empty() ? row->officer
                   : officer->collar.empty()  ? officer->full_name
                                              : officer->collar + " " + officer->full_name;
    letter.officer_phone = officer->phone;
    letter.officer_email = officer->email;
    const std::string wall_clock = london.DateOf(r.now).ToString() + "T" + london.ClockOf(r.now);
    for (const auto& s : accounts.NextShifts(officer->name, wall_clock, 3)) {
      const auto day = core::Date::Parse(s.starts_at.substr(0, 10));
      letter.next_shifts.push_back(
          fmt::format("{}, {} {} {}", day ? WrittenDate(*day, lang) : s.starts_at.substr(0, 10),
                      ClockWords(s.starts_at.substr(11, 5), lang), lang == "cy" ? "i" : "to",
                      ClockWords(s.ends_at.substr(11, 5), lang)));
    }
  }
  // Whom to call while the officer is away: a sergeant of the unit with a direct line, not on
  // leave today.
  const core::Date today = london.DateOf(r.now);
  for (const auto& u : from_unit ? std::vector<storage::User>{} : accounts.UsersInUnit(row->unit)) {
    if (u.role != domain::StaffRole::kSupervisor || u.disabled || u.phone.empty() ||
        u.full_name.empty() || (officer && u.id == officer->id))
      continue;
    const auto leave =
        u.officer.empty() ? std::vector<storage::Leave>{} : accounts.LeaveFrom(u.officer, today);
    if (std::any_of(leave.begin(), leave.end(),
                    [&](const storage::Leave& l) { return l.starts_on <= today; }))
      continue;
    letter.away_name = u.collar.empty() ? u.full_name : u.collar + " " + u.full_name;
    letter.away_phone = u.phone;
    break;
  }
  if (from_unit) {
    fields.flags.insert("from_unit");  // the letter says it is from the unit
    officer_name = row->wcu_unit;
    for (const auto& u : accounts.Units()) {
      if (u.id == row->wcu_unit && !u.name.empty()) officer_name = u.name;
    }
  }
  letter.officer_name = officer_name;
  v["officer_name"] = officer_name;
  v["officer_phone"] = letter.officer_phone.empty() ? "101" : letter.officer_phone;

  // Addressed by title and surname, never "Sir or Madam", with the details as added and every
  // correction since (person.details_changed).
  const std::string title = details.title.value_or(""), given = details.given.value_or(""),
                    family = details.family.value_or("");
  const char* dear = lang == "cy" ? "Annwyl" : "Dear";
  letter.salutation = !family.empty()
                          ? fmt::format("{} {} {}", dear, title.empty() ? given : title, family)
                      : !given.empty() ? fmt::format("{} {}", dear, given)
                                       : std::string(lang == "cy" ? "Helo" : "Hello");
  if (letter.salutation.find("  ") != std::string::npos)
    letter.salutation = fmt::format("{} {}", dear, family);
  std::string full;
  for (const auto& part : {title, given, family}) {
    if (!part.empty()) full += (full.empty() ? "" : " ") + part;
  }
  if (!full.empty()) letter.recipient.push_back(full);
  out.name = full.empty() ? r.person : full;
  out.has_address = !details.address.value_or("").empty() || !details.postcode.value_or("").empty();
  out.email = details.email.value_or("");
  out.mobile = details.phone_mobile.value_or("");
  out.lang = needs.lang;
  for (auto& l : Lines(details.address.value_or(""))) letter.recipient.push_back(std::move(l));
  if (!details.postcode.value_or("").empty()) letter.recipient.push_back(*details.postcode);

  const std::string force = SettingValue(store, "force_name");
  letter.from_team = from_unit;
  letter.sender = {force,
                   from_unit ? officer_name : (lang == "cy" ? "Uned " : "Unit ") + row->unit};
  for (auto& l : Lines(SettingValue(store, "force_address"))) letter.sender.push_back(std::move(l));
  letter.force_phone = SettingValue(store, "force_phone");
  letter.date = WrittenDate(london.DateOf(r.now), lang);
  letter.reference = r.crime;
  out.message = notify::Fill(*tmpl, fields);
  letter.subject = out.message.subject;
  letter.paragraphs = out.message.paragraphs;
  return out;
}

}  // namespace cf::app
