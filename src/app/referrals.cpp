#include "app/referrals.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "app/access.hpp"
#include "app/case_derivation.hpp"
#include "app/event_json.hpp"
#include "app/import.hpp"
#include "core/csv.hpp"
#include "core/file_io.hpp"
#include "core/hash.hpp"
#include "core/limits.hpp"
#include "core/london_time.hpp"
#include "domain/vocabulary.hpp"
#include "events/jsonl_writer.hpp"
#include "notify/http_post.hpp"

namespace cf::app {
namespace {

using core::CsvField;
using nlohmann::json;

// The organisation a referral event names, read as the event reader reads it: victim_support
// when it names none, or (in a log stored before `to` was checked) no organisation's id.
std::string ReferralTo(const json& e) {
  const std::string to = StringField(e, "to");
  return domain::IsOrganisationId(to) ? to : std::string(kVictimSupport);
}

// Fills the person's details from the case log; false when they opted out of a referral to
// r.organisation since consenting (consent and opt-outs to other organisations do not count).
bool FromLog(const std::vector<std::string>& bodies, Referral& r) {
  bool opted_out = false;
  std::set<std::string> unsafe;
  for (const auto& body : bodies) {
    const json e = json::parse(body);
    const std::string type = StringField(e, "type");
    if (type == "crime.recorded") r.crime_type = StringField(e, "crime_type");
    if (StringField(e, "person") != r.person) continue;
    if (type.rfind("referral.", 0) == 0 && ReferralTo(e) != r.organisation) continue;
    if (type == "person.added") {
      r.role = StringField(e, "role");
    } else if (type == "referral.consented") {
      r.consented = true;
      opted_out = false;
    } else if (type == "referral.opted_out") {
      opted_out = true;
    } else if (type == "needs.assessed") {
      r.interpreter_language = StringField(e, "interpreter_language");
      r.preferred_contact = StringField(e, "preferred_contact");
    } else if (type == "contract.agreed") {
      unsafe = UnsafeChannels(e);
    }
  }
  // As added, with every correction since (person.details_changed).
  const auto d =
      CurrentDetails(ParseStoredCase(r.crime, bodies), r.person).value_or(domain::PersonDetails{});
  r.title = d.title.value_or("");
  r.given_name = d.given.value_or("");
  r.family_name = d.family.value_or("");
  r.language = d.language.value_or("");
  // Only the ways of reaching them that are safe.
  if (!unsafe.count("phone"))
    r.phone = d.phone_mobile.value_or("").empty() ? d.phone_home.value_or("")
                                                  : d.phone_mobile.value_or("");
  if (!unsafe.count("email")) r.email = d.email.value_or("");
  if (!unsafe.count("letter")) {
    r.address = d.address.value_or("");
    r.postcode = d.postcode.value_or("");
  }
  return !opted_out;
}

}  // namespace

namespace {

// crime|person|trigger event: a referral's key.
std::string ReferralKey(const storage::ObligationRow& o) {
  return fmt::format("{}|{}|{}", o.crime, o.person, o.trigger_event);
}

// crime|person|to:ORGANISATION: another organisation's (one per person on a case).
std::string OrganisationKey(const std::string& crime, const std::string& person,
                            const std::string& organisation) {
  return fmt::format("{}|{}|to:{}", crime, person, organisation);
}

// The officer in case as the referral names them: collar number and name, and phone.
void NameOfficer(storage::AccountStore& accounts, Referral& r) {
  if (const auto officer = accounts.UserForOfficer(r.officer)) {
    if (!officer->full_name.empty())
      r.officer = (officer->collar.empty() ? "" : officer->collar + " ") + officer->full_name;
    r.officer_phone = officer->phone;
  }
}

// The referral for obligation `o` from the case log and the officer's profile; nullopt when
// the person opted out since their last consent.
std::optional<Referral> BuildReferral(storage::CaseStore& store, storage::AccountStore& accounts,
                                      const storage::ObligationRow& o) {
  Referral r;
  r.key = ReferralKey(o);
  r.crime = o.crime;
  r.person = o.person;
  r.due = o.deadline.ToString();
  r.enhanced = o.enhanced;
  r.officer = o.officer;
  if (!FromLog(store.EventBodies(o.crime), r)) return std::nullopt;
  if (const auto row = store.FindCase(o.crime)) r.recorded_on = row->recorded_on.ToString();
  NameOfficer(accounts, r);
  return r;
}

// The referral of `person` on `crime` to `organisation` from the case log, when they have
// consented to it and not opted out since; nullopt otherwise. No Code deadline: `due` is empty.
std::optional<Referral> BuildOrganisationReferral(storage::CaseStore& store,
                                                  storage::AccountStore& accounts,
                                                  const std::string& crime,
                                                  const std::vector<std::string>& bodies,
                                                  const std::string& person,
                                                  const std::string& organisation) {
  Referral r;
  r.key = OrganisationKey(crime, person, organisation);
  r.organisation = organisation;
  r.crime = crime;
  r.person = person;
  if (!FromLog(bodies, r) || !r.consented) return std::nullopt;
  const auto row = store.FindCase(crime);
  if (!row) return std::nullopt;
  r.recorded_on = row->recorded_on.ToString();
  r.officer = row->officer;
  for (const auto& o : store.CaseObligations(crime)) {
    if (o.person == person && o.enhanced) r.enhanced = true;
  }
  NameOfficer(accounts, r);
  return r;
}

}  // namespace

std::vector<Referral> DueReferrals(storage::CaseStore& store, storage::AccountStore& accounts,
                                   size_t limit) {
  std::vector<Referral> out;
  for (const auto& o : store.OpenObligationsOfDuty("refer_support", limit * 4 + 100)) {
    if (out.size() >= limit) break;
    if (store.ReferralSent(ReferralKey(o))) continue;
    if (auto r = BuildReferral(store, accounts, o)) out.push_back(std::move(*r));
  }
  return out;
}

std::vector<Referral> DueOrganisationReferrals(storage::CaseStore& store,
                                               storage::AccountStore& accounts,
                                               const std::string& organisation, size_t limit) {
  std::vector<Referral> out;
  // A withdrawn organisation (or one never listed) is referred no one, even who consented.
  const auto listed = store.Organisations();
  if (std::none_of(listed.begin(), listed.end(), [&](const storage::OrganisationRow& o) {
        return o.id == organisation && o.active;
      }))
    return out;
  for (const auto& crime : store.CrimesWithConsentsTo(organisation)) {
    if (out.size() >= limit) break;
    const auto bodies = store.EventBodies(crime);
    std::vector<std::string> people;  // consenting to this organisation, in the order recorded
    for (const auto& body : bodies) {
      const json e = json::parse(body);
      const std::string person = StringField(e, "person");
      if (StringField(e, "type") == "referral.consented" && ReferralTo(e) == organisation &&
          std::find(people.begin(), people.end(), person) == people.end())
        people.push_back(person);
    }
    for (const auto& person : people) {
      if (out.size() >= limit) break;
      if (store.ReferralSent(OrganisationKey(crime, person, organisation))) continue;
      if (auto r = BuildOrganisationReferral(store, accounts, crime, bodies, person, organisation))
        out.push_back(std::move(*r));
    }
  }
  return out;
}

std::vector<Referral> ReferralsToResend(storage::CaseStore& store, storage::AccountStore& accounts,
                                        const std::vector<storage::ReferralRow>& sent,
                                        std::vector<std::string>& left_out) {
  std::vector<Referral> out;
  for (const auto& row : sent) {
    if (row.organisation != kVictimSupport) {
      if (auto r =
              BuildOrganisationReferral(store, accounts, row.crime, store.EventBodies(row.crime),
                                        row.person, row.organisation)) {
        out.push_back(std::move(*r));
      } else {
        left_out.push_back(row.key + ": opted out since it was sent");
      }
      continue;
    }
    const auto obligations = store.CaseObligations(row.crime);
    const auto owed =
        std::find_if(obligations.begin(), obligations.end(), [&](const storage::ObligationRow& o) {
          return o.duty == "refer_support" && ReferralKey(o) == row.key;
        });
    if (owed == obligations.end()) {
      left_out.push_back(row.key + ": the case no longer owes this referral");
    } else if (auto r = BuildReferral(store, accounts, *owed)) {
      out.push_back(std::move(*r));
    } else {
      left_out.push_back(row.key + ": opted out since it was sent");
    }
  }
  return out;
}

std::string ReferralsCsv(const std::vector<Referral>& referrals) {
  std::string out =
      "referral_key,crime,crime_type,recorded_on,person,role,title,given_name,family_name,phone,"
      "email,address,postcode,"
      "language,interpreter_language,preferred_contact,enhanced,consented,due,officer,officer_"
      "phone\r\n";
  for (const auto& r : referrals) {
    const std::vector<std::string> fields = {CsvField(r.key),
                                             CsvField(r.crime),
                                             CsvField(r.crime_type),
                                             r.recorded_on,
                                             CsvField(r.person),
                                             r.role,
                                             CsvField(r.title),
                                             CsvField(r.given_name),
                                             CsvField(r.family_name),
                                             CsvField(r.phone),
                                             CsvField(r.email),
                                             CsvField(r.address),
                                             CsvField(r.postcode),
                                             CsvField(r.language),
                                             CsvField(r.interpreter_language),
                                             r.preferred_contact,
                                             r.enhanced ? "yes" : "no",
                                             r.consented ? "yes" : "no",
                                             r.due,
                                             CsvField(r.officer),
                                             CsvField(r.officer_phone)};
    out += fmt::format("{}\r\n", fmt::join(fields, ","));
  }
  return out;
}

std::string ReferralsJson(const std::vector<Referral>& referrals) {
  json out = json::array();
  for (const auto& r : referrals) {
    out.push_back(
        {{"referral_key", r.key},
         {"crime", r.crime},
         {"crime_type", r.crime_type},
         {"recorded_on", r.recorded_on},
         {"person", r.person},
         {"role", r.role},
         {"name", {{"title", r.title}, {"given", r.given_name}, {"family", r.family_name}}},
         {"contact",
          {{"phone", r.phone},
           {"email", r.email},
           {"address", r.address},
           {"postcode", r.postcode}}},
         {"language", r.language},
         {"interpreter_language", r.interpreter_language},
         {"preferred_contact", r.preferred_contact},
         {"enhanced", r.enhanced},
         {"consented", r.consented},
         {"due", r.due},
         {"officer", {{"name", r.officer}, {"phone", r.officer_phone}}}});
  }
  return out.dump(2) + "\n";
}

size_t RecordReferralsSent(storage::CaseStore& store, const rules::ObligationEngine& engine,
                           const rules::RuleLibrary& library,
                           const std::vector<Referral>& referrals, const std::string& sent_by,
                           domain::ReferralStatus status, core::Instant now) {
  const std::string at = events::FormatInstant(now / 1000 * 1000);
  storage::Transaction tx(store);
  std::string lines;
  size_t n = 0;
  for (const auto& r : referrals) {
    storage::ReferralRow row;
    row.key = r.key;
    row.organisation = r.organisation;
    row.crime = r.crime;
    row.person = r.person;
    row.sent_by = sent_by;
    row.status = status;
    row.created_at = at;
    if (!store.RecordReferral(row)) continue;
    ++n;
    lines +=
        json{{"id", "referral:" + r.key}, {"type", "referral.sent"}, {"crime", r.crime}, {"at", at},
             {"person", r.person},        {"to", r.organisation},    {"by", sent_by}}
            .dump() +
        "\n";
  }
  if (!lines.empty()) {
    ImportOptions options;
    options.source = "referrals:" + sent_by;
    options.now = at;
    const auto report = ImportJsonLines(store, engine, library, lines, options);
    if (!report.written) {
      throw storage::StorageError(
          "referrals could not be recorded: " +
          (report.errors.empty() ? std::string() : report.errors[0].message));
    }
  }
  tx.Commit();
  return n;
}

namespace {

// Writes `content` to FOLDER/NAME whole: to a hidden .partial first, then `commit()` (which
// records what the file holds), then the rename. A crash between leaves a .partial file and
// the referrals recorded, which the feed does not send again; the file can be renamed by hand.
core::Result<std::string> DropFile(const std::string& folder, const std::string& name,
                                   const std::string& content,
                                   const std::function<void()>& commit) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(folder, ec);
  const fs::path path = fs::path(folder) / name;
  const fs::path partial = fs::path(folder) / ("." + name + ".partial");
  // On disk in full before the referrals are recorded as sent.
  if (auto written = core::WriteWholeFile(partial.string(), content); !written) {
    fs::remove(partial, ec);
    return written.error();
  }
  commit();
  fs::rename(partial, path, ec);
  if (ec)
    return core::InvalidArgument(
        fmt::format("{}: cannot rename to {}: {}", partial.string(), path.string(), ec.message()));
  return path.string();
}

// POSTs the referrals as JSON with the bearer token and an Idempotency-Key made from their keys.
core::Status PostReferrals(const std::string& url, const std::string& token,
                           const std::vector<Referral>& referrals) {
  std::string keys;
  for (const auto& r : referrals) keys += r.key + "\n";
  std::vector<std::string> headers = {fmt::format("Idempotency-Key: {:016x}", core::Fnv1a64(keys))};
  if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
  const auto reply = notify::PostJson(url, ReferralsJson(referrals), headers);
  if (!reply) return reply.error();
  if (reply->status < 200 || reply->status >= 300) {
    return core::InvalidArgument(fmt::format(
        "POST {}: HTTP {}: nothing recorded; the next run sends them again", url, reply->status));
  }
  return {};
}

std::string FeedContent(const std::string& format, const std::vector<Referral>& referrals) {
  return format == "csv" ? ReferralsCsv(referrals) : ReferralsJson(referrals);
}

}  // namespace

