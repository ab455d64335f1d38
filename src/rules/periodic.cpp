#include "rules/periodic.hpp"

#include <algorithm>

#include "core/budget.hpp"
#include "rules/enhanced.hpp"

namespace cf::rules {
namespace {

using domain::EventType;

// The latest contract.agreed of the person dated on or before `d`, or nullptr.
const Event* LatestContract(const PersonView& p, Date d) {
  const Event* latest = nullptr;
  for (const Item* item : p.own) {
    if (item->d > d) break;
    if (item->e->type == EventType::kContractAgreed) latest = item->e;
  }
  return latest;
}

// Is the case closed at the end of `d`? If so, `since` is the date its closure began.
bool ClosedAtEnd(const CaseView& c, Date d, Date* since = nullptr) {
  bool closed = false;
  Date began;
  for (const Item* item : c.closures) {
    if (item->d > d) break;
    if (item->e->type == EventType::kCaseClosed) {
      if (!closed) began = item->d;
      closed = true;
    } else {
      closed = false;
    }
  }
  if (closed && since != nullptr) *since = began;
  return closed;
}

struct Instance {
  Obligation o;
  bool satisfied = false;
  bool frozen = false;               // unsatisfied when the case closed: never satisfied afterwards
  const Event* closed_by = nullptr;  // set when that made it not required
  Date closed_on;                    // the day it did, with closed_by
  // With frozen: the closure that froze it, and the closure's date.
  const Event* closure = nullptr;
  Date closed_since;
};

class PersonUpdates {
 public:
  PersonUpdates(const RuleSet& rs, const Policy* policy, const CaseView& c, const PersonView& p,
                Date as_of)
      : rs_(rs), rule_(*rs.periodic), policy_(policy), c_(c), p_(p), as_of_(as_of) {
    if (policy != nullptr && policy->standard_updates) {
      schedule_ = &*policy->standard_updates;
    }
  }

  void Run(std::vector<Obligation>& out) {
    const Date start = p_.start->d;
    if (start > as_of_) return;
    CollectDates(start);
    for (const Date x : dates_) {
      AdvanceTo(x);
      DayAnchors(x, start);
      DayUpdates(x);
      DayContracts(x);
      DayClosure(x);
    }
    AdvanceTo(as_of_);
    int n = 0;
    for (auto& inst : instances_) {
      Obligation& o = inst.o;
      o.instance = ++n;
      Date opted_out_since;
      const Event* opted_out = OptedOutAtEnd(p_, std::min(o.deadline, as_of_), &opted_out_since);
      const bool not_required = inst.closed_by != nullptr || opted_out != nullptr;
      o.status = StatusOn(o.deadline, o.met_at, not_required, as_of_);
      if (o.status == ObligationStatus::kNotRequired) {
        o.met_at.reset();  // a late update satisfies nothing once none was required
        o.met_by = nullptr;
        o.reason =
            inst.closed_by ? NotRequiredReason::kCaseClosed : NotRequiredReason::kOptedOutOfUpdates;
        o.reason_event = inst.closed_by ? inst.closed_by : opted_out;
        // Either rule makes it not required, so from the earlier of the two days.
        if (inst.closed_by != nullptr) o.not_required_on = inst.closed_on;
        if (opted_out != nullptr && (!o.not_required_on || opted_out_since < *o.not_required_on)) {
          o.not_required_on = opted_out_since;
        }
      }
      if (o.status != ObligationStatus::kOpen && o.status != ObligationStatus::kOverdue) {
        o.remind_on.reset();  // no reminder once updated or not required
      }
      out.push_back(o);
    }
  }

 private:
  // Dates on which something can change the runs: the start, counted updates, contracts,
  // closures and reopenings. Between them only deadlines move things on.
  void CollectDates(Date start) {
    dates_.push_back(start);
    for (const Item* item : p_.contacts) {
      if (!domain::IsInforming(item->e->contact_outcome)) continue;
      Date closed_since;
      // An update on a date at whose end the case is closed, after the closure date, is not one.
      if (ClosedAtEnd(c_, item->d, &closed_since) && item->d > closed_since) continue;
      if (update_dates_.empty() || update_dates_.back().first != item->d) {
        update_dates_.emplace_back(item->d, item->e);
      }
    }
    for (const auto& [d, e] : update_dates_) dates_.push_back(d);
    for (const Item* item : p_.own) {
      if (item->e->type == EventType::kContractAgreed) dates_.push_back(item->d);
    }
    for (const Item* item : c_.closures) dates_.push_back(item->d);
    std::sort(dates_.begin(), dates_.end());
    dates_.erase(std::unique(dates_.begin(), dates_.end()), dates_.end());
    std::erase_if(dates_, [&](Date d) { return d < start || d > as_of_; });
  }

