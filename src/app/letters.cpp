#include "app/letters.hpp"

#include <fmt/format.h>

#include <cctype>
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

}  // namespace

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
  auto tmpl = EffectiveTemplate(accounts, r.template_id, r.lang);
  if (!tmpl) return tmpl.error();
  core::LondonDates london;
  const std::string& lang = r.lang;

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
  const auto bodies = store.EventBodies(r.crime);
  for (const auto& body : bodies) {
    const json e = json::parse(body);
    const std::string type = StringField(e, "type");
    const bool mine = StringField(e, "person") == r.person;
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
    } else if (type == "court.hearing_set") {
      v["court"] = StringField(e, "court");
      if (const auto at = core::ParseRfc3339(StringField(e, "hearing_at"))) {
        v["hearing_date"] = fmt::format("{} {} {}", WrittenDate(london.DateOf(*at), lang),
                                        lang == "cy" ? "am" : "at", london.ClockOf(*at));
      }
    }
  }
  if (!found) return core::NotFound(fmt::format("no person {} on case {}", r.person, r.crime));

  PreparedLetter out;
  out.unsafe_channels = unsafe_channels;
  out.channel = channel;
  out.domestic_abuse = domestic_abuse;
  out.intimidated = intimidated;
  auto& letter = out.letter;
  letter.lang = lang;
  // The officer looking after the case, and when they are next at work.
  const auto officer = accounts.UserForOfficer(row->officer);
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
      letter.next_shifts.push_back(fmt::format(
          "{}, {} {} {}", day ? WrittenDate(*day, lang) : s.starts_at.substr(0, 10),
          s.starts_at.substr(11, 5), lang == "cy" ? "i" : "to", s.ends_at.substr(11, 5)));
    }
  }
  letter.officer_name = officer_name;
  v["officer_name"] = officer_name;
  v["officer_phone"] = letter.officer_phone.empty() ? "101" : letter.officer_phone;

  // Addressed by title and surname, never "Sir or Madam".
  // As added, with every correction since (person.details_changed).
  const auto details =
      CurrentDetails(ParseStoredCase(r.crime, bodies), r.person).value_or(domain::PersonDetails{});
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
  out.lang = PortalLanguage(details.language.value_or(""));  // the portal's rule: Welsh or English
  for (auto& l : Lines(details.address.value_or(""))) letter.recipient.push_back(std::move(l));
  if (!details.postcode.value_or("").empty()) letter.recipient.push_back(*details.postcode);

  const std::string force = SettingValue(store, "force_name");
  letter.sender = {force, (lang == "cy" ? "Uned " : "Unit ") + row->unit};
  letter.date = WrittenDate(london.DateOf(r.now), lang);
  letter.reference = r.crime;
  out.message = notify::Fill(*tmpl, fields);
  letter.subject = out.message.subject;
  letter.paragraphs = out.message.paragraphs;
  return out;
}

}  // namespace cf::app
