#include "events/jsonl_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/budget.hpp"
#include "core/hash.hpp"
#include "core/limits.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::events {
namespace {

using domain::Event;
using domain::EventType;
using nlohmann::json;

// Thrown inside this file only, for the line being read.
struct BadField {
  std::string message;
};

std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

const json* Field(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::string String(const json& obj, const char* key, bool required) {
  const json* v = Field(obj, key);
  if (v == nullptr) {
    if (required) throw BadField{fmt::format("field \"{}\" is required", key)};
    return {};
  }
  if (!v->is_string())
    throw BadField{fmt::format("field \"{}\" must be a string, got {}", key, v->dump())};
  std::string s = Trim(v->get<std::string>());
  if (required && s.empty()) throw BadField{fmt::format("field \"{}\" must not be empty", key)};
  return s;
}

std::optional<core::Date> DateField(const json& obj, const char* key) {
  const json* v = Field(obj, key);
  if (v == nullptr) return std::nullopt;
  const auto d = v->is_string() ? core::Date::Parse(v->get<std::string>()) : std::nullopt;
  if (!d)
    throw BadField{fmt::format("field \"{}\" must be a date YYYY-MM-DD, got {}", key, v->dump())};
  return d;
}

bool Bool(const json& obj, const char* key, bool fallback) {
  const json* v = Field(obj, key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean())
    throw BadField{fmt::format("field \"{}\" must be true or false, got {}", key, v->dump())};
  return v->get<bool>();
}

template <typename E, typename ParseFn>
E Enum(const json& obj, const char* key, ParseFn parse, std::span<const std::string_view> allowed) {
  const std::string s = String(obj, key, true);
  const auto v = parse(s);
  if (!v) {
    throw BadField{fmt::format("field \"{}\": unknown value \"{}\" (allowed: {})", key, s,
                               domain::AllowedNames(allowed))};
  }
  return *v;
}

template <typename E, typename ParseFn>
uint32_t FlagList(const json& obj, const char* key, ParseFn parse,
                  std::span<const std::string_view> allowed) {
  const json* v = Field(obj, key);
  if (v == nullptr) return 0;
  if (!v->is_array())
    throw BadField{fmt::format("field \"{}\" must be a list, got {}", key, v->dump())};
  uint32_t mask = 0;
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    const auto f = item.is_string() ? parse(item.get<std::string>()) : std::nullopt;
    if (!f) {
      throw BadField{fmt::format("field \"{}[{}]\": unknown value {} (allowed: {})", key, i,
                                 item.dump(), domain::AllowedNames(allowed))};
    }
    mask |= domain::Bit(*f);
  }
  return mask;
}

bool IsPersonEvent(EventType t) {
  switch (t) {
    case EventType::kPersonAdded:
    case EventType::kPersonFlagged:
    case EventType::kPersonUnflagged:
    case EventType::kNeedsAssessed:
    case EventType::kContractAgreed:
    case EventType::kReferralConsented:
    case EventType::kReferralOptedOut:
    case EventType::kReferralSent:
    case EventType::kInformationGiven:
    case EventType::kContactMade:
      return true;
    default:
      return false;
  }
}

// Name and contact details of person.added, for display and the bureau's search. Lenient:
// descriptive fields of the wrong type are ignored, not errors (the engine does not read them).
void ReadContactDetails(const json& obj, Event& e) {
  auto text = [](const json* v) {
    return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
  };
  if (const json* name = Field(obj, "name"); name != nullptr && name->is_object()) {
    for (const char* part : {"title", "given", "family"}) {
      const std::string t = text(Field(*name, part));
      if (!t.empty()) e.display_name += (e.display_name.empty() ? "" : " ") + t;
    }
  }
  std::string search = e.display_name;
  if (const json* contact = Field(obj, "contact"); contact != nullptr && contact->is_object()) {
    for (const char* key : {"phone_home", "phone_work", "phone_mobile"}) {
      std::string digits;
      for (const char c : text(Field(*contact, key))) {
        if (c >= '0' && c <= '9') digits += c;
      }
      if (!digits.empty()) search += " " + digits;
    }
    for (const char* key : {"email", "postcode"}) {
      const std::string t = text(Field(*contact, key));
      if (!t.empty()) search += " " + t;
    }
    e.postcode = text(Field(*contact, "postcode"));
  }
  // A date of birth is searched by its digits either way round: 12/03/1985 or 1985-03-12.
  if (e.date_of_birth) {
    const auto ymd = e.date_of_birth->ToYmd();
    search += fmt::format(" {:02}{:02}{:04} {:04}{:02}{:02}", ymd.day, ymd.month, ymd.year,
                          ymd.year, ymd.month, ymd.day);
  }
  for (char& c : search) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  e.search_text = search;
}

// The typed fields of one event (everything but the reference checks).
void ReadFields(const json& obj, Event& e) {
  switch (e.type) {
    case EventType::kCrimeRecorded:
      e.crime_type = String(obj, "crime_type", true);
      e.unit = String(obj, "unit", false);
      e.officer = String(obj, "officer", false);
      e.crime_flags = FlagList<domain::CrimeFlag>(obj, "flags", domain::ParseCrimeFlag,
                                                  domain::CrimeFlagNames());
      e.offence_date = DateField(obj, "offence_date");
      break;
    case EventType::kPersonAdded:
      e.role = Enum<domain::Role>(obj, "role", domain::ParseRole, domain::RoleNames());
      e.represents = String(obj, "represents", false);
      e.date_of_birth = DateField(obj, "date_of_birth");
      e.person_flags = FlagList<domain::PersonFlag>(obj, "flags", domain::ParsePersonFlag,
                                                    domain::PersonFlagNames());
      ReadContactDetails(obj, e);
      break;
    case EventType::kPersonFlagged:
    case EventType::kPersonUnflagged:
      e.person_flags = domain::Bit(Enum<domain::PersonFlag>(obj, "flag", domain::ParsePersonFlag,
                                                            domain::PersonFlagNames()));
      break;
    case EventType::kNeedsAssessed:
      e.leaflet_given = Bool(obj, "leaflet_given", false);
      break;
    case EventType::kContractAgreed: {
      e.wants_updates = Bool(obj, "wants_updates", true);
      // Absent: no agreed frequency (the rule set's default applies). Present, it must be a
      // whole number of days up to ten years: anything else is refused, not quietly replaced
      // by the default.
      const json* f = Field(obj, "frequency_days");
      if (f != nullptr) {
        if (!f->is_number_integer() || f->get<int64_t>() < 1 ||
            f->get<int64_t>() > domain::kMaxFrequencyDays) {
          throw BadField{fmt::format(
              "field \"frequency_days\" must be a whole number of days from 1 to {}, got {}",
              domain::kMaxFrequencyDays, f->dump())};
        }
        e.frequency_days = static_cast<int>(f->get<int64_t>());
      }
      break;
    }
    case EventType::kInformationGiven:
      e.item = Enum<domain::InfoItem>(obj, "item", domain::ParseInfoItem, domain::InfoItemNames());
      break;
    case EventType::kOfficerAssigned:
      e.officer = String(obj, "officer", true);
      e.unit = String(obj, "unit", false);
      break;
    case EventType::kDecisionNoCharge:
      e.vrr_eligible = Bool(obj, "vrr_eligible", false);
      break;
    case EventType::kCaseClosed:
      e.outcome = Enum<domain::CaseOutcome>(obj, "outcome", domain::ParseCaseOutcome,
                                            domain::CaseOutcomeNames());
      break;
    case EventType::kContactMade: {
      e.channel =
          Enum<domain::Channel>(obj, "channel", domain::ParseChannel, domain::ChannelNames());
      e.contact_outcome = Enum<domain::ContactOutcome>(obj, "outcome", domain::ParseContactOutcome,
                                                       domain::ContactOutcomeNames());
      e.covers =
          FlagList<domain::DutyIndex>(obj, "covers", domain::ParseDutyId, domain::DutyIdNames());
      break;
    }
    default:
      break;
  }
}

}  // namespace

