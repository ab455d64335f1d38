#include "app/digests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "app/dip_sampling.hpp"
#include "app/force_settings.hpp"
#include "app/letters.hpp"
#include "app/rota.hpp"
#include "app/work_queue.hpp"
#include "core/escape.hpp"
#include "core/london_time.hpp"
#include "events/jsonl_writer.hpp"
#include "notify/email.hpp"

namespace cf::app {
namespace {

constexpr const char* kFindings = "findings";
constexpr const char* kShift = "shift";
constexpr const char* kTeam = "team";
constexpr size_t kDigestLines = 50;  // lines listed in a digest; the rest are on the queue

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

// Where the staff app is, without a trailing slash; "" until the force sets it (no links then:
// never one to localhost).
std::string StaffUrl(Services& s) {
  std::string staff_url = s.cases.Setting("staff_url").value_or("");
  while (!staff_url.empty() && staff_url.back() == '/') staff_url.pop_back();
  return staff_url;
}

// A digest email to a member of staff, as the outbox keeps it; `key` makes it unique.
storage::OutboxMessage StaffEmail(Services& s, const storage::User& user, const std::string& key,
                                  const std::string& template_id, const std::string& subject,
                                  const std::vector<std::string>& paragraphs) {
  const std::vector<std::string> closing = {"Citizen Focus", SettingValue(s.cases, "force_name")};
  storage::OutboxMessage m;
  m.idempotency_key = key;
  m.crime = "";
  m.person = "staff:" + user.name;
  m.channel = "email";
  m.recipient = user.email;
  m.template_id = template_id;
  m.lang = "en";
  m.subject = core::EscapeMarkup(subject);
  m.body_text = notify::EmailText(paragraphs, closing);
  m.body_html = notify::EmailHtml(m.subject, paragraphs, closing);
  m.status = domain::OutboxStatus::kCreated;
  m.created_by = "digests";
  m.created_at = Rfc3339(s.Now());
  m.updated_at = m.created_at;
  m.next_attempt_at = m.created_at;
  return m;
}

std::string Digits(std::string_view text) {
  std::string out;
  for (const char c : text)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

// Queues `message` (unless `message` is null: nothing to send), records the digest and audits
// it, in one transaction.
void RecordDigest(Services& s, const storage::User& user, const std::string& kind,
                  const std::string& through, const storage::OutboxMessage* message,
                  const std::string& detail) {
  storage::Transaction tx(s.cases);
  const int64_t id = message != nullptr ? s.cases.AddOutbox(*message) : 0;
  s.accounts.AddDigest({user.name, kind, through, s.Today(), id});
  if (message != nullptr) {
    s.accounts.Audit({"", "digests", "sent_" + kind + "_digest", "", "",
                      fmt::format("to {}: {}, outbox {}", user.name, detail, id), "worker"});
  }
  tx.Commit();
}

// A digest's paragraphs, each escaped, opening with "Hello NAME,".
class DigestText {
 public:
  explicit DigestText(const storage::User& user) {
    Add(fmt::format("Hello {},", user.full_name.empty() ? user.name : user.full_name));
  }
  void Add(const std::string& text) { paragraphs_.push_back(core::EscapeMarkup(text)); }
  const std::vector<std::string>& paragraphs() const { return paragraphs_; }

 private:
  std::vector<std::string> paragraphs_;
};

// One line of a digest: "Overdue by 2 working days: 14/0000002/26, V1: Tell them ... (due
// Tuesday 1 December 2026)". People are named by their id on the case, never by name: a digest
// is an email, and the queue shows the rest.
std::string DueLine(const DueItem& i, core::Date today) {
  std::string when = i.overdue
                         ? (i.working_days_overdue > 0
                                ? fmt::format("Overdue by {} working day{}", i.working_days_overdue,
                                              i.working_days_overdue == 1 ? "" : "s")
                                : std::string("Overdue"))
                     : IsReminder(i, today)    ? std::string("Reminder")
                     : i.row.deadline == today ? std::string("Due today")
                                               : std::string("Due");
  return fmt::format("{}: {}, {}: {} (due {}){}", when, i.row.crime, i.row.person, i.what,
                     WrittenDate(i.row.deadline, "en"),
                     i.more_updates > 0
                         ? fmt::format("; it also covers {} later update{}", i.more_updates,
                                       i.more_updates == 1 ? "" : "s")
                         : "");
}

storage::OutboxMessage FindingsEmail(Services& s, const storage::User& officer,
                                     const std::vector<storage::DipSampleReview>& reviews,
                                     const std::string& through) {
  const std::string staff_url = StaffUrl(s);
  const std::string subject =
      reviews.size() == 1
          ? "1 of your cases was reviewed in a dip sample"
          : fmt::format("{} of your cases were reviewed in dip samples", reviews.size());
  DigestText text(officer);
  text.Add(fmt::format(
      "Your supervisors reviewed {} since your last digest, against the force's quality "
      "checks. What they found is below, and on your work page{}",
      reviews.size() == 1 ? "1 of your cases" : fmt::format("{} of your cases", reviews.size()),
      staff_url.empty() ? "." : ": " + staff_url + "/"));
  for (const auto& r : reviews) {
    text.Add(fmt::format("{}: {}% of the checks met. Reviewed by {} on {}.", r.crime, r.score,
                         StaffLabel(s, r.reviewed_by),
                         core::Date::Parse(r.reviewed_at.substr(0, 10))
                             .value_or(core::Date::FromDays(0))
                             .ToDayMonthYear()));
    const std::string improve = ToImprove(r);
    if (!improve.empty()) text.Add("To improve: " + improve + ".");
    text.Add(r.findings.empty() ? "No findings: all as it should be." : "Findings: " + r.findings);
    if (!staff_url.empty())
      text.Add(fmt::format("The case: {}/cases/{}", staff_url, core::EscapePathSegment(r.crime)));
  }
  return StaffEmail(s, officer, fmt::format("digest-findings-u{}-{}", officer.id, Digits(through)),
                    "findings_digest", subject, text.paragraphs());
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
    const auto message = FindingsEmail(s, *officer, reviews, through);
    RecordDigest(s, *officer, kFindings, through, &message,
                 fmt::format("{} review(s)", reviews.size()));
    ++run.sent;
    run.reviews += reviews.size();
  }
  return run;
}

DigestRun SendShiftDigests(Services& s) {
  DigestRun run;
  const core::Date today = s.Today();
  const core::Instant now = s.Now();
  core::LondonDates dates;
  const std::string staff_url = StaffUrl(s);
  for (const auto& user : s.accounts.Users()) {
    if (user.role != domain::StaffRole::kOfficer || user.officer.empty()) continue;
    // The shift that begins today, once it has begun.
    std::optional<storage::Shift> shift;
    for (auto& sh : NextShiftsOf(s, user.name, 2)) {
      if (sh.starts_at.size() >= 16 && core::Date::Parse(sh.starts_at.substr(0, 10)) == today) {
        shift = std::move(sh);
        break;
      }
    }
    if (!shift) continue;
    const auto at = [&](const std::string& wall) {
      const auto day = core::Date::Parse(wall.substr(0, 10)).value_or(today);
      return dates.At(day, std::stoi(wall.substr(11, 2)) * 60 + std::stoi(wall.substr(14, 2)));
    };
    if (now < at(shift->starts_at)) continue;
    if (const auto last = s.accounts.LastDigest(user.name, kShift);
        last && last->through == shift->starts_at)
      continue;  // this shift's digest is done
    if (user.disabled || user.email.empty()) {
      ++run.no_email;
      continue;
    }
    if (LeaveToday(s, user.officer)) {
      ++run.on_leave;
      continue;
    }
    // What is overdue, falls due by the shift's end, or has its policy reminder.
    const core::Date ends = core::Date::Parse(shift->ends_at.substr(0, 10)).value_or(today);
    auto list = Due(s.cases, s.engine, s.library, storage::Scope{user.officer, ""}, today, 0);
    std::vector<const DueItem*> items;
    for (const auto& i : list.items) {
      if (i.overdue || i.row.deadline <= ends || IsReminder(i, today)) items.push_back(&i);
    }
    if (items.empty()) {
      RecordDigest(s, user, kShift, shift->starts_at, nullptr, "");  // nothing to tell
      continue;
    }
    const size_t overdue = static_cast<size_t>(
        std::count_if(items.begin(), items.end(), [](const DueItem* i) { return i->overdue; }));
    DigestText text(user);
    text.Add(
        fmt::format("Your shift starts at {} on {} and ends at {}. These are the actions on your "
                    "cases that are overdue, fall due by its end, or have reached the force's "
                    "reminder day, most urgent first. Your queue has the people's details{}",
                    ClockWords(shift->starts_at.substr(11, 5), "en"), WrittenDate(today, "en"),
                    ClockWords(shift->ends_at.substr(11, 5), "en"),
                    staff_url.empty() ? "." : ": " + staff_url + "/"));
    for (size_t n = 0; n < items.size() && n < kDigestLines; ++n)
      text.Add(DueLine(*items[n], today));
    if (items.size() > kDigestLines)
      text.Add(fmt::format("And {} more on your queue.", items.size() - kDigestLines));
    const std::string subject =
        overdue > 0 ? fmt::format("Your shift: {} overdue, {} to do in all", overdue, items.size())
                    : fmt::format("Your shift: {} to do", items.size());
    const auto message =
        StaffEmail(s, user, fmt::format("digest-shift-u{}-{}", user.id, Digits(shift->starts_at)),
                   "shift_digest", subject, text.paragraphs());
    RecordDigest(s, user, kShift, shift->starts_at, &message,
                 fmt::format("{} item(s)", items.size()));
    ++run.sent;
    run.items += items.size();
  }
  return run;
}

DigestRun SendTeamDigests(Services& s) {
  DigestRun run;
  const core::Date today = s.Today();
  const core::Instant now = s.Now();
  core::LondonDates dates;
  const std::string staff_url = StaffUrl(s);
  for (const auto& user : s.accounts.Users()) {
    if (user.role != domain::StaffRole::kSupervisor || user.unit.empty()) continue;
    if (const auto last = s.accounts.LastDigest(user.name, kTeam); last && last->sent_on == today)
      continue;  // one a day
    if (now < DueToday(s, dates, user)) continue;
    if (user.disabled || user.email.empty()) {
      ++run.no_email;
      continue;
    }
    if (!user.officer.empty() && LeaveToday(s, user.officer)) {
      ++run.on_leave;
      continue;
    }
    QueueFilter filter;
    filter.scope.unit = user.unit;
    filter.as_of = today;
    filter.rag = rules::Rag::kRed;
    filter.limit = kDigestLines;
    const auto list = Due(s.cases, s.engine, s.library, filter);
    if (list.red == 0) {
      RecordDigest(s, user, kTeam, today.ToString(), nullptr, "");  // nothing red today
      continue;
    }
    DigestText text(user);
    text.Add(
        fmt::format("On {}, your team (unit {}) has {} red item{}: overdue by more than the "
                    "force allows. By officer, reddest first:",
                    WrittenDate(today, "en"), user.unit, list.red, list.red == 1 ? "" : "s"));
    std::string by_officer;
    for (const auto& load : TeamLoad(s.cases, s.engine, s.library, user.unit, today, &s.accounts)) {
      if (load.red == 0) continue;
      by_officer +=
          fmt::format("{}{}: {} red{}", by_officer.empty() ? "" : "; ", StaffLabel(s, load.officer),
                      load.red, load.leave ? " (on leave or soon)" : "");
    }
    text.Add(by_officer + ".");
    for (const auto& i : list.items)
      text.Add(fmt::format("{} ({})", DueLine(i, today), StaffLabel(s, i.row.officer)));
    if (list.red > static_cast<int64_t>(list.items.size()))
      text.Add(fmt::format("And {} more on the team's queue{}.", list.red - list.items.size(),
                           staff_url.empty() ? "" : ": " + staff_url + "/"));
    const auto message = StaffEmail(
        s, user, fmt::format("digest-team-u{}-{}", user.id, Digits(today.ToString())),
        "team_digest", fmt::format("Your team: {} red item{}", list.red, list.red == 1 ? "" : "s"),
        text.paragraphs());
    RecordDigest(s, user, kTeam, today.ToString(), &message, fmt::format("{} red", list.red));
    ++run.sent;
    run.items += static_cast<size_t>(list.red);
  }
  return run;
}

}  // namespace cf::app