  int PeriodAt(Date s, const Event** from) const {
    const Event* contract = LatestContract(p_, s);
    *from = nullptr;
    if (contract != nullptr && contract->frequency_days > 0) {
      *from = contract;
      return contract->frequency_days;
    }
    return rule_.default_days;
  }

  void StartRun(Date a, AnchorKind kind) {
    // Opting back in while the case is closed begins no instance (TryStart ends the run), and
    // the update in progress at the closure stays the one a contract re-plans.
    if (!ClosedAtEnd(c_, a)) closed_current_ = -1;
    ++run_index_;
    run_active_ = true;
    anchor_ = a;
    anchor_kind_ = kind;
    j_ = 0;
    previous_deadline_ = a;
    current_ = -1;
    TryStart(a);
  }

  void EndRun() {
    run_active_ = false;
    current_ = -1;
  }

  // Starts the run's next instance on `s`, or ends the run when none can start.
  void TryStart(Date s) {
    if (s > as_of_ || ClosedAtEnd(c_, s) || OptedOutAtEnd(p_, s) != nullptr) {
      EndRun();
      return;
    }
    ++j_;
    Instance inst;
    Obligation& o = inst.o;
    o.person = p_.id;
    o.rule_set = &rs_;
    o.duty_index = *domain::ParseDutyId("periodic_update");
    o.trigger_date = s;
    if (run_index_ == 0 && j_ == 1) o.trigger = p_.start->e;
    PeriodicDetail& pd = o.periodic;
    pd.anchor_kind = anchor_kind_;
    pd.anchor = anchor_;
    pd.run_index = run_index_;
    pd.index_in_run = j_;
    pd.reference = j_ == 1 ? anchor_ : previous_deadline_;
    if (rule_.mode == PeriodMode::kCalendarMonth) {
      pd.code_deadline = anchor_.AddMonths(j_);
    } else {
      pd.period_days = PeriodAt(s, &pd.period_from);
      pd.code_deadline = pd.reference.AddDays(pd.period_days);
    }
    o.deadline = pd.code_deadline;
    ApplySchedule(o, s);
    instances_.push_back(inst);
    current_ = static_cast<int>(instances_.size()) - 1;
  }

  // A stricter local schedule: the earlier deadline wins.
  void ApplySchedule(Obligation& o, Date s) {
    const UpdateSchedule* schedule = schedule_;
    if (policy_ != nullptr && policy_->enhanced_updates &&
        CategoriesAt(rs_, c_, p_, 0, s, /*by_date=*/true) != 0) {
      schedule = &*policy_->enhanced_updates;
      o.enhanced = true;
    }
    if (schedule == nullptr) return;
    const auto& pd = o.periodic;
    const ScheduleStep& step =
        pd.index_in_run == 1 && pd.run_index < static_cast<int>(schedule->first.size())
            ? schedule->first[pd.run_index]
            : schedule->every;
    const Date local = pd.reference.AddDays(step.days);
    if (local < o.deadline) {
      o.deadline = local;
      o.policy_shortened = true;
    }
    if (step.remind_on_day > 0) o.remind_on = pd.reference.AddDays(step.remind_on_day);
  }

  // Deadlines that pass unsatisfied start the run's next instance the day after.
  void AdvanceTo(Date x) {
    while (run_active_ && current_ >= 0 && instances_[current_].o.deadline.AddDays(1) <= x) {
      // Years of daily updates are thousands of instances: a request's time limit (or a stop)
      // ends the work here too.
      if (instances_.size() % 1024 == 0) core::CheckBudget();
      previous_deadline_ = instances_[current_].o.deadline;
      TryStart(previous_deadline_.AddDays(1));
    }
  }

  void DayAnchors(Date x, Date start) {
    bool reopened = false;
    for (const Item* item : c_.closures) {
      if (item->d == x && item->e->type == EventType::kCaseReopened) reopened = true;
    }
    const bool opted_back_in = !run_active_ && OptedOutAtEnd(p_, x) == nullptr &&
                               OptedOutAtEnd(p_, x.AddDays(-1)) != nullptr;
    if (x == start) {
      StartRun(x, AnchorKind::kStart);
    } else if (reopened) {
      StartRun(x, AnchorKind::kReopened);
    } else if (opted_back_in) {
      StartRun(x, AnchorKind::kOptedBackIn);
    }
  }

