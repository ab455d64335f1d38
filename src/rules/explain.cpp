#include "rules/explain.hpp"

#include <fmt/format.h>

#include <limits>

#include "domain/vocabulary.hpp"
#include "rules/case_view.hpp"
#include "rules/enhanced.hpp"

namespace cf::rules {
namespace {

// A wire name in words: "suspect.arrested" -> "suspect arrested".
std::string Words(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '.' || c == '_') c = ' ';
  }
  return out;
}

// "2nd", "3rd", "11th", "22nd".
std::string Ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return fmt::format("{}{}", n, suffix);
}

// "the suspect arrested event on Tue 24 Dec 2024 (event e4)": dates are London dates.
std::string EventLabel(const Event& e) {
  return fmt::format("the {} event on {} (event {})", Words(domain::Name(e.type)),
                     e.date.ToLongString(), e.id);
}

const char* AnchorText(AnchorKind k) {
  switch (k) {
    case AnchorKind::kStart:
      return "the person's start on the case";
    case AnchorKind::kUpdate:
      return "the update given that day";
    case AnchorKind::kReopened:
      return "the case being reopened";
    case AnchorKind::kOptedBackIn:
      return "the person opting back in to updates";
  }
  return "";
}

}  // namespace

core::Result<std::string> ExplainWorkingDays(const calendar::WorkingDayCalendar& cal, Date day0,
                                             int n) {
  const auto deadline = cal.AddWorkingDays(day0, n);
  if (!deadline) return deadline.error();
  std::string out = fmt::format("  Day 0 is {} (it never counts).\n", day0.ToLongString());
  int counted = 0;
  for (Date d = day0.AddDays(1); d <= *deadline; d = d.AddDays(1)) {
    if (d.IsWeekend()) {
      out += fmt::format("  {}: skipped, weekend\n", d.ToLongString());
    } else if (const std::string* title = cal.HolidayTitle(d)) {
      out += fmt::format("  {}: skipped, bank holiday ({})\n", d.ToLongString(), *title);
    } else {
      out += fmt::format("  {}: working day {} of {}\n", d.ToLongString(), ++counted, n);
    }
  }
  out += fmt::format("  Deadline: {} (end of that day).\n", deadline->ToLongString());
  return out;
}

std::vector<std::string> EnhancedReasons(const RuleSet& rs, const CaseFile& file,
                                         std::string_view person, Date as_of) {
  CaseView view;
  BuildCaseView(file, as_of, view);
  const int pi = view.FindPerson(person);
  if (pi < 0) return {};
  const PersonView& p = view.persons[pi];
  const Instant end = std::numeric_limits<Instant>::max();  // the view holds nothing after as_of
  return CategoryReasons(rs, view, p, CategoriesAt(rs, view, p, end, as_of, /*by_date=*/true), end);
}

