#include "app/work_queue.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "app/case_derivation.hpp"
#include "core/budget.hpp"
#include "storage/queue_query.hpp"

namespace cf::app {
std::string WhatToDo(const rules::RuleLibrary& library, const storage::ObligationRow& row) {
  const rules::RuleSet* rs = library.FindRuleSet(row.rule_set);
  if (rs == nullptr) return row.duty;
  if (const rules::Duty* d = rs->FindDuty(row.duty)) return d->message;
  return rs->periodic ? rs->periodic->message : row.duty;
}

bool IsReminder(const DueItem& item, core::Date as_of) {
  return !item.overdue && item.row.remind_on && *item.row.remind_on <= as_of &&
         as_of < item.row.deadline;
}

std::string DueListJson(const DueList& list, core::Date as_of, int indent) {
  using nlohmann::json;
  json j = {{"as_of", as_of.ToString()}, {"total", list.total},   {"red", list.red},
            {"amber", list.amber},       {"green", list.green},   {"lines", list.lines},
            {"offset", list.offset},     {"items", json::array()}};
  for (const auto& i : list.items) {
    j["items"].push_back(
        {{"rag", rules::Name(i.rag)},
         {"status", i.overdue ? "overdue" : "open"},
         {"deadline", i.row.deadline.ToString()},
         {"working_days_overdue", i.working_days_overdue},
         {"crime", i.row.crime},
         {"person", i.row.person},
         {"person_name", i.person_name},
         {"duty", i.row.duty},
         {"instance", i.row.instance},
         {"enhanced", i.row.enhanced},
         {"officer", i.row.officer},
         {"unit", i.row.unit},
         {"what", i.what},
         {"more_updates", i.more_updates},
         {"remind_on", i.row.remind_on ? json(i.row.remind_on->ToString()) : json(nullptr)},
         {"reminder", IsReminder(i, as_of)}});
  }
  return j.dump(indent);
}

int64_t ObligationsShown(const DueList& list) {
  int64_t n = 0;
  for (const auto& i : list.items) n += 1 + i.more_updates;
  return n;
}

namespace {

// The latest deadline that is red on `as_of`: overdue by more than `red_after` working days.
core::Date LatestRedDeadline(const calendar::WorkingDayCalendar& cal, core::Date as_of,
                             int red_after) {
  core::Date d = as_of.AddDays(-1);
  for (int guard = 0; guard < 400; ++guard, d = d.AddDays(-1)) {
    const auto n = cal.CountWorkingDays(d, as_of);
    if ((n ? *n : as_of.days() - d.days()) > red_after) return d;
  }
  return d;
}

}  // namespace

DueList Due(storage::CaseStore& store, const rules::ObligationEngine& engine,
            const rules::RuleLibrary& library, const QueueFilter& filter) {
  DueList out;
  const rules::Selection selection = StoredSelection(store, library);
  const int red_after = selection.policy ? selection.policy->red_after_overdue_working_days : 1;
  const auto& cal = engine.calendar();
  const core::Date as_of = filter.as_of;
  const core::Date red_until = LatestRedDeadline(cal, as_of, red_after);

  storage::QueueQuery q;
  q.scope = filter.scope;
  q.as_of = as_of;
  q.duty = filter.duty;
  q.crime_type = filter.crime_type;
  q.enhanced_only = filter.enhanced_only;
  q.sort = filter.sort;
  q.offset = filter.offset;
  q.limit = filter.limit;
  if (filter.rag == rules::Rag::kRed) q.due_by = red_until;
  if (filter.rag == rules::Rag::kAmber) {
    q.due_after = red_until;
    q.due_by = as_of;
  }
  if (filter.rag == rules::Rag::kGreen) q.due_after = as_of;

  // A read writes nothing: cases stored with events after `as_of`, or whose periodic updates
  // were stored before it, are computed for the day from their log, in memory. (The server's
  // roll-forward job and `citizenfocus advance` store the day's state; then this is empty.)
  const auto& scope = filter.scope;
  auto live = store.CrimesWithEventsAfter(scope, as_of);
  out.computed_live = live.size();
  for (auto& crime : store.CrimesToRollForward(scope, as_of)) {
    if (std::find(live.begin(), live.end(), crime) != live.end()) continue;
    live.push_back(std::move(crime));
    ++out.rolled_forward;
  }
  storage::QueuePage page;
  if (live.empty()) {
    page = store.Queue(q);
    const auto counts = store.CountOpen(scope, as_of, red_until);
    out.total = counts.total;
    out.red = counts.due_by_red_until;
    out.amber = counts.due_by_as_of - counts.due_by_red_until;
  } else {
    // Stored rows of these cases know the future: replace them with the day's view.
    const std::unordered_set<std::string> skip(live.begin(), live.end());
    auto all = q;
    all.offset = 0;
    all.limit = 0;
    std::vector<storage::QueueLine> lines;
    for (auto& l : store.Queue(all).lines) {
      if (!skip.count(l.row.crime)) lines.push_back(std::move(l));
    }
    auto tally = [&](const storage::ObligationRow& r) {
      ++out.total;
      out.red += r.deadline <= red_until;
      out.amber += r.deadline > red_until && r.deadline <= as_of;
    };
    for (const auto& r : store.OpenObligations(scope, as_of, 0)) {
      if (!skip.count(r.crime)) tally(r);
    }
    for (const auto& crime : live) {
      core::CheckBudget();
      const auto file = ParseStoredCase(crime, store.EventBodies(crime));
      const auto derived = DeriveCase(file, engine, selection, as_of);
      for (const auto& r : derived.obligations) {
        if (!r.settled && !r.case_closed && r.trigger_date <= as_of) tally(r);
      }
      auto name_of = [&](const std::string&, const std::string& person) {
        for (const auto& p : derived.people) {
          if (p.person == person) return p.display_name;
        }
        return std::string();
      };
      for (auto& l : storage::QueueLinesOf(q, derived.obligations, name_of))
        lines.push_back(std::move(l));
    }
    page = storage::PageOf(q, std::move(lines));
  }
  out.green = out.total - out.red - out.amber;
  out.lines = page.total;
  out.offset = q.offset;

  for (auto& line : page.lines) {
    DueItem item;
    rules::Obligation o;
    o.deadline = line.row.deadline;
    item.overdue = as_of > line.row.deadline;
    item.rag = rules::RagFor(o, as_of, cal, red_after);
    item.working_days_overdue = rules::WorkingDaysOverdue(o, as_of, cal);
    item.what = WhatToDo(library, line.row);
    item.more_updates = line.more_updates;
    item.person_name = std::move(line.person_name);
    item.row = std::move(line.row);
    out.items.push_back(std::move(item));
  }
  return out;
}

DueList Due(storage::CaseStore& store, const rules::ObligationEngine& engine,
            const rules::RuleLibrary& library, const storage::Scope& scope, core::Date as_of,
            size_t limit) {
  QueueFilter filter;
  filter.scope = scope;
  filter.as_of = as_of;
  filter.limit = limit;
  return Due(store, engine, library, filter);
}

std::vector<OfficerLoad> TeamLoad(storage::CaseStore& store, const rules::ObligationEngine& engine,
                                  const rules::RuleLibrary& library, const std::string& unit,
                                  core::Date as_of, storage::AccountStore* accounts) {
  const rules::Selection selection = StoredSelection(store, library);
  const int red_after = selection.policy ? selection.policy->red_after_overdue_working_days : 1;
  const core::Date red_until = LatestRedDeadline(engine.calendar(), as_of, red_after);
  std::map<std::string, storage::CaseStore::OpenCounts> counts;  // by officer
  std::vector<std::string> order;  // reddest first, as the store gives them
  for (const auto& o : store.CountOpenByOfficer(unit, as_of, red_until)) {
    order.push_back(o.officer);
    counts[o.officer] = o.counts;
  }
  // Cases not yet brought forward to `as_of`: their stored rows give way, in memory, to the
  // day's (a read writes nothing; see Due).
  auto tally = [&](const storage::ObligationRow& r, int64_t sign) {
    if (r.settled || r.case_closed || r.unit != unit || r.trigger_date > as_of) return;
    auto& c = counts[r.officer];
    if (std::find(order.begin(), order.end(), r.officer) == order.end()) order.push_back(r.officer);
    c.total += sign;
    c.due_by_red_until += sign * (r.deadline <= red_until);
    c.due_by_as_of += sign * (r.deadline <= as_of);
  };
  // Likewise cases with events after `as_of`: their stored rows know the future.
  auto recompute = store.CrimesWithEventsAfter({"", unit}, as_of);
  for (auto& crime : store.CrimesToRollForward({"", unit}, as_of)) {
    if (std::find(recompute.begin(), recompute.end(), crime) == recompute.end())
      recompute.push_back(std::move(crime));
  }
  for (const auto& crime : recompute) {
    core::CheckBudget();
    for (const auto& r : store.CaseObligations(crime)) tally(r, -1);
    const auto file = ParseStoredCase(crime, store.EventBodies(crime));
    for (const auto& r : DeriveCase(file, engine, selection, as_of).obligations) tally(r, +1);
  }
  std::vector<OfficerLoad> out;
  for (const auto& officer : order) {
    const auto& c = counts[officer];
    if (c.total == 0) continue;
    out.push_back({officer, c.due_by_red_until, c.due_by_as_of - c.due_by_red_until, c.total,
                   std::nullopt, 0});
  }
  std::stable_sort(out.begin(), out.end(), [](const OfficerLoad& a, const OfficerLoad& b) {
    return a.red != b.red ? a.red > b.red : a.amber > b.amber;
  });
  if (accounts == nullptr) return out;
  // Officers of the unit with no open work still matter if they are going on leave.
  for (const auto& u : accounts->UsersInUnit(unit)) {
    if (std::none_of(out.begin(), out.end(),
                     [&](const OfficerLoad& l) { return l.officer == u.officer; })) {
      out.push_back({u.officer, 0, 0, 0, std::nullopt, 0});
    }
  }
  const core::Date horizon = as_of.AddDays(14);
  for (auto& load : out) {
    for (const auto& leave : accounts->LeaveFrom(load.officer, as_of)) {
      if (leave.starts_on > horizon) break;
      load.leave = leave;
      for (const auto& row : store.OpenObligations({load.officer, unit}, leave.ends_on, 0)) {
        load.due_during_leave += row.deadline >= leave.starts_on && row.deadline <= leave.ends_on;
      }
      break;
    }
  }
  std::erase_if(out, [](const OfficerLoad& l) { return l.total == 0 && !l.leave; });
  return out;
}

}  // namespace cf::app