namespace {

std::vector<Referral> Due(storage::CaseStore& store, storage::AccountStore& accounts,
                          const std::string& organisation, size_t limit) {
  return organisation == kVictimSupport
             ? DueReferrals(store, accounts, limit)
             : DueOrganisationReferrals(store, accounts, organisation, limit);
}

// " (womens_aid)" in an audit record: Victim Support's feed is named by none.
std::string OfOrganisation(const std::string& organisation) {
  return organisation == kVictimSupport ? "" : " (" + organisation + ")";
}

}  // namespace

core::Result<FeedRun> ExportReferrals(storage::CaseStore& store, storage::AccountStore& accounts,
                                      const rules::ObligationEngine& engine,
                                      const rules::RuleLibrary& library,
                                      const std::string& organisation, const std::string& folder,
                                      const std::string& format, const std::string& actor,
                                      core::Instant now) {
  if (format != "csv" && format != "json") return core::InvalidArgument("format: csv or json");
  const auto due = Due(store, accounts, organisation, 100000);
  if (due.empty()) return FeedRun{};
  const std::string name = organisation == kVictimSupport
                               ? fmt::format("referrals-{}.{}", now, format)
                               : fmt::format("referrals-{}-{}.{}", organisation, now, format);
  const std::string path = (std::filesystem::path(folder) / name).string();
  size_t n = 0;
  const auto written = DropFile(folder, name, FeedContent(format, due), [&] {
    n = RecordReferralsSent(store, engine, library, due, "file:" + path,
                            domain::ReferralStatus::kSent, now);
  });
  if (!written) return written.error();
  accounts.Audit({"", actor, "exported_referrals", "", "",
                  fmt::format("{} to {}{}", n, path, OfOrganisation(organisation)), "feed"});
  return FeedRun{n, path};
}

