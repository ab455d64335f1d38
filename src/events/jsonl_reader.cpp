#include "events/jsonl_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "core/budget.hpp"
#include "core/hash.hpp"
#include "core/limits.hpp"
#include "core/utf8.hpp"
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

// A JSON value as the field readers below see it, over nlohmann-json (the reference: every
// line may be read with it, and every error message comes from it) ...
class NloValue {
 public:
  explicit NloValue(const json& j) : j_(&j) {}
  // The member `key` of an object; none when absent or null.
  std::optional<NloValue> Get(const char* key) const {
    const auto it = j_->find(key);
    if (it == j_->end() || it->is_null()) return std::nullopt;
    return NloValue(*it);
  }
  bool IsString() const { return j_->is_string(); }
  bool IsBool() const { return j_->is_boolean(); }
  bool IsArray() const { return j_->is_array(); }
  bool IsObject() const { return j_->is_object(); }
  bool IsInteger() const { return j_->is_number_integer(); }
  std::string Str() const { return j_->get<std::string>(); }
  bool Bool() const { return j_->get<bool>(); }
  int64_t Int() const { return j_->get<int64_t>(); }
  size_t Size() const { return j_->size(); }
  NloValue At(size_t i) const { return NloValue((*j_)[i]); }
  std::vector<std::string> Keys() const {
    std::vector<std::string> out;
    for (const auto& [key, value] : j_->items()) out.push_back(key);
    return out;
  }
  std::string Dump() const { return j_->dump(); }

 private:
  const json* j_;
};

// ... and over simdjson's DOM (several times faster), for lines with no repeated keys (of which
// nlohmann-json keeps the last, simdjson the first).
class SimdValue {
 public:
  explicit SimdValue(simdjson::dom::element e) : e_(e) {}
  std::optional<SimdValue> Get(const char* key) const {
    simdjson::dom::element v;
    if (e_[key].get(v) != simdjson::SUCCESS || v.is_null()) return std::nullopt;
    return SimdValue(v);
  }
  bool IsString() const { return e_.is_string(); }
  bool IsBool() const { return e_.is_bool(); }
  bool IsArray() const { return e_.is_array(); }
  bool IsObject() const { return e_.is_object(); }
  bool IsInteger() const { return e_.is_int64() || e_.is_uint64(); }
  std::string Str() const { return std::string(e_.get_string().value_unsafe()); }
  bool Bool() const { return e_.get_bool().value_unsafe(); }
  int64_t Int() const {
    return e_.is_int64() ? e_.get_int64().value_unsafe()
                         : static_cast<int64_t>(e_.get_uint64().value_unsafe());
  }
  size_t Size() const {
    const simdjson::dom::array items = e_.get_array().value_unsafe();
    return items.size();
  }
  SimdValue At(size_t i) const {
    const simdjson::dom::array items = e_.get_array().value_unsafe();
    return SimdValue(items.at(i).value_unsafe());
  }
  std::vector<std::string> Keys() const {
    std::vector<std::string> out;
    const simdjson::dom::object fields = e_.get_object().value_unsafe();
    for (const auto field : fields) out.emplace_back(field.key);
    return out;
  }
  std::string Dump() const { return simdjson::minify(e_); }

 private:
  simdjson::dom::element e_;
};

// Whether any object in `e` names a key twice.
bool HasRepeatedKeys(simdjson::dom::element e) {
  if (e.is_array()) {
    const simdjson::dom::array items = e.get_array().value_unsafe();
    for (const auto item : items) {
      if (HasRepeatedKeys(item)) return true;
    }
    return false;
  }
  if (!e.is_object()) return false;
  std::vector<std::string_view> keys;
  const simdjson::dom::object fields = e.get_object().value_unsafe();
  for (const auto field : fields) {
    if (std::find(keys.begin(), keys.end(), field.key) != keys.end()) return true;
    keys.push_back(field.key);
    if (HasRepeatedKeys(field.value)) return true;
  }
  return false;
}

std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

