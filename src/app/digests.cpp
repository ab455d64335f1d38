#include "app/digests.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/dip_sampling.hpp"
#include "app/force_settings.hpp"
#include "app/rota.hpp"
#include "core/escape.hpp"
#include "core/london_time.hpp"
#include "events/jsonl_writer.hpp"
#include "notify/email.hpp"

namespace cf::app {
namespace {

constexpr const char* kFindings = "findings";

std::string Rfc3339(core::Instant t) { return events::FormatInstant(t / 1000 * 1000); }

// When today's digest may go: at the start of the officer's shift that begins today (the rota
// keeps London wall-clock times, "2025-03-03T10:00"), else from kDigestMinute. A night shift
// begun yesterday is not today's: its digest went at its start.
core::Instant DueToday(Services& s, core::LondonDates& dates, const storage::User& user) {
  const core::Date today = s.Today();
  const auto digits = [](std::string_view two) {
    return two.size() == 2 && std::isdigit(static_cast<unsigned char>(two[0])) &&
                   std::isdigit(static_cast<unsigned char>(two[1]))
               ? (two[0] - '0') * 10 + (two[1] - '0')
               : -1;
  };
  for (const auto& shift : NextShiftsOf(s, user.name, 2)) {
    const std::string_view at = shift.starts_at;
    if (at.size() < 16 || core::Date::Parse(at.substr(0, 10)) != today) continue;
    const int hours = digits(at.substr(11, 2)), minutes = digits(at.substr(14, 2));
    if (hours >= 0 && minutes >= 0) return dates.At(today, hours * 60 + minutes);
  }
  return dates.At(today, kDigestMinute);
}

// The rubric items a review did not find done: "Needs assessment done, and done well (partly)".
std::string ToImprove(const storage::DipSampleReview& review) {
  const auto answers = nlohmann::json::parse(review.rubric, nullptr, false);
  std::string out;
  if (!answers.is_object()) return out;
  for (const auto& item : DipSampleRubric()) {
    const auto it = answers.find(item.key);
    if (it == answers.end() || !it->is_string()) continue;
    const std::string answer = it->get<std::string>();
    if (answer != "no" && answer != "partly") continue;
    out += fmt::format("{}{} ({})", out.empty() ? "" : "; ", item.question,
                       answer == "no" ? "not done" : "partly");
  }
  return out;
}

storage::OutboxMessage FindingsEmail(Services& s, const storage::User& officer,
                                     const std::vector<storage::DipSampleReview>& reviews,
                                     const std::string& through) {
  const core::Instant now = s.Now();
  // Links only when the force has said where the staff app is: never one to localhost.
  std::string staff_url = s.cases.Setting("staff_url").value_or("");
  while (!staff_url.empty() && staff_url.back() == '/') staff_url.pop_back();
  const std::string subject =
      reviews.size() == 1
          ? "1 of your cases was reviewed in a dip sample"
          : fmt::format("{} of your cases were reviewed in dip samples", reviews.size());
  std::vector<std::string> paragraphs;
  const auto add = [&paragraphs](const std::string& text) {
    paragraphs.push_back(core::EscapeMarkup(text));
  };
  add(fmt::format("Hello {},", officer.full_name.empty() ? officer.name : officer.full_name));
  add(fmt::format(
      "Your supervisors reviewed {} since your last digest, against the force's quality "
      "checks. What they found is below, and on your work page{}",
      reviews.size() == 1 ? "1 of your cases" : fmt::format("{} of your cases", reviews.size()),
      staff_url.empty() ? "." : ": " + staff_url + "/"));
  for (const auto& r : reviews) {
    add(fmt::format("{}: {}% of the checks met. Reviewed by {} on {}.", r.crime, r.score,
                    StaffLabel(s, r.reviewed_by),
                    core::Date::Parse(r.reviewed_at.substr(0, 10))
                        .value_or(core::Date::FromDays(0))
                        .ToDayMonthYear()));
    const std::string improve = ToImprove(r);
    if (!improve.empty()) add("To improve: " + improve + ".");
    add(r.findings.empty() ? "No findings: all as it should be." : "Findings: " + r.findings);
    if (!staff_url.empty())
      add(fmt::format("The case: {}/cases/{}", staff_url, core::EscapePathSegment(r.crime)));
  }
  const std::vector<std::string> closing = {"Citizen Focus", SettingValue(s.cases, "force_name")};
  storage::OutboxMessage m;
  std::string stamp;
  for (const char c : through)
    if (c >= '0' && c <= '9') stamp += c;
  m.idempotency_key = fmt::format("digest-findings-u{}-{}", officer.id, stamp);
  m.crime = "";
  m.person = "staff:" + officer.name;
  m.channel = "email";
  m.recipient = officer.email;
  m.template_id = "findings_digest";
  m.lang = "en";
  m.subject = core::EscapeMarkup(subject);
  m.body_text = notify::EmailText(paragraphs, closing);
  m.body_html = notify::EmailHtml(m.subject, paragraphs, closing);
  m.status = domain::OutboxStatus::kCreated;
  m.created_by = "digests";
  m.created_at = Rfc3339(now);
  m.updated_at = m.created_at;
  m.next_attempt_at = m.created_at;
  return m;
}

}  // namespace

DigestRun SendFindingsDigests(Services& s) {
  DigestRun run;
  const core::Date today = s.Today();
  const core::Instant now = s.Now();
  core::LondonDates dates;
  // Newest first, so each officer's first is the newest they have. A first digest carries the
  // last kFindingsDays (as the work page shows); later ones all since, however long the
  // officer was away, up to kDigestDaysBack.
  const std::string first_since = today.AddDays(-kFindingsDays).ToString();
  std::map<std::string, std::vector<storage::DipSampleReview>> by_officer;
  for (auto& r : s.quality.ReviewsSince(today.AddDays(-kDigestDaysBack).ToString(), ""))
    if (!r.officer.empty()) by_officer[r.officer].push_back(std::move(r));
  for (auto& [officer_id, reviews] : by_officer) {
    const auto officer = s.accounts.UserForOfficer(officer_id);
    if (!officer || officer->disabled || officer->email.empty()) {
      ++run.no_email;
      continue;
    }
    const auto last = s.accounts.LastDigest(officer->name, kFindings);
    if (last && last->sent_on == today) continue;  // one a day
    std::erase_if(reviews, [&](const auto& r) {
      return last ? r.reviewed_at <= last->through : r.reviewed_at < first_since;
    });
    if (reviews.empty()) continue;
    if (LeaveToday(s, officer_id)) {
      ++run.on_leave;
      continue;
    }
    if (now < DueToday(s, dates, *officer)) continue;
    const std::string through = reviews.front().reviewed_at;
    auto message = FindingsEmail(s, *officer, reviews, through);
    storage::Transaction tx(s.cases);
    const int64_t id = s.cases.AddOutbox(message);
    s.accounts.AddDigest({officer->name, kFindings, through, today, id});
    s.accounts.Audit(
        {"", "digests", "sent_findings_digest", "", "",
         fmt::format("to {}: {} review(s), outbox {}", officer->name, reviews.size(), id),
         "worker"});
    tx.Commit();
    ++run.sent;
    run.reviews += reviews.size();
  }
  return run;
}

}  // namespace cf::app