core::Result<FeedRun> PushReferrals(storage::CaseStore& store, storage::AccountStore& accounts,
                                    const rules::ObligationEngine& engine,
                                    const rules::RuleLibrary& library,
                                    const std::string& organisation, const std::string& url,
                                    const std::string& token, const std::string& actor,
                                    core::Instant now) {
  const auto due = Due(store, accounts, organisation, 1000);
  if (due.empty()) return FeedRun{0, url};
  const auto posted = PostReferrals(url, token, due);
  if (!posted) return posted.error();
  const size_t n = RecordReferralsSent(store, engine, library, due, "http:" + url,
                                       domain::ReferralStatus::kReceived, now);
  accounts.Audit({"", actor, "pushed_referrals", "", "",
                  fmt::format("{} to {}{}", n, url, OfOrganisation(organisation)), "feed"});
  return FeedRun{n, url};
}

core::Result<FeedRun> RunReferralFeed(storage::CaseStore& store, storage::AccountStore& accounts,
                                      const rules::ObligationEngine& engine,
                                      const rules::RuleLibrary& library,
                                      const std::string& organisation, const ReferralFeed& feed,
                                      const std::string& actor, core::Instant now) {
  return feed.push_url.empty() ? ExportReferrals(store, accounts, engine, library, organisation,
                                                 feed.folder, feed.format, actor, now)
                               : PushReferrals(store, accounts, engine, library, organisation,
                                               feed.push_url, feed.token, actor, now);
}

