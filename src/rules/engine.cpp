#include "rules/engine.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "rules/case_view.hpp"
#include "rules/enhanced.hpp"
#include "rules/periodic.hpp"

namespace cf::rules {
namespace {

using domain::EventType;

std::string PersonLabel(const PersonView& p) { return fmt::format("person {}", p.id); }

// Effective working days for a duty: the Code's, or a stricter local policy's.
int WorkingDaysFor(const Duty& duty, const Policy* policy, bool enhanced, bool& shortened) {
  int days = enhanced ? duty.enhanced_working_days : duty.standard_working_days;
  shortened = false;
  if (policy == nullptr) return days;
  for (const auto& o : policy->duty_overrides) {
    if (o.duty_id != duty.id) continue;
    const int local = enhanced ? o.enhanced_working_days : o.standard_working_days;
    if (local > 0 && local < days) {
      days = local;
      shortened = true;
    }
  }
  return days;
}

// The status (StatusOn); a late record on a not-required duty satisfies nothing, so it is
// not kept.
ObligationStatus Resolve(Obligation& o, Date as_of, bool not_required) {
  const ObligationStatus status = StatusOn(o.deadline, o.met_at, not_required, as_of);
  if (status == ObligationStatus::kNotRequired) {
    o.met_at.reset();
    o.met_by = nullptr;
  }
  return status;
}

class CaseComputation {
 public:
  CaseComputation(const CaseView& c, const RuleSet& rs, const Policy* policy,
                  const calendar::WorkingDayCalendar& cal, Date as_of, std::vector<Obligation>& out)
      : c_(c), rs_(rs), policy_(policy), cal_(cal), as_of_(as_of), out_(out) {}

  core::Status Run() {
    for (const PersonView& p : c_.persons) {
      if (!(rs_.owed_roles & domain::Bit(p.role))) continue;
      for (const Duty& duty : rs_.duties) {
        core::Status s;
        switch (duty.kind) {
          case DutyKind::kEvent:
            s = EventDuty(duty, p);
            break;
          case DutyKind::kReferral:
            s = Referral(duty, p);
            break;
          case DutyKind::kLeaflet:
            s = Leaflet(duty, p);
            break;
        }
        if (!s) return s;
      }
      if (rs_.periodic) ComputePeriodicUpdates(rs_, policy_, c_, p, as_of_, out_);
    }
    return {};
  }

 private:
  // A new instance triggered at `trigger`, with its service level and deadline.
  core::Result<Obligation*> Open(const Duty& duty, const PersonView& p, const Item& trigger) {
    Obligation o;
    o.person = p.id;
    o.rule_set = &rs_;
    o.duty = &duty;
    o.duty_index = duty.index;
    o.trigger = trigger.e;
    o.trigger_date = trigger.d;
    o.categories = CategoriesAt(rs_, c_, p, trigger.t, trigger.d, false);
    o.enhanced = o.categories != 0;
    o.working_days = WorkingDaysFor(duty, policy_, o.enhanced, o.policy_shortened);
    const auto deadline = cal_.AddWorkingDays(trigger.d, o.working_days);
    if (!deadline) {
      return core::OutOfRange(fmt::format("{} for {} (trigger {} on {}): {}", duty.id,
                                          PersonLabel(p), trigger.e->id, trigger.d.ToString(),
                                          deadline.error().message));
    }
    o.deadline = *deadline;
    out_.push_back(o);
    return &out_.back();
  }

  void Satisfy(Obligation& o, const Item* by) {
    if (by == nullptr) return;
    o.met_at = by->d;
    o.met_by = by->e;
  }

  core::Status EventDuty(const Duty& duty, const PersonView& p) {
    for (const Item& item : c_.items) {
      const Event& e = *item.e;
      if (std::find(duty.triggers.begin(), duty.triggers.end(), e.type) == duty.triggers.end())
        continue;
      if (e.type == EventType::kCaseClosed &&
          std::find(duty.except_outcomes.begin(), duty.except_outcomes.end(), e.outcome) !=
              duty.except_outcomes.end()) {
        continue;
      }
      if (p.added->t > item.t) continue;  // not on the case yet
      if (duty.to_named_person && !e.person.empty() && e.person != p.id) continue;
      auto opened = Open(duty, p, item);
      if (!opened) return opened.error();
      Obligation& o = **opened;
      const domain::DutyMask bit = domain::DutyMask{1} << duty.index;
      for (const Item* contact : p.contacts) {
        if (contact->t < item.t || !domain::IsInforming(contact->e->contact_outcome)) continue;
        if (contact->e->covers == 0 || (contact->e->covers & bit)) {
          Satisfy(o, contact);
          break;
        }
      }
      // The Code lets victims opt out of being kept informed.
      Date opted_out_since;
      const Event* opt_out = OptedOutAtEnd(p, std::min(o.deadline, as_of_), &opted_out_since);
      o.status = Resolve(o, as_of_, opt_out != nullptr);
      if (o.status == ObligationStatus::kNotRequired) {
        o.reason = NotRequiredReason::kOptedOutOfUpdates;
        o.reason_event = opt_out;
        o.not_required_on = opted_out_since;
      }
    }
    return {};
  }

