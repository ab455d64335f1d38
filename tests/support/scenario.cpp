#include "support/scenario.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/date.hpp"

namespace cf::testing {
namespace {

using nlohmann::ordered_json;

// Splits on spaces, keeping "quoted words" together (without the quotes).
std::vector<std::string> Tokens(const std::string& line) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      ++i;
      continue;
    }
    if (line[i] == '"') {
      const size_t end = line.find('"', i + 1);
      if (end == std::string::npos) throw std::invalid_argument("unclosed quote");
      out.push_back(line.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      size_t end = line.find_first_of(" \t", i);
      if (end == std::string::npos) end = line.size();
      out.push_back(line.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

class Cursor {
 public:
  explicit Cursor(std::vector<std::string> t) : t_(std::move(t)) {}
  bool Done() const { return i_ >= t_.size(); }
  const std::string& Peek() const { return t_.at(i_); }
  std::string Next(const char* what) {
    if (Done()) throw std::invalid_argument(fmt::format("expected {}", what));
    return t_[i_++];
  }
  bool Accept(const std::string& word) {
    if (!Done() && t_[i_] == word) {
      ++i_;
      return true;
    }
    return false;
  }
  // "Tue 2024-12-24": the weekday must be right.
  std::string Day() {
    const std::string weekday = Next("a weekday");
    const std::string iso = Next("a date");
    const auto d = core::Date::Parse(iso);
    if (!d) throw std::invalid_argument(fmt::format("\"{}\" is not a date", iso));
    if (weekday != d->WeekdayName()) {
      throw std::invalid_argument(
          fmt::format("{} is a {}, not a {}", iso, d->WeekdayName(), weekday));
    }
    return iso;
  }
  ordered_json List() {
    ordered_json out = ordered_json::array();
    std::stringstream in(Next("a comma-separated list"));
    std::string item;
    while (std::getline(in, item, ',')) out.push_back(item);
    return out;
  }

 private:
  std::vector<std::string> t_;
  size_t i_ = 0;
};

const std::map<std::string, std::string> kSimpleEvents = {
    {"not-pursued", "investigation.not_pursued"},
    {"arrested", "suspect.arrested"},
    {"interviewed", "suspect.interviewed"},
    {"released-nfa", "suspect.released_nfa"},
    {"rui", "suspect.released_under_investigation"},
    {"bailed", "suspect.bailed"},
    {"bail-changed", "suspect.bail_changed"},
    {"charged", "suspect.charged"},
    {"disposal", "suspect.out_of_court_disposal"},
    {"hearing", "court.hearing_set"},
    {"reopened", "case.reopened"},
};
const std::map<std::string, std::string> kPersonEvents = {
    {"consent", "referral.consented"},
    {"referral-opt-out", "referral.opted_out"},
    {"referral", "referral.sent"},
};

ordered_json EventFrom(Cursor& c, const std::string& at, int line) {
  ordered_json e;
  e["id"] = fmt::format("e{}", line);
  const std::string verb = c.Next("an event");
  e["type"] = "";
  e["crime"] = "SC/1";
  e["at"] = at;
  if (verb == "recorded") {
    e["type"] = "crime.recorded";
    e["crime_type"] = c.Next("a crime type");
    e["unit"] = "N1";
    e["officer"] = "PC1";
    e["flags"] = ordered_json::array();
    while (!c.Done()) {
      if (c.Accept("flags")) {
        e["flags"] = c.List();
      } else if (c.Accept("offence")) {
        e["offence_date"] = c.Day();
      } else {
        throw std::invalid_argument(fmt::format("unexpected \"{}\" after recorded", c.Peek()));
      }
    }
  } else if (verb == "add") {
    e["type"] = "person.added";
    e["person"] = c.Next("a person id");
    e["role"] = c.Next("a role");
    while (!c.Done()) {
      if (c.Accept("born")) {
        e["date_of_birth"] = c.Next("a date of birth");
      } else if (c.Accept("flags")) {
        e["flags"] = c.List();
      } else if (c.Accept("represents")) {
        e["represents"] = c.Next("a person id");
      } else {
        throw std::invalid_argument(fmt::format("unexpected \"{}\" after add", c.Peek()));
      }
    }
  } else if (verb == "flag" || verb == "unflag") {
    e["type"] = verb == "flag" ? "person.flagged" : "person.unflagged";
    e["person"] = c.Next("a person id");
    e["flag"] = c.Next("a flag");
  } else if (verb == "contract") {
    e["type"] = "contract.agreed";
    e["person"] = c.Next("a person id");
    const std::string wants = c.Next("updates or no-updates");
    if (wants != "updates" && wants != "no-updates")
      throw std::invalid_argument("contract: updates or no-updates");
    e["wants_updates"] = wants == "updates";
    if (c.Accept("every")) e["frequency_days"] = std::stoi(c.Next("a number of days"));
  } else if (kPersonEvents.count(verb)) {
    e["type"] = kPersonEvents.at(verb);
    e["person"] = c.Next("a person id");
  } else if (verb == "leaflet") {
    e["type"] = "information.given";
    e["person"] = c.Next("a person id");
    e["item"] = c.Done() ? "victims_of_crime_leaflet" : c.Next("an item");
  } else if (verb == "needs") {
    e["type"] = "needs.assessed";
    e["person"] = c.Next("a person id");
    e["leaflet_given"] = c.Accept("leaflet");
  } else if (verb == "contact") {
    e["type"] = "contact.made";
    e["person"] = c.Next("a person id");
    e["channel"] = "phone";
    e["outcome"] = c.Next("an outcome");
    if (c.Accept("covers")) e["covers"] = c.List();
  } else if (verb == "no-charge") {
    e["type"] = "decision.no_charge";
    e["suspect"] = "S1";
    e["vrr_eligible"] = c.Accept("vrr");
  } else if (verb == "closed") {
    e["type"] = "case.closed";
    e["outcome"] = c.Next("an outcome");
  } else if (verb == "wcu-handover") {
    e["type"] = "case.handed_to_wcu";
    e["unit"] = c.Next("a Witness Care Unit");
  } else if (verb == "wcu-hearing" || verb == "wcu-evidence") {
    e["type"] = verb == "wcu-hearing" ? "wcu.hearing_received" : "wcu.evidence_required";
    e["court"] = "Crown Court";
    e["hearing_at"] = c.Next("the hearing's date and time (RFC 3339)");
  } else if (verb == "wcu-bail") {
    e["type"] = "wcu.bail_outcome_received";
    e["outcome"] = c.Next("a bail outcome");
  } else if (verb == "wcu-special-measures") {
    e["type"] = "wcu.special_measures_decided";
    e["decision"] = c.Next("a decision");
  } else if (verb == "wcu-result") {
    e["type"] = "wcu.court_result_received";
    e["result"] = c.Next("a result");
  } else if (verb == "vrr-request") {
    e["type"] = "vrr.requested";
    e["person"] = c.Next("a person id");
    e["decision_by"] = c.Next("police or cps");
  } else if (verb == "vrr-decided") {
    e["type"] = "vrr.decided";
    e["person"] = c.Next("a person id");
    e["outcome"] = c.Next("upheld or overturned");
  } else if (verb == "cps-charge") {
    e["type"] = "cps.charge_altered";
    e["change"] = c.Next("altered or dropped");
  } else if (kSimpleEvents.count(verb)) {
    e["type"] = kSimpleEvents.at(verb);
  } else {
    throw std::invalid_argument(fmt::format("unknown event \"{}\"", verb));
  }
  if (!c.Done()) throw std::invalid_argument(fmt::format("unexpected \"{}\"", c.Peek()));
  return e;
}

}  // namespace

std::string CanonicalRow(const std::string& person, const std::string& duty, int instance,
                         const std::string& from, const std::string& due, bool enhanced,
                         const std::string& status, const std::string& met_at) {
  return fmt::format("{} {}#{} from {} due {} {} {}{}{}", person, duty, instance, from, due,
                     enhanced ? "enhanced" : "standard", status, met_at.empty() ? "" : " ", met_at);
}

std::vector<Scenario> ParseScenarios(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Scenario> out;
  std::map<std::string, int> event_duty_counts;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const size_t hash = line.find('#');
    const std::string code =
        hash == std::string::npos || (hash > 0 && line[hash - 1] != ' ' && line[hash - 1] != '\t')
            ? line
            : line.substr(0, hash);
    try {
      Cursor c(Tokens(code));
      if (c.Done()) continue;
      const std::string head = c.Next("a statement");
      if (head == "scenario") {
        Scenario s;
        while (!c.Done()) {
          if (!s.name.empty()) s.name.push_back(' ');
          s.name.append(c.Next("a title"));
        }
        s.where = fmt::format("{}:{}", path, n);
        out.push_back(std::move(s));
        event_duty_counts.clear();
        continue;
      }
      if (out.empty()) throw std::invalid_argument("statements must follow a `scenario` line");
      Scenario& s = out.back();
      if (head == "ruleset") {
        s.ruleset = c.Next("a rule set id");
      } else if (head == "policy") {
        s.policy = c.Next("a policy id");
      } else if (head == "as-of") {
        s.as_of = c.Day();
      } else if (head == "expect") {
        const std::string person = c.Next("a person");
        std::string duty = c.Next("a duty");
        int instance = 1;
        if (const size_t h = duty.find('#'); h != std::string::npos) {
          instance = std::stoi(duty.substr(h + 1));
          duty = duty.substr(0, h);
        }
        if (!c.Accept("from")) throw std::invalid_argument("expect: `from` missing");
        const std::string from = c.Day();
        if (!c.Accept("due")) throw std::invalid_argument("expect: `due` missing");
        const std::string due = c.Day();
        const std::string level = c.Next("standard or enhanced");
        if (level != "standard" && level != "enhanced")
          throw std::invalid_argument("standard or enhanced");
        const std::string status = c.Next("a status");
        const std::string met = c.Done() ? "" : c.Day();
        s.expected.push_back(
            CanonicalRow(person, duty, instance, from, due, level == "enhanced", status, met));
      } else {
        // "<Wkd> <date> <HH:MM>[Z] <event>"
        Cursor day(Tokens(code));
        const std::string iso = day.Day();
        std::string time = day.Next("a time");
        const bool utc = time.back() == 'Z';
        if (utc) time.pop_back();
        if (time.size() != 5 || time[2] != ':') throw std::invalid_argument("time must be HH:MM");
        std::string at;
        if (utc) {
          at = fmt::format("{}T{}:00Z", iso, time);
        } else {
          // London wall-clock: GMT in winter, BST (+01:00) from the last Sunday of March to
          // the last Sunday of October.
          const auto d = *core::Date::Parse(iso);
          auto last_sunday = [](int year, unsigned month) {
            core::Date x = core::Date::FromYmd(year, month, 31);
            while (x.weekday() != 0) x = x.AddDays(-1);
            return x;
          };
          const bool bst = d >= last_sunday(d.year(), 3) && d < last_sunday(d.year(), 10);
          at = fmt::format("{}T{}:00{}", iso, time, bst ? "+01:00" : "Z");
        }
        s.events += EventFrom(day, at, n).dump() + "\n";
      }
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("{}:{}: {}", path, n, e.what()));
    }
  }
  return out;
}

}  // namespace cf::testing
