#include "events/jsonl_writer.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace cf::events {
namespace {

using domain::EventType;
using nlohmann::json;

template <typename E>
json Names(uint32_t mask, int count) {
  json out = json::array();
  for (int i = 0; i < count; ++i) {
    if (mask & (1u << i)) out.push_back(std::string(domain::Name(static_cast<E>(i))));
  }
  return out;
}

}  // namespace

std::string FormatInstant(core::Instant t) {
  int64_t days = t / 86400000;
  int64_t ms = t % 86400000;
  if (ms < 0) {
    ms += 86400000;
    --days;
  }
  const auto d = core::Date::FromDays(static_cast<int32_t>(days));
  const int64_t secs = ms / 1000;
  if (ms % 1000 == 0) {
    return fmt::format("{}T{:02}:{:02}:{:02}Z", d.ToString(), secs / 3600, secs / 60 % 60,
                       secs % 60);
  }
  return fmt::format("{}T{:02}:{:02}:{:02}.{:03}Z", d.ToString(), secs / 3600, secs / 60 % 60,
                     secs % 60, ms % 1000);
}

std::string ToJsonLine(std::string_view crime, const domain::Event& e,
                       std::string_view extra_fields) {
  json j;
  j["id"] = e.id;
  j["type"] = std::string(domain::Name(e.type));
  j["crime"] = std::string(crime);
  j["at"] = FormatInstant(e.at);
  if (!e.person.empty()) j["person"] = e.person;
  switch (e.type) {
    case EventType::kCrimeRecorded:
      j["crime_type"] = e.crime_type;
      if (!e.unit.empty()) j["unit"] = e.unit;
      if (!e.officer.empty()) j["officer"] = e.officer;
      j["flags"] = Names<domain::CrimeFlag>(e.crime_flags, domain::kCrimeFlagCount);
      if (e.offence_date) j["offence_date"] = e.offence_date->ToString();
      break;
    case EventType::kPersonAdded:
      j["role"] = std::string(domain::Name(e.role));
      if (!e.represents.empty()) j["represents"] = e.represents;
      if (e.date_of_birth) j["date_of_birth"] = e.date_of_birth->ToString();
      j["flags"] = Names<domain::PersonFlag>(e.person_flags, domain::kPersonFlagCount);
      break;
    case EventType::kPersonDetailsChanged:
      if (e.details) {
        const domain::PersonDetails& d = *e.details;
        auto put = [](nlohmann::json& into, const char* key, const std::optional<std::string>& v) {
          if (v) into[key] = *v;
        };
        nlohmann::json name = nlohmann::json::object(), contact = nlohmann::json::object();
        put(name, "title", d.title);
        put(name, "given", d.given);
        put(name, "family", d.family);
        for (const auto& field : domain::ContactFields())
          put(contact, std::string(field.name).c_str(), d.*field.slot);
        if (!name.empty()) j["name"] = name;
        if (!contact.empty()) j["contact"] = contact;
        put(j, "language", d.language);
        put(j, "format", d.format);
        if (d.date_of_birth) j["date_of_birth"] = d.date_of_birth->ToString();
      }
      break;
    case EventType::kPersonFlagged:
    case EventType::kPersonUnflagged:
      j["flag"] = Names<domain::PersonFlag>(e.person_flags, domain::kPersonFlagCount).at(0);
      break;
    case EventType::kNeedsAssessed:
      j["leaflet_given"] = e.leaflet_given;
      break;
    case EventType::kContractAgreed:
      j["wants_updates"] = e.wants_updates;
      if (e.frequency_days > 0) j["frequency_days"] = e.frequency_days;
      break;
    case EventType::kReferralConsented:
    case EventType::kReferralOptedOut:
    case EventType::kReferralSent:
      if (!e.referral_to.empty()) j["to"] = e.referral_to;
      break;
    case EventType::kInformationGiven:
      if (e.item) j["item"] = std::string(domain::Name(*e.item));
      break;
    case EventType::kOfficerAssigned:
      j["officer"] = e.officer;
      if (!e.unit.empty()) j["unit"] = e.unit;
      break;
    case EventType::kDecisionNoCharge:
      j["vrr_eligible"] = e.vrr_eligible;
      break;
    case EventType::kCaseClosed:
      j["outcome"] = std::string(domain::Name(e.outcome));
      break;
    case EventType::kContactMade:
      j["channel"] = std::string(domain::Name(e.channel));
      j["outcome"] = std::string(domain::Name(e.contact_outcome));
      if (e.covers != 0) {
        json covers = json::array();
        for (int i = 0; i < domain::kDutyIdCount; ++i) {
          if (e.covers & (1u << i)) covers.push_back(std::string(domain::kDutyIds[i]));
        }
        j["covers"] = covers;
      }
      break;
    default:
      break;
  }
  std::string line = j.dump();
  if (!extra_fields.empty()) {
    line.pop_back();
    line += ',';
    line += extra_fields;
    line += '}';
  }
  return line;
}

}  // namespace cf::events