std::string ContentHash(std::string_view canonical) {
  return fmt::format("{:016x}", core::Fnv1a64(canonical));
}

EventReader::EventReader(Catalog* catalog, bool keep_bodies)
    : catalog_(catalog), keep_bodies_(keep_bodies) {}

void EventReader::ReadText(std::string_view text) {
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (line_number % 256 == 0) core::CheckBudget();
    ReadLine(text.substr(pos, end - pos), ++line_number);
    pos = end + 1;
  }
}

void EventReader::ReadLine(std::string_view line, size_t n) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;
  current_text_ = line;
  ++summary_.lines;
  // Limits before parsing: a line's size, and nesting, which the parser and dump() would
  // otherwise follow as deep as the line goes.
  if (line.size() > core::kEventLineBytes) {
    current_text_ = line.substr(0, 200);
    return Fail(n, fmt::format("the line is {} bytes; an event may be at most {}", line.size(),
                               core::kEventLineBytes));
  }
  if (const auto deep = core::JsonTooDeep(line)) return Fail(n, "not accepted: " + *deep);
  if (const auto bad = core::InvalidUtf8At(line))
    return Fail(n, fmt::format("not valid UTF-8 (byte {} of the line)", *bad + 1));
  const json obj = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded()) return Fail(n, "not valid JSON");
  if (!obj.is_object()) return Fail(n, "not a JSON object");
  Event e;
  e.line = static_cast<int>(n);
  std::string crime;
  try {
    e.id = id_prefix_ + String(obj, "id", true);
    e.type = Enum<EventType>(obj, "type", domain::ParseEventType, domain::EventTypeNames());
    crime = String(obj, "crime", true);
    const std::string at = String(obj, "at", true);
    const auto instant = core::ParseRfc3339(at);
    if (!instant) {
      throw BadField{
          fmt::format("field \"at\": \"{}\" is not an RFC 3339 timestamp with an offset "
                      "or Z (e.g. 2024-03-01T14:20:00Z)",
                      at)};
    }
    e.at = *instant;
    e.date = london_.DateOf(e.at);
    if (Field(obj, "by") != nullptr) String(obj, "by", false);
    if (IsPersonEvent(e.type)) e.person = String(obj, "person", true);
    ReadFields(obj, e);
  } catch (const BadField& bad) {
    return Fail(n, bad.message);
  }

  if (id_prefix_.empty()) return Accept(std::move(e), crime, obj.dump(), line, n);
  // The event is kept under its prefixed id, in the log too, so that reading it back gives
  // the same event.
  json kept = obj;
  kept["id"] = e.id;
  const std::string body = kept.dump();
  Accept(std::move(e), crime, body, body, n);
}