std::string Explain(const ObligationEngine& engine, const CaseFile& file, const Obligation& o,
                    Date as_of, const std::map<std::string, std::string>* names) {
  auto who = [names](std::string_view id) {
    std::string text(id);
    if (names != nullptr) {
      if (const auto it = names->find(text); it != names->end() && !it->second.empty())
        return fmt::format("{} ({})", it->second, id);
    }
    return text;
  };
  CaseView view;
  BuildCaseView(file, as_of, view);
  const RuleSet& rs = *o.rule_set;
  const int pi = view.FindPerson(o.person);
  const PersonView& p = view.persons[pi];
  std::string out;
  const std::string role = Words(domain::Name(p.role));
  const std::string title(o.duty != nullptr ? domain::DutyTitle(o.DutyId())
                                            : domain::DutyTitle("periodic_update"));
  out += fmt::format("{}: what {}, the {}, is owed on crime {}, worked out as of {}", title,
                     who(o.person), role, file.crime, as_of.ToLongString());
  out += o.instance > 1 ? fmt::format(", for the {} time.\n", Ordinal(o.instance)) : ".\n";
  out += fmt::format("It is a duty of the {}, in force from {} [{}].\n", rs.title,
                     rs.in_force.ToLongString(), rs.source);
  if (o.duty != nullptr) {
    out += fmt::format("The duty: {} [{}].\n", o.duty->message, o.duty->source);
    if (o.trigger->type == domain::EventType::kDecisionNoCharge && o.trigger->vrr_eligible &&
        !o.duty->vrr_message.empty()) {
      out += fmt::format("Also: {}.\n", o.duty->vrr_message);
    }
  } else {
    out += fmt::format("The duty: {} [{}].\n", rs.periodic->message, rs.periodic->source);
  }

  out += "\nWhy it is owed: ";
  if (o.duty != nullptr) {
    if (o.consent_triggered) {
      out += fmt::format(
          "referral for this case needs the person's consent (or its crime type is "
          "excluded), so it runs from their first consent, {}.\n",
          EventLabel(*o.trigger));
    } else if (o.duty->kind == DutyKind::kEvent) {
      out += fmt::format(
          "it was started by {}. {} was on the case then, as a {}, and the {} owes this duty "
          "to a {}.\n",
          EventLabel(*o.trigger), who(o.person), role, rs.title, role);
    } else {
      out += fmt::format("it is owed from the person's start on the case, {}.\n",
                         EventLabel(*o.trigger));
    }
  } else {
    const auto& pd = o.periodic;
    out += fmt::format(
        "run {} of regular updates began on {} with {}; this is update {} of that run, "
        "counted from {}.\n",
        pd.run_index + 1, pd.anchor.ToLongString(), AnchorText(pd.anchor_kind), pd.index_in_run,
        o.trigger_date.ToLongString());
  }

  out += "\nService level: ";
  if (o.duty != nullptr) {
    if (o.enhanced) {
      out += "enhanced, because when it was started the person was:\n";
      Instant trigger_at = 0;
      for (const Item& item : view.items) {
        if (item.e == o.trigger) trigger_at = item.t;
      }
      for (const auto& reason : CategoryReasons(rs, view, p, o.categories, trigger_at)) {
        out += fmt::format("  - {}\n", reason);
      }
    } else {
      out += "standard: no enhanced category applied when it was started.\n";
    }
  } else {
    out += o.enhanced ? "enhanced, on the local policy's schedule.\n"
                      : "regular updates have one service level under the Code.\n";
  }

  out += "\nDeadline:\n";
  if (o.duty != nullptr) {
    out += fmt::format("  Within {} working days of {}{}.\n", o.working_days,
                       o.trigger_date.ToLongString(),
                       o.policy_shortened ? " (a local policy shortened the Code's deadline)" : "");
    const auto arithmetic = ExplainWorkingDays(engine.calendar(), o.trigger_date, o.working_days);
    out += arithmetic ? *arithmetic : fmt::format("  {}\n", arithmetic.error().message);
  } else {
    const auto& pd = o.periodic;
    if (pd.period_days == 0) {
      out += fmt::format(
          "  {} calendar month(s) from the run's anchor {} (same day of the month, "
          "clamped to the month's end): {}.\n",
          pd.index_in_run, pd.anchor.ToLongString(), pd.code_deadline.ToLongString());
    } else {
      out += fmt::format("  {} calendar days after {} ({}): {}.\n", pd.period_days,
                         pd.reference.ToLongString(),
                         pd.index_in_run == 1 ? "the run's anchor" : "the previous deadline",
                         pd.code_deadline.ToLongString());
      out += pd.period_from != nullptr
                 ? fmt::format("  The period comes from the contact plan agreed in {}.\n",
                               EventLabel(*pd.period_from))
                 : fmt::format(
                       "  No contact plan with a frequency was agreed by then: the rule "
                       "set's default of {} days applies.\n",
                       rs.periodic->default_days);
    }
    if (pd.replanned_by != nullptr) {
      out += fmt::format("  Brought forward by the new contact plan in {}.\n",
                         EventLabel(*pd.replanned_by));
    }
    if (o.policy_shortened) out += "  A local policy's schedule made it earlier.\n";
    out += fmt::format("  Deadline: {}.\n", o.deadline.ToLongString());
  }
  if (o.remind_on) out += fmt::format("  Reminder due {}.\n", o.remind_on->ToLongString());

  out += fmt::format("\nStatus as of {}: {}.\n", as_of.ToLongString(), Words(Name(o.status)));
  if (o.met_by != nullptr) {
    out += fmt::format("  Met by {}{}.\n", EventLabel(*o.met_by),
                       *o.met_at <= o.deadline ? ", on time" : ", after the deadline");
    if (o.met_by->type == domain::EventType::kContactMade && o.met_by->person != o.person) {
      out += fmt::format("  That contact was with {}, who represents {}.\n", who(o.met_by->person),
                         who(o.person));
    }
  }
  switch (o.reason) {
    case NotRequiredReason::kNone:
      break;
    case NotRequiredReason::kReferralOptedOut:
      out += fmt::format("  Not required: the person opted out of referral in {}.\n",
                         EventLabel(*o.reason_event));
      break;
    case NotRequiredReason::kOptedOutOfUpdates:
      out += fmt::format("  Not required: the person opted out of being kept informed in {}.\n",
                         EventLabel(*o.reason_event));
      break;
    case NotRequiredReason::kCaseClosed:
      out += fmt::format("  Not required: the case was closed in {} before this update fell due.\n",
                         EventLabel(*o.reason_event));
      break;
  }
  if (o.status == ObligationStatus::kOverdue) {
    out += "  Nothing satisfying it has been recorded and the deadline has passed.\n";
  } else if (o.status == ObligationStatus::kOpen) {
    out += "  Nothing satisfying it has been recorded yet; the deadline has not passed.\n";
  }
  return out;
}

}  // namespace cf::rules