core::Result<FeedRun> ResendReferrals(storage::AccountStore& accounts,
                                      const std::vector<Referral>& referrals,
                                      const ReferralFeed& to, const std::string& actor,
                                      core::Instant now) {
  if (referrals.empty()) return FeedRun{};
  const std::string organisation = referrals.front().organisation;
  FeedRun run{referrals.size(), to.push_url};
  if (!to.push_url.empty()) {
    const auto posted = PostReferrals(to.push_url, to.token, referrals);
    if (!posted) return posted.error();
  } else {
    if (to.format != "csv" && to.format != "json")
      return core::InvalidArgument("format: csv or json");
    const std::string name =
        organisation == kVictimSupport
            ? fmt::format("referrals-resent-{}.{}", now, to.format)
            : fmt::format("referrals-{}-resent-{}.{}", organisation, now, to.format);
    const auto written = DropFile(to.folder, name, FeedContent(to.format, referrals), [] {});
    if (!written) return written.error();
    run.where = *written;
  }
  accounts.Audit({"", actor, "resent_referrals", "", "",
                  fmt::format("{} to {}{}", run.sent, run.where, OfOrganisation(organisation)),
                  "feed"});
  return run;
}

namespace {

// Checks one update's fields (its status as written), setting u.status and adding problems
// found on `line`. "sent" is ours to say, not Victim Support's.
void Check(ReferralUpdate& u, const std::string& status, size_t line,
           std::vector<ReferralUpdateProblem>& problems) {
  if (u.key.empty()) problems.push_back({line, "referral_key", "is required"});
  const auto parsed = domain::ParseReferralStatus(status);
  if (parsed && *parsed != domain::ReferralStatus::kSent) {
    u.status = *parsed;
  } else {
    problems.push_back(
        {line, "status",
         fmt::format("\"{}\" is not one of {}", status, ReportedReferralStatuses())});
  }
  if (!core::ParseRfc3339(u.at))
    problems.push_back({line, "at", fmt::format("\"{}\" is not an RFC 3339 time", u.at)});
  if (u.note.size() > 2000) problems.push_back({line, "note", "is longer than 2,000 characters"});
}

}  // namespace