  bool NeedsConsent(const Duty& duty, const PersonView& p) const {
    const uint32_t crime_flags = c_.recorded->e->crime_flags;
    if ((duty.consent_crime_flags & crime_flags) || (duty.consent_roles & domain::Bit(p.role))) {
      return true;
    }
    const auto& excluded = duty.excluded_crime_types;
    if (std::find(excluded.begin(), excluded.end(), c_.recorded->e->crime_type) == excluded.end()) {
      return false;
    }
    // Excluded crime type, unless the person or crime lifts the exclusion at the start.
    const Item& start = *p.start;
    if (duty.exclusion_lifted_by_crime_flags & crime_flags) return false;
    if (duty.exclusion_lifted_by_person_flags & PersonFlagsAt(p, start.t, start.d, false))
      return false;
    const uint32_t cats = CategoriesAt(rs_, c_, p, start.t, start.d, false);
    for (size_t i = 0; i < rs_.enhanced.size(); ++i) {
      if (!(cats & (1u << i))) continue;
      const auto& lifted = duty.exclusion_lifted_by_categories;
      if (std::find(lifted.begin(), lifted.end(), rs_.enhanced[i].id) != lifted.end()) return false;
    }
    return true;
  }

  core::Status Referral(const Duty& duty, const PersonView& p) {
    const Item* trigger = p.start;
    const bool consent = NeedsConsent(duty, p);
    if (consent) {
      trigger = nullptr;
      for (const Item* item : p.own) {
        if (item->e->type == EventType::kReferralConsented && item->e->referral_to.empty()) {
          trigger = item;
          break;
        }
      }
      if (trigger == nullptr) return {};  // no consent: no duty
    }
    auto opened = Open(duty, p, *trigger);
    if (!opened) return opened.error();
    Obligation& o = **opened;
    o.consent_triggered = consent;
    const Item* opted_out = nullptr;
    for (const Item* item : p.own) {
      if (item->t < trigger->t) continue;
      if (!item->e->referral_to.empty()) continue;  // another organisation's
      if (item->e->type == EventType::kReferralSent && !o.met_at) Satisfy(o, item);
      if (item->e->type == EventType::kReferralOptedOut && item->d <= o.deadline && !opted_out) {
        opted_out = item;
      }
    }
    o.status = Resolve(o, as_of_, opted_out != nullptr);
    if (o.status == ObligationStatus::kNotRequired) {
      o.reason = NotRequiredReason::kReferralOptedOut;
      o.reason_event = opted_out->e;
      o.not_required_on = opted_out->d;
    }
    return {};
  }

  core::Status Leaflet(const Duty& duty, const PersonView& p) {
    auto opened = Open(duty, p, *p.start);
    if (!opened) return opened.error();
    Obligation& o = **opened;
    for (const Item* item : p.own) {
      if (item->t < p.start->t) continue;
      const Event& e = *item->e;
      const bool given =
          (e.type == EventType::kInformationGiven && e.item &&
           std::find(duty.items.begin(), duty.items.end(), *e.item) != duty.items.end()) ||
          (e.type == EventType::kNeedsAssessed && e.leaflet_given);
      if (given) {
        Satisfy(o, item);
        break;
      }
    }
    o.status = Resolve(o, as_of_, false);
    return {};
  }

  const CaseView& c_;
  const RuleSet& rs_;
  const Policy* policy_;
  const calendar::WorkingDayCalendar& cal_;
  Date as_of_;
  std::vector<Obligation>& out_;
};

}  // namespace

core::Result<std::vector<const RuleSet*>> ObligationEngine::RuleSetsFor(
    const CaseFile& file, const Selection& selection) const {
  const Date recorded = file.recorded().date;
  std::vector<const RuleSet*> out;
  if (selection.rule_set != nullptr) {
    out.push_back(selection.rule_set);
    if (!selection.rule_set->IsCode()) return out;
  } else {
    const RuleSet* code = library_.CodeInForce(recorded);
    if (code == nullptr) {
      return core::OutOfRange(fmt::format(
          "recorded on {}, before any Victims' Code rule set was in force; name one with --ruleset",
          recorded.ToString()));
    }
    out.push_back(code);
  }
  for (const RuleSet* charter : library_.ChartersInForce(recorded, out.front()))
    out.push_back(charter);
  return out;
}

core::Result<std::vector<Obligation>> ObligationEngine::Compute(const CaseFile& file,
                                                                const Selection& selection,
                                                                Date as_of) const {
  std::vector<Obligation> out;
  if (file.recorded().date > as_of) return out;  // the case does not exist yet
  const auto rule_sets = RuleSetsFor(file, selection);
  if (!rule_sets) return rule_sets.error();
  CaseView view;
  BuildCaseView(file, as_of, view);
  for (const RuleSet* rs : *rule_sets) {
    CaseComputation computation(view, *rs, selection.policy, calendar_, as_of, out);
    const auto status = computation.Run();
    if (!status) return status.error();
  }
  return out;
}

}  // namespace cf::rules
