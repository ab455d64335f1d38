#include "app/referrals.hpp"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/event_json.hpp"

#include "app/import.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

const auto& Str = StringField;

// RFC 4180: quoted when it holds a comma, quote or line break.
std::string Csv(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (const char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Fills the person's details from the case log; false when they opted out since consenting.
bool FromLog(const std::vector<std::string>& bodies, Referral& r) {
  bool opted_out = false;
  std::set<std::string> unsafe;
  json contact = json::object();
  for (const auto& body : bodies) {
    const json e = json::parse(body);
    const std::string type = Str(e, "type");
    if (type == "crime.recorded") r.crime_type = Str(e, "crime_type");
    if (Str(e, "person") != r.person) continue;
    if (type == "person.added") {
      r.role = Str(e, "role");
      const json name = e.value("name", json::object());
      r.title = Str(name, "title");
      r.given_name = Str(name, "given");
      r.family_name = Str(name, "family");
      contact = e.value("contact", json::object());
      r.language = Str(e, "language");
    } else if (type == "referral.consented") {
      r.consented = true;
      opted_out = false;
    } else if (type == "referral.opted_out") {
      opted_out = true;
    } else if (type == "needs.assessed") {
      r.interpreter_language = Str(e, "interpreter_language");
      r.preferred_contact = Str(e, "preferred_contact");
    } else if (type == "contract.agreed") {
      unsafe = UnsafeChannels(e);
    }
  }
  // Only the ways of reaching them that are safe.
  if (!unsafe.count("phone")) r.phone = Str(contact, "phone_mobile").empty() ? Str(contact, "phone_home") : Str(contact, "phone_mobile");
  if (!unsafe.count("email")) r.email = Str(contact, "email");
  if (!unsafe.count("letter")) {
    r.address = Str(contact, "address");
    r.postcode = Str(contact, "postcode");
  }
  return !opted_out;
}

}  // namespace

std::vector<Referral> DueReferrals(storage::CaseStore& store, storage::AccountStore& accounts, size_t limit) {
  std::vector<Referral> out;
  for (const auto& o : store.OpenObligationsOfDuty("refer_support", limit * 4 + 100)) {
    if (out.size() >= limit) break;
    Referral r;
    r.key = fmt::format("{}|{}|{}", o.crime, o.person, o.trigger_event);
    if (store.ReferralSent(r.key)) continue;
    r.crime = o.crime;
    r.person = o.person;
    r.due = o.deadline;
    r.enhanced = o.enhanced;
    r.officer = o.officer;
    if (!FromLog(store.EventBodies(o.crime), r)) continue;
    if (const auto row = store.FindCase(o.crime)) r.recorded_on = row->recorded_on;
    if (const auto officer = accounts.UserForOfficer(o.officer)) {
      if (!officer->full_name.empty()) r.officer = (officer->collar.empty() ? "" : officer->collar + " ") + officer->full_name;
      r.officer_phone = officer->phone;
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string ReferralsCsv(const std::vector<Referral>& referrals) {
  std::string out =
      "referral_key,crime,crime_type,recorded_on,person,role,title,given_name,family_name,phone,email,address,postcode,"
      "language,interpreter_language,preferred_contact,enhanced,consented,due,officer,officer_phone\r\n";
  for (const auto& r : referrals) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", Csv(r.key), Csv(r.crime),
                       Csv(r.crime_type), r.recorded_on, Csv(r.person), r.role, Csv(r.title), Csv(r.given_name),
                       Csv(r.family_name), Csv(r.phone), Csv(r.email), Csv(r.address), Csv(r.postcode), Csv(r.language),
                       Csv(r.interpreter_language), r.preferred_contact, r.enhanced ? "yes" : "no",
                       r.consented ? "yes" : "no", r.due, Csv(r.officer), Csv(r.officer_phone));
  }
  return out;
}

std::string ReferralsJson(const std::vector<Referral>& referrals) {
  json out = json::array();
  for (const auto& r : referrals) {
    out.push_back({{"referral_key", r.key}, {"crime", r.crime}, {"crime_type", r.crime_type},
                   {"recorded_on", r.recorded_on}, {"person", r.person}, {"role", r.role},
                   {"name", {{"title", r.title}, {"given", r.given_name}, {"family", r.family_name}}},
                   {"contact", {{"phone", r.phone}, {"email", r.email}, {"address", r.address}, {"postcode", r.postcode}}},
                   {"language", r.language}, {"interpreter_language", r.interpreter_language},
                   {"preferred_contact", r.preferred_contact}, {"enhanced", r.enhanced}, {"consented", r.consented},
                   {"due", r.due}, {"officer", {{"name", r.officer}, {"phone", r.officer_phone}}}});
  }
  return out.dump(2) + "\n";
}

size_t RecordReferralsSent(storage::CaseStore& store, const rules::ObligationEngine& engine,
                           const rules::RuleLibrary& library, const std::vector<Referral>& referrals,
                           const std::string& sent_by, core::Instant now) {
  const std::string at = events::FormatInstant(now / 1000 * 1000);
  storage::Transaction tx(store);
  std::string lines;
  size_t n = 0;
  for (const auto& r : referrals) {
    if (!store.RecordReferral(r.key, r.crime, r.person, sent_by, at)) continue;
    ++n;
    lines += json{{"id", "referral:" + r.key}, {"type", "referral.sent"}, {"crime", r.crime}, {"at", at},
                  {"person", r.person}, {"to", "victim_support"}, {"by", sent_by}}.dump() + "\n";
  }
  if (!lines.empty()) {
    ImportOptions options;
    options.source = "referrals:" + sent_by;
    options.now = at;
    const auto report = ImportJsonLines(store, engine, library, lines, options);
    if (!report.written) {
      throw storage::StorageError("referrals could not be recorded: " +
                                  (report.errors.empty() ? std::string() : report.errors[0].message));
    }
  }
  tx.Commit();
  return n;
}

}  // namespace cf::app