template <typename V>
std::string String(const V& obj, const char* key, bool required) {
  const auto v = obj.Get(key);
  if (!v) {
    if (required) throw BadField{fmt::format("field \"{}\" is required", key)};
    return {};
  }
  if (!v->IsString())
    throw BadField{fmt::format("field \"{}\" must be a string, got {}", key, v->Dump())};
  std::string s = Trim(v->Str());
  if (required && s.empty()) throw BadField{fmt::format("field \"{}\" must not be empty", key)};
  return s;
}

template <typename V>
std::optional<core::Date> DateField(const V& obj, const char* key) {
  const auto v = obj.Get(key);
  if (!v) return std::nullopt;
  const auto d = v->IsString() ? core::Date::Parse(v->Str()) : std::nullopt;
  if (!d)
    throw BadField{fmt::format("field \"{}\" must be a date YYYY-MM-DD, got {}", key, v->Dump())};
  return d;
}

template <typename V>
bool Bool(const V& obj, const char* key, bool fallback) {
  const auto v = obj.Get(key);
  if (!v) return fallback;
  if (!v->IsBool())
    throw BadField{fmt::format("field \"{}\" must be true or false, got {}", key, v->Dump())};
  return v->Bool();
}

// The longest free text an event's field may carry into a letter (conditions, a sentence,
// a reason), in characters.
constexpr size_t kLongText = 2000;