void EventReader::Accept(Event e, const std::string& crime, const std::string& canonical,
                         std::string_view text, size_t n) {
  current_text_ = text;
  e.date = london_.DateOf(e.at);
  if (e.date < kEarliestEventDay || (latest_ && e.date > *latest_)) {
    return Fail(n, fmt::format("field \"at\": {} is outside the days an event may have ({} to {})",
                               e.date.ToString(), kEarliestEventDay.ToString(),
                               latest_ ? latest_->ToString() : std::string("today")));
  }
  // Idempotence: the same id again is a no-op only with the same content.
  std::string hash = ContentHash(canonical);
  const auto [seen, inserted] = content_hash_by_id_.try_emplace(e.id, hash);
  if (!inserted) {
    if (seen->second == hash) {
      ++summary_.duplicates;
      return;
    }
    return Fail(n, fmt::format("event id \"{}\" was already used for different content", e.id));
  }
  if (catalog_ != nullptr) {
    if (const auto stored = catalog_->StoredHash(e.id)) {
      if (*stored == hash) {
        ++summary_.duplicates;
        return;
      }
      content_hash_by_id_.erase(e.id);
      return Fail(n, fmt::format("event id \"{}\" is already stored with different content", e.id));
    }
  }

  auto reject = [&](std::string message) {
    content_hash_by_id_.erase(e.id);
    Fail(n, std::move(message));
  };
  auto keep = [&](Event& event, size_t case_index) {
    if (keep_bodies_) {
      accepted_.push_back({event.id, crime, std::string(domain::Name(event.type)),
                           FormatInstant(event.at), std::move(hash), std::string(text)});
    }
    cases_[case_index].events.push_back(std::move(event));
    ++summary_.events;
  };
  auto it = crimes_.find(crime);
  if (it == crimes_.end() && catalog_ != nullptr && catalog_->StoredCrime(crime)) {
    it = crimes_.emplace(crime, CaseIndex{cases_.size(), {}, true}).first;
    cases_.push_back(domain::CaseFile{crime, {}});
    stored_crimes_.push_back(crime);
  }
  if (e.type == EventType::kCrimeRecorded) {
    if (it != crimes_.end()) {
      return reject(fmt::format(
          "crime \"{}\" was already recorded{}", crime,
          it->second.stored
              ? " (in the store)"
              : fmt::format(" by event \"{}\"", cases_[it->second.index].events.front().id)));
    }
    crimes_.emplace(crime, CaseIndex{cases_.size(), {}, false});
    cases_.push_back(domain::CaseFile{crime, {}});
    keep(e, cases_.size() - 1);
    return;
  }
  if (it == crimes_.end()) {
    return reject(fmt::format("crime \"{}\" has no crime.recorded before this line", crime));
  }
  CaseIndex& ci = it->second;
  const auto known = [&](const std::string& person) {
    if (std::find(ci.persons.begin(), ci.persons.end(), person) != ci.persons.end()) return true;
    return ci.stored && catalog_->StoredPerson(crime, person);
  };
  if (e.type == EventType::kPersonAdded) {
    if (known(e.person)) {
      return reject(
          fmt::format("person \"{}\" was already added to crime \"{}\"", e.person, crime));
    }
    if (!e.represents.empty() && !known(e.represents)) {
      return reject(
          fmt::format("field \"represents\": person \"{}\" has not been added to crime "
                      "\"{}\" before this line",
                      e.represents, crime));
    }
    ci.persons.push_back(e.person);
  } else if (!e.person.empty() && !known(e.person)) {
    return reject(
        fmt::format("field \"person\": person \"{}\" has not been added to crime \"{}\" "
                    "before this line",
                    e.person, crime));
  }
  keep(e, ci.index);
}

bool EventReader::KnowsCrime(const std::string& crime) {
  return crimes_.count(crime) > 0 || (catalog_ != nullptr && catalog_->StoredCrime(crime));
}

std::vector<domain::CaseFile> EventReader::TakeCases() {
  crimes_.clear();
  return std::move(cases_);
}

bool ReadAll(const std::string& path, std::string& text) {
  if (path == "-") {
    char buffer[1 << 16];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) text.append(buffer, n);
    return !std::ferror(stdin);
  }
  // A directory opens as a stream on Linux and reads as nothing: it is not a file to read.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  text = std::move(buffer).str();
  return true;
}

}  // namespace cf::events