  void DayUpdates(Date x) {
    const auto it = std::find_if(update_dates_.begin(), update_dates_.end(),
                                 [&](const auto& u) { return u.first == x; });
    if (it == update_dates_.end()) return;
    bool satisfied_any = false;
    for (auto& inst : instances_) {
      if (inst.satisfied || inst.frozen || inst.o.trigger_date > x) continue;
      inst.satisfied = true;
      inst.o.met_at = x;
      inst.o.met_by = it->second;
      satisfied_any = true;
    }
    if (satisfied_any) StartRun(x, AnchorKind::kUpdate);
  }

  // 2015/2020: a new agreement brings the deadline of the update in progress forward when it
  // started before the agreement and is neither met nor past its deadline. While the case is
  // closed that is the update in progress when it closed (victims-code.md section 4): its
  // status is settled again by the new deadline, which, being after the closure date, keeps it
  // not required; only its due date moves.
  void DayContracts(Date x) {
    if (rule_.mode != PeriodMode::kAgreedDays) return;
    for (const Item* item : p_.own) {
      if (item->d != x || item->e->type != EventType::kContractAgreed) continue;
      const int in_progress = run_active_ ? current_ : closed_current_;
      if (item->e->frequency_days <= 0 || in_progress < 0) continue;
      Instance& inst = instances_[in_progress];
      if (inst.satisfied || inst.o.trigger_date >= x || inst.o.deadline < x) continue;
      const Date replanned = x.AddDays(item->e->frequency_days);
      if (replanned < inst.o.deadline) {
        inst.o.deadline = replanned;
        inst.o.periodic.replanned_by = item->e;
        if (inst.frozen) SettleAtClosure(inst);
      }
    }
  }

  // A frozen instance is not required when due on or after its closure's date; otherwise it
  // stays overdue.
  static void SettleAtClosure(Instance& inst) {
    inst.closed_by = inst.o.deadline >= inst.closed_since ? inst.closure : nullptr;
  }

  // At the end of a closure date, updates in progress are settled for good: those due on
  // or after the closure date are not required, older ones stay overdue.
  void DayClosure(Date x) {
    Date since;
    if (!ClosedAtEnd(c_, x, &since)) return;
    const Event* closure = nullptr;
    for (const Item* item : c_.closures) {
      if (item->d == since && item->e->type == EventType::kCaseClosed) {
        closure = item->e;
        break;
      }
    }
    for (auto& inst : instances_) {
      if (inst.satisfied || inst.frozen) continue;
      inst.frozen = true;
      inst.closure = closure;
      inst.closed_since = since;
      inst.closed_on = x;
      SettleAtClosure(inst);
    }
    if (run_active_) closed_current_ = current_;
    EndRun();
  }

  const RuleSet& rs_;
  const PeriodicRule& rule_;
  const Policy* policy_;
  const UpdateSchedule* schedule_ = nullptr;
  const CaseView& c_;
  const PersonView& p_;
  Date as_of_;

  std::vector<Date> dates_;
  std::vector<std::pair<Date, const Event*>> update_dates_;  // counted updates, first contact
  std::vector<Instance> instances_;

  bool run_active_ = false;
  int run_index_ = -1;
  Date anchor_;
  AnchorKind anchor_kind_ = AnchorKind::kStart;
  int j_ = 0;
  Date previous_deadline_;
  int current_ = -1;
  int closed_current_ = -1;  // while closed: the instance in progress when it closed, or -1
};

}  // namespace

const Event* OptedOutAtEnd(const PersonView& p, Date d, Date* since) {
  const Event* latest = LatestContract(p, d);
  if (latest == nullptr || latest->wants_updates) return nullptr;
  if (since != nullptr) {
    bool opted_out = false;
    for (const Item* item : p.own) {
      if (item->d > d) break;
      if (item->e->type != EventType::kContractAgreed) continue;
      if (!item->e->wants_updates && !opted_out) *since = item->d;
      opted_out = !item->e->wants_updates;
    }
  }
  return latest;
}

void ComputePeriodicUpdates(const RuleSet& rs, const Policy* policy, const CaseView& c,
                            const PersonView& p, Date as_of, std::vector<Obligation>& out) {
  PersonUpdates(rs, policy, c, p, as_of).Run(out);
}

}  // namespace cf::rules