ReferralUpdates ParseReferralUpdatesCsv(std::string_view text) {
  ReferralUpdates out;
  const core::CsvTable table = core::ParseCsv(text);
  if (table.rows.empty()) {
    out.problems.push_back({1, "", "the file is empty"});
    return out;
  }
  const auto& header = table.rows[0];
  for (const char* need : {"referral_key", "status", "at"}) {
    if (std::find(header.begin(), header.end(), need) == header.end()) {
      out.problems.push_back(
          {table.lines[0], need, "the header has no such column (referral_key,status,at,note)"});
    }
  }
  if (!out.problems.empty()) return out;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& fields = table.rows[r];
    const size_t line = table.lines[r];
    ReferralUpdate u;
    std::string status;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) {
      if (header[i] == "referral_key") u.key = fields[i];
      if (header[i] == "status") status = fields[i];
      if (header[i] == "at") u.at = fields[i];
      if (header[i] == "note") u.note = fields[i];
    }
    if (fields.size() != header.size()) {
      out.problems.push_back(
          {line, "",
           fmt::format("{} fields where the header has {}", fields.size(), header.size())});
      continue;
    }
    Check(u, status, line, out.problems);
    out.updates.push_back(std::move(u));
  }
  return out;
}

ReferralUpdates ParseReferralUpdatesJson(std::string_view text) {
  ReferralUpdates out;
  if (const auto deep = core::JsonTooDeep(text)) {
    out.problems.push_back({1, "", "not accepted: " + *deep});
    return out;
  }
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !(j.is_array() || j.is_object())) {
    out.problems.push_back({1, "", "not a JSON array or object of updates"});
    return out;
  }
  const json items = j.is_array() ? j : json::array({j});
  for (size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    if (!item.is_object()) {
      out.problems.push_back({i + 1, "", "not an object"});
      continue;
    }
    ReferralUpdate u;
    u.key = StringField(item, "referral_key");
    u.at = StringField(item, "at");
    u.note = StringField(item, "note");
    Check(u, StringField(item, "status"), i + 1, out.problems);
    out.updates.push_back(std::move(u));
  }
  return out;
}