// A word from a closed list (the WCU's events); "" when absent and not required.
template <typename V>
std::string Word(const V& obj, const char* key, std::span<const std::string_view> allowed,
                 bool required) {
  std::string s = String(obj, key, required);
  if (s.empty() || std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
  throw BadField{fmt::format("field \"{}\": unknown value \"{}\" (allowed: {})", key, s,
                             domain::AllowedNames(allowed))};
}

// Text of at most `max_chars` characters (it goes into letters and messages); "" when absent.
template <typename V>
std::string Text(const V& obj, const char* key, size_t max_chars, bool required) {
  std::string s = String(obj, key, required);
  if (core::CharacterCount(s) > max_chars) {
    throw BadField{fmt::format("field \"{}\" is {} characters long; at most {}", key,
                               core::CharacterCount(s), max_chars)};
  }
  return s;
}

// referral.*'s `to`: "" for Victim Support (absent, or "victim_support"), else another
// organisation's id as the force lists it (lower-case letters, digits and _). Read back from
// the log (`stored`), a `to` stored before it was checked means Victim Support, as it did then.
template <typename V>
std::string ReferralTo(const V& obj, bool stored) {
  if (stored) {
    const auto v = obj.Get("to");
    const std::string to = v && v->IsString() ? std::string(v->Str()) : std::string();
    return domain::IsOrganisationId(to) && to != "victim_support" ? to : std::string();
  }
  if (const auto v = obj.Get("to"); v && v->IsString() && v->Str().empty())
    throw BadField{"field \"to\" is empty: leave it out for Victim Support"};
  std::string to = Text(obj, "to", 40, false);
  if (to.empty() || to == "victim_support") return {};
  if (!domain::IsOrganisationId(to)) {
    throw BadField{fmt::format(
        "field \"to\": \"{}\" is not an organisation's id (lower-case letters, digits and _, "
        "starting with a letter: victim_support, womens_aid)",
        to)};
  }
  return to;
}

// A list of words from a closed list, or absent.
template <typename V>
void WordList(const V& obj, const char* key, std::span<const std::string_view> allowed) {
  const auto v = obj.Get(key);
  if (!v) return;
  if (!v->IsArray())
    throw BadField{fmt::format("field \"{}\" must be a list, got {}", key, v->Dump())};
  for (size_t i = 0; i < v->Size(); ++i) {
    const V item = v->At(i);
    if (!item.IsString() ||
        std::find(allowed.begin(), allowed.end(), item.Str()) == allowed.end()) {
      throw BadField{fmt::format("field \"{}[{}]\": unknown value {} (allowed: {})", key, i,
                                 item.Dump(), domain::AllowedNames(allowed))};
    }
  }
}

// A date and time that must be given, RFC 3339, from 2000 to 2100 (a hearing's).
template <typename V>
void RequiredInstant(const V& obj, const char* key) {
  const std::string s = String(obj, key, true);
  if (!core::ParseRfc3339(s) || s.substr(0, 4) < "2000" || s.substr(0, 4) > "2100") {
    throw BadField{
        fmt::format("field \"{}\" must be an RFC 3339 date and time from 2000 to 2100, e.g. "
                    "2026-03-01T10:00:00Z, got \"{}\"",
                    key, s)};
  }
}

template <typename E, typename V, typename ParseFn>
E Enum(const V& obj, const char* key, ParseFn parse, std::span<const std::string_view> allowed) {
  const std::string s = String(obj, key, true);
  const auto v = parse(s);
  if (!v) {
    throw BadField{fmt::format("field \"{}\": unknown value \"{}\" (allowed: {})", key, s,
                               domain::AllowedNames(allowed))};
  }
  return *v;
}

template <typename E, typename V, typename ParseFn>
uint32_t FlagList(const V& obj, const char* key, ParseFn parse,
                  std::span<const std::string_view> allowed) {
  const auto v = obj.Get(key);
  if (!v) return 0;
  if (!v->IsArray())
    throw BadField{fmt::format("field \"{}\" must be a list, got {}", key, v->Dump())};
  uint32_t mask = 0;
  for (size_t i = 0; i < v->Size(); ++i) {
    const V item = v->At(i);
    const auto f = item.IsString() ? parse(item.Str()) : std::nullopt;
    if (!f) {
      throw BadField{fmt::format("field \"{}[{}]\": unknown value {} (allowed: {})", key, i,
                                 item.Dump(), domain::AllowedNames(allowed))};
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
    case EventType::kPersonDetailsChanged:
    case EventType::kVrrRequested:
    case EventType::kVrrDecided:
      return true;
    default:
      return false;
  }
}

// One descriptive detail: nullopt when absent. Strict (person.details_changed): a value that
// is not text, or longer than `max`, is an error. Lenient (person.added): it is ignored, as
// the engine does not read it.
template <typename V>
std::optional<std::string> DetailText(const V& obj, const char* key, const std::string& where,
                                      bool strict, size_t max = 200) {
  const auto v = obj.Get(key);
  if (!v) return std::nullopt;
  if (!v->IsString()) {
    if (strict)
      throw BadField{fmt::format("field \"{}{}\" must be text, got {}", where, key, v->Dump())};
    return std::nullopt;
  }
  std::string text = Trim(v->Str());
  if (strict && text.size() > max) {
    throw BadField{fmt::format("field \"{}{}\" may be at most {} characters, got {}", where, key,
                               max, text.size())};
  }
  return text;
}

// A UK postcode's shape ("LL55 4TY", "M1 1AE", "EC1A 1BB"), the space optional.
bool LooksLikePostcode(std::string_view text) {
  std::string p;
  for (const char c : text) {
    if (c != ' ') p += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (p.size() < 5 || p.size() > 7) return false;
  const std::string_view inward = std::string_view(p).substr(p.size() - 3);
  if (!std::isdigit(static_cast<unsigned char>(inward[0])) ||
      !std::isalpha(static_cast<unsigned char>(inward[1])) ||
      !std::isalpha(static_cast<unsigned char>(inward[2])))
    return false;
  const std::string_view outward = std::string_view(p).substr(0, p.size() - 3);
  if (!std::isalpha(static_cast<unsigned char>(outward[0]))) return false;
  return std::all_of(outward.begin(), outward.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }) &&
         std::any_of(outward.begin(), outward.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// A change's contact detail, checked for its kind: an email address, a phone number (7 to 15
// digits, with spaces, +, brackets or dashes), a postcode. Empty is allowed: it removes.
void CheckContactDetail(std::string_view key, const std::string& value) {
  if (value.empty()) return;
  if (key == "email") {
    const auto at = value.find('@');
    if (at == std::string::npos || at == 0 || value.find('@', at + 1) != std::string::npos ||
        value.find('.', at) == std::string::npos || value.back() == '.' ||
        value.find_first_of(" \t<>,;") != std::string::npos)
      throw BadField{fmt::format("field \"contact.email\": \"{}\" is not an email address", value)};
  } else if (key == "postcode") {
    if (!LooksLikePostcode(value))
      throw BadField{fmt::format(
          "field \"contact.postcode\": \"{}\" is not a UK postcode (like LL55 4TY)", value)};
  } else if (key.starts_with("phone")) {
    size_t digits = 0;
    for (const char c : value) {
      if (std::isdigit(static_cast<unsigned char>(c))) {
        ++digits;
      } else if (std::string_view(" +()-").find(c) == std::string_view::npos) {
        throw BadField{
            fmt::format("field \"contact.{}\": \"{}\" is not a phone number", key, value)};
      }
    }
    if (digits < 7 || digits > 15)
      throw BadField{
          fmt::format("field \"contact.{}\": \"{}\" has {} digits; a phone number has 7 to 15", key,
                      value, digits)};
  }
}

// The details person.added gives (leniently) or person.details_changed corrects (strictly:
// each checked, and at least one given).
template <typename V>
domain::PersonDetails ReadDetails(const V& obj, bool strict) {
  domain::PersonDetails d;
  if (const auto name = obj.Get("name")) {
    if (name->IsObject()) {
      d.title = DetailText(*name, "title", "name.", strict, 40);
      d.given = DetailText(*name, "given", "name.", strict, 100);
      d.family = DetailText(*name, "family", "name.", strict, 100);
    } else if (strict) {
      throw BadField{fmt::format("field \"name\" must be an object, got {}", name->Dump())};
    }
  }
  if (const auto contact = obj.Get("contact")) {
    if (contact->IsObject()) {
      if (strict) {
        for (const auto& key : contact->Keys()) {
          const auto names = domain::ContactFieldNames();
          if (std::find(names.begin(), names.end(), key) == names.end())
            throw BadField{fmt::format("field \"contact.{}\": unknown (allowed: {})", key,
                                       domain::AllowedNames(names))};
        }
      }
      for (const auto& field : domain::ContactFields()) {
        const std::string key(field.name);
        auto value = DetailText(*contact, key.c_str(), "contact.", strict);
        if (strict && value) CheckContactDetail(field.name, *value);
        d.*field.slot = std::move(value);
      }
    } else if (strict) {
      throw BadField{fmt::format("field \"contact\" must be an object, got {}", contact->Dump())};
    }
  }
  d.language = DetailText(obj, "language", "", strict, 40);
  if (strict) {
    d.date_of_birth = DateField(obj, "date_of_birth");
    if (const auto format = obj.Get("format")) {
      const std::string f = String(obj, "format", true);
      const auto formats = domain::LetterFormatNames();
      if (std::find(formats.begin(), formats.end(), f) == formats.end())
        throw BadField{fmt::format("field \"format\": unknown value \"{}\" (allowed: {})", f,
                                   domain::AllowedNames(formats))};
      d.format = f;
    }
  }
  return d;
}

// Name and contact details for display and the bureau's search.
void SetDetails(Event& e, domain::PersonDetails d) {
  e.display_name = domain::DisplayName(d);
  e.search_text = domain::SearchText(d);
  e.postcode = d.postcode.value_or("");
  e.details = std::make_shared<const domain::PersonDetails>(std::move(d));
}

// person.details_changed: what it corrects, and the details it removes ("remove": [...]).
template <typename V>
void ReadDetailsChange(const V& obj, Event& e) {
  domain::PersonDetails d = ReadDetails(obj, true);
  if (const auto remove = obj.Get("remove")) {
    if (!remove->IsArray())
      throw BadField{fmt::format("field \"remove\" must be a list, got {}", remove->Dump())};
    const auto fields = domain::RemovableDetails();
    for (size_t i = 0; i < remove->Size(); ++i) {
      const V item = remove->At(i);
      const std::string name = item.IsString() ? item.Str() : std::string();
      const auto field = std::find_if(fields.begin(), fields.end(),
                                      [&](const domain::DetailField& f) { return f.name == name; });
      if (field == fields.end()) {
        throw BadField{fmt::format("field \"remove[{}]\": unknown value {} (allowed: {})", i,
                                   item.Dump(),
                                   domain::AllowedNames(domain::RemovableDetailNames()))};
      }
      // A removed detail is held as "" on the change, which Overlay lays over what was held.
      d.*field->slot = "";
    }
  }
  const bool any = d.title || d.given || d.family || d.address || d.postcode || d.phone_home ||
                   d.phone_work || d.phone_mobile || d.email || d.language || d.format ||
                   d.date_of_birth;
  if (!any) {
    throw BadField{
        "give at least one detail to change: name, date_of_birth, contact, language, format "
        "or remove"};
  }
  e.date_of_birth = d.date_of_birth;
  e.details = std::make_shared<const domain::PersonDetails>(std::move(d));
}

// The typed fields of one event (everything but the reference checks).
template <typename V>
void ReadFields(const V& obj, Event& e, bool stored) {
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
      {
        domain::PersonDetails d = ReadDetails(obj, false);
        d.date_of_birth = e.date_of_birth;
        SetDetails(e, std::move(d));
      }
      break;
    case EventType::kPersonDetailsChanged:
      ReadDetailsChange(obj, e);
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
      const auto f = obj.Get("frequency_days");
      if (f) {
        if (!f->IsInteger() || f->Int() < 1 || f->Int() > domain::kMaxFrequencyDays) {
          throw BadField{fmt::format(
              "field \"frequency_days\" must be a whole number of days from 1 to {}, got {}",
              domain::kMaxFrequencyDays, f->Dump())};
        }
        e.frequency_days = static_cast<int>(f->Int());
      }
      break;
    }
    case EventType::kReferralConsented:
    case EventType::kReferralOptedOut:
    case EventType::kReferralSent:
      e.referral_to = ReferralTo(obj, stored);
      break;
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
    case EventType::kCaseHandedToWcu:
      e.unit = Text(obj, "unit", 40, true);
      break;
    case EventType::kWcuHearingReceived:
    case EventType::kWcuEvidenceRequired:
      // Who is needed to give evidence; everyone on the case when it names no one.
      if (e.type == EventType::kWcuEvidenceRequired) e.person = Text(obj, "person", 40, false);
      Text(obj, "court", 200, true);
      RequiredInstant(obj, "hearing_at");
      Text(obj, "hearing", 200, false);
      Word(obj, "plea", domain::kPleas, false);
      break;
    case EventType::kWcuBailOutcomeReceived:
      Word(obj, "outcome", domain::kWcuBailOutcomes, true);
      Text(obj, "conditions", kLongText, false);
      break;
    case EventType::kWcuSpecialMeasuresDecided: {
      e.person = Text(obj, "person", 40, false);  // whose application; else everyone's
      const std::string decision = Word(obj, "decision", domain::kSpecialMeasuresDecisions, true);
      WordList(obj, "measures", domain::kSpecialMeasures);
      if (decision == "refused" && obj.Get("measures")) {
        throw BadField{
            "field \"measures\": a refusal allows none; give them only when the "
            "decision is granted or partly_granted"};
      }
      break;
    }
    case EventType::kWcuCourtResultReceived:
      Word(obj, "result", domain::kCourtResults, true);
      Text(obj, "sentence", kLongText, false);
      break;
    case EventType::kVrrRequested:
      Word(obj, "decision_by", domain::kVrrDecisionsBy, true);
      break;
    case EventType::kVrrDecided:
      Word(obj, "outcome", domain::kVrrOutcomes, true);
      Text(obj, "reason", kLongText, false);
      break;
    case EventType::kCpsChargeAltered:
      Word(obj, "change", domain::kChargeChanges, true);
      Text(obj, "charges", kLongText, false);
      Text(obj, "reason", kLongText, false);
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

// The typed event a line's JSON holds, and its crime, into `p`; false with p.error set when a
// field is missing or wrong.
template <typename V>
bool ReadEvent(const V& obj, const std::string& id_prefix, size_t n, core::LondonDates& london,
               bool stored, ParsedLine& p) {
  Event& e = p.event;
  e.line = static_cast<int>(n);
  try {
    e.id = id_prefix + String(obj, "id", true);
    e.type = Enum<EventType>(obj, "type", domain::ParseEventType, domain::EventTypeNames());
    p.crime = String(obj, "crime", true);
    const std::string at = String(obj, "at", true);
    const auto instant = core::ParseRfc3339(at);
    if (!instant) {
      throw BadField{
          fmt::format("field \"at\": \"{}\" is not an RFC 3339 timestamp with an offset "
                      "or Z (e.g. 2024-03-01T14:20:00Z)",
                      at)};
    }
    e.at = *instant;
    e.date = london.DateOf(e.at);
    if (obj.Get("by")) String(obj, "by", false);
    if (IsPersonEvent(e.type)) e.person = String(obj, "person", true);
    ReadFields(obj, e, stored);
  } catch (const BadField& bad) {
    p.error = bad.message;
    return false;
  }
  return true;
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
  Take(Parse(line, n, london_), line, n);
}

ParsedLine EventReader::Parse(std::string_view line, size_t n, core::LondonDates& london) const {
  ParsedLine p;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Too long is refused first, whatever the line holds: a reader that sees only its start (a
  // stream) must come to the same outcome.
  if (line.size() <= core::kEventLineBytes &&
      line.find_first_not_of(" \t") == std::string_view::npos) {
    p.blank = true;
    return p;
  }
  if (reading_log_ && line.size() <= core::kEventLineBytes && !core::JsonTooDeep(line)) {
    // The log read back (no canonical JSON needed): simdjson, for a line it reads exactly as
    // nlohmann-json does (it checks UTF-8 itself). Anything else, and any error (for its
    // message), goes the reference way below: the outcome is the same.
    thread_local simdjson::dom::parser parser;  // one per thread: Parse runs on several
    simdjson::dom::element root;
    if (parser.parse(line.data(), line.size()).get(root) == simdjson::SUCCESS && root.is_object() &&
        !HasRepeatedKeys(root)) {
      ParsedLine fast;
      if (ReadEvent(SimdValue(root), id_prefix_, n, london, true, fast)) return fast;
    }
  }
  // Limits before parsing: a line's size, and nesting, which the parser and dump() would
  // otherwise follow as deep as the line goes.
  if (line.size() > core::kEventLineBytes) {
    p.too_long = true;
    p.error = fmt::format("the line is {} bytes; an event may be at most {}", line.size(),
                          core::kEventLineBytes);
    return p;
  }
  if (const auto deep = core::JsonTooDeep(line)) {
    p.error = "not accepted: " + *deep;
    return p;
  }
  if (const auto bad = core::InvalidUtf8At(line)) {
    p.error = fmt::format("not valid UTF-8 (byte {} of the line)", *bad + 1);
    return p;
  }
  const json obj = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded() || !obj.is_object()) {
    p.error = obj.is_discarded() ? "not valid JSON" : "not a JSON object";
    return p;
  }
  if (!ReadEvent(NloValue(obj), id_prefix_, n, london, reading_log_, p)) return p;
  if (reading_log_) return p;
  if (id_prefix_.empty()) {
    p.hash = ContentHash(obj.dump());
    return p;
  }
  // The event is kept under its prefixed id, in the log too, so that reading it back gives
  // the same event.
  json kept = obj;
  kept["id"] = p.event.id;
  p.body = kept.dump();
  p.hash = ContentHash(p.body);
  return p;
}

void EventReader::Take(ParsedLine parsed, std::string_view line, size_t n) {
  if (parsed.blank) return;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ++summary_.lines;
  current_text_ = parsed.too_long ? line.substr(0, 200) : line;
  if (!parsed.error.empty()) return Fail(n, std::move(parsed.error));
  const std::string_view text = parsed.body.empty() ? line : std::string_view(parsed.body);
  AcceptHashed(std::move(parsed.event), parsed.crime, std::move(parsed.hash), text, n);
}

void EventReader::Accept(Event e, const std::string& crime, const std::string& canonical,
                         std::string_view text, size_t n) {
  AcceptHashed(std::move(e), crime, reading_log_ ? std::string() : ContentHash(canonical), text, n);
}

void EventReader::AcceptHashed(Event e, const std::string& crime, std::string hash,
                               std::string_view text, size_t n) {
  current_text_ = text;
  e.date = london_.DateOf(e.at);
  if (e.date < kEarliestEventDay || (latest_ && e.date > *latest_)) {
    return Fail(n, fmt::format("field \"at\": {} is outside the days an event may have ({} to {})",
                               e.date.ToString(), kEarliestEventDay.ToString(),
                               latest_ ? latest_->ToString() : std::string("today")));
  }
  // Idempotence: the same id again is a no-op only with the same content.
  const auto [seen, inserted] = reading_log_ ? std::pair{content_hash_by_id_.end(), true}
                                             : content_hash_by_id_.try_emplace(e.id, hash);
  if (!inserted) {
    if (seen->second == hash) {
      ++summary_.duplicates;
      return;
    }
    return Fail(n, fmt::format("event id \"{}\" was already used for different content", e.id));
  }
  if (catalog_ != nullptr) {
    if (const auto stored = catalog_->StoredHash(e.id)) {
      if (*stored == hash || *stored == kPurgedContentHash) {
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
  auto keep = [&](Event& event, CaseIndex& ci) {
    if (keep_bodies_) {
      accepted_.push_back({event.id, crime, std::string(domain::Name(event.type)),
                           FormatInstant(event.at), std::move(hash), std::string(text)});
    }
    if (!streaming_) cases_[ci.index].events.push_back(std::move(event));
    ++ci.accepted;
    ++summary_.events;
  };
  auto it = crimes_.find(crime);
  if (it == crimes_.end() && catalog_ != nullptr && catalog_->StoredCrime(crime)) {
    it = crimes_.emplace(crime, CaseIndex{cases_.size(), {}, true, {}}).first;
    cases_.push_back(domain::CaseFile{crime, {}});
  }
  if (e.type == EventType::kCrimeRecorded) {
    if (it != crimes_.end()) {
      return reject(fmt::format("crime \"{}\" was already recorded{}", crime,
                                it->second.stored
                                    ? std::string(" (in the store)")
                                    : fmt::format(" by event \"{}\"", it->second.recorded_by)));
    }
    auto& added = crimes_.emplace(crime, CaseIndex{cases_.size(), {}, false, e.id}).first->second;
    cases_.push_back(domain::CaseFile{crime, {}});
    keep(e, added);
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
  keep(e, ci);
}

void EventReader::RejectTooLong(size_t line, size_t bytes, std::string_view start) {
  ++summary_.lines;
  current_text_ = start.substr(0, 200);
  Fail(line, fmt::format("the line is {} bytes; an event may be at most {}", bytes,
                         core::kEventLineBytes));
}

std::vector<AcceptedLine> EventReader::TakeAccepted() {
  content_hash_by_id_.clear();
  return std::exchange(accepted_, {});
}

std::vector<std::string> EventReader::TouchedCrimes() const {
  std::vector<std::string> out;
  for (const auto& file : cases_) {
    const auto it = crimes_.find(file.crime);
    if (it != crimes_.end() && it->second.accepted > 0) out.push_back(file.crime);
  }
  return out;
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