core::Result<size_t> ApplyReferralUpdates(storage::CaseStore& store,
                                          storage::AccountStore& accounts,
                                          const std::vector<ReferralUpdate>& updates,
                                          const std::string& actor, core::Instant now,
                                          const std::string& organisation,
                                          std::vector<ReferralUpdateProblem>& problems) {
  constexpr core::Instant kClockSkew = int64_t{5} * 60 * 1000;  // a partner's clock a little ahead
  for (size_t i = 0; i < updates.size(); ++i) {
    auto referral = updates[i].key.empty() ? std::nullopt : store.Referral(updates[i].key);
    if (referral && !organisation.empty() && referral->organisation != organisation)
      referral.reset();  // another organisation's: as unknown, so that none learns of it
    if (!updates[i].key.empty() && !referral) {
      problems.push_back(
          {i + 1, "referral_key", fmt::format("\"{}\" is not a referral we sent", updates[i].key)});
    }
    const auto at = core::ParseRfc3339(updates[i].at);
    if (at && *at > now + kClockSkew) {
      problems.push_back({i + 1, "at",
                          fmt::format("\"{}\" is in the future (it is {} now)", updates[i].at,
                                      events::FormatInstant(now / 1000 * 1000))});
    }
  }
  if (!problems.empty())
    return core::InvalidArgument(fmt::format("{} problem(s): nothing applied", problems.size()));
  std::vector<storage::AuditEntry>
      audit;  // written once committed: the account store may be another connection
  storage::Transaction tx(store);
  for (const auto& u : updates) {
    const auto current = store.Referral(u.key);
    const auto at = *core::ParseRfc3339(u.at);
    const auto held = core::ParseRfc3339(current->status_at);
    if (current->status == u.status && current->note == u.note) continue;
    if (held && at < *held) continue;  // an older word than the one we hold
    const std::string when = events::FormatInstant(at);
    store.SetReferralStatus(u.key, u.status, when, u.note);
    audit.push_back({"", actor, "referral_status", current->crime, current->person,
                     fmt::format("{}: {}", u.key, domain::Name(u.status)), "feed"});
  }
  tx.Commit();
  for (const auto& a : audit) accounts.Audit(a);
  return audit.size();
}

std::string ReportedReferralStatuses() {
  std::string out;
  for (const auto name : domain::ReferralStatusNames()) {
    if (name == domain::Name(domain::ReferralStatus::kSent)) continue;
    out += fmt::format("{}{}", out.empty() ? "" : ", ", name);
  }
  return out;
}

std::string ReferralsOrganisationOf(const storage::User& user) {
  return HasRole(user, domain::StaffRole::kPartner) ? std::string(kVictimSupport) : std::string();
}

core::Result<std::vector<storage::ReferralRow>> ListReferralsAs(
    Services& s, const Actor& actor, std::optional<domain::ReferralStatus> status, size_t limit) {
  if (!MayUpdateReferrals(actor.user))
    return core::PermissionDenied("referral statuses are for Victim Support's system and admins");
  auto rows = s.cases.Referrals(status, ReferralsOrganisationOf(actor.user), limit);
  AuditAs(s, actor, "viewed_referrals", "", status ? std::string(domain::Name(*status)) : "all");
  return rows;
}

}  // namespace cf::app
