#include "rules/rule_set_loader.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/embedded.hpp"

namespace cf::rules {
namespace {

using domain::AllowedNames;

// Thrown inside this file only, turned into a Result at the two entry points.
struct LoadError {
  std::string message;
};

class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  [[noreturn]] void Fail(const toml::node* node, std::string_view what) const {
    if (node != nullptr && node->source().begin.line > 0) {
      throw LoadError{fmt::format("{}:{}: {}", origin_, node->source().begin.line, what)};
    }
    throw LoadError{fmt::format("{}: {}", origin_, what)};
  }

  void CheckKeys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                 std::string_view where) const {
    for (const auto& [key, node] : t) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        Fail(&node, fmt::format("{}: unknown key \"{}\" (allowed: {})", where, key.str(), list));
      }
    }
  }

  std::string String(const toml::table& t, std::string_view key, std::string_view where,
                     bool required) const {
    const auto* node = t.get(key);
    if (node == nullptr) {
      if (required) Fail(&t, fmt::format("{}: \"{}\" is required", where, key));
      return {};
    }
    const auto v = node->value<std::string>();
    if (!v || v->empty())
      Fail(node, fmt::format("{}: \"{}\" must be a non-empty string", where, key));
    return *v;
  }

  // A positive integer, or 0 when absent and not required.
  int PositiveInt(const toml::table& t, std::string_view key, std::string_view where,
                  bool required) const {
    const auto* node = t.get(key);
    if (node == nullptr) {
      if (required) Fail(&t, fmt::format("{}: \"{}\" is required", where, key));
      return 0;
    }
    const auto v = node->as_integer();
    if (v == nullptr || v->get() < 1 || v->get() > 3660) {
      Fail(node, fmt::format("{}: \"{}\" must be a positive whole number, got {}", where, key,
                             Show(*node)));
    }
    return static_cast<int>(v->get());
  }

  std::vector<std::string> StringList(const toml::table& t, std::string_view key,
                                      std::string_view where) const {
    std::vector<std::string> out;
    const auto* node = t.get(key);
    if (node == nullptr) return out;
    const auto* arr = node->as_array();
    if (arr == nullptr) Fail(node, fmt::format("{}: \"{}\" must be a list of strings", where, key));
    for (const auto& item : *arr) {
      const auto v = item.value<std::string>();
      if (!v) Fail(&item, fmt::format("{}: \"{}\" must be a list of strings", where, key));
      out.push_back(*v);
    }
    return out;
  }

  // Names from a closed vocabulary: each must parse, or the error lists what is allowed.
  template <typename E, typename ParseFn>
  std::vector<E> Names(const toml::table& t, std::string_view key, std::string_view where,
                       ParseFn parse, std::span<const std::string_view> allowed) const {
    std::vector<E> out;
    const auto* node = t.get(key);
    for (const auto& name : StringList(t, key, where)) {
      const auto v = parse(name);
      if (!v) {
        Fail(node, fmt::format("{}: \"{}\" has unknown value \"{}\" (allowed: {})", where, key,
                               name, AllowedNames(allowed)));
      }
      out.push_back(*v);
    }
    return out;
  }

  template <typename E, typename ParseFn>
  uint32_t Mask(const toml::table& t, std::string_view key, std::string_view where, ParseFn parse,
                std::span<const std::string_view> allowed) const {
    uint32_t mask = 0;
    for (const E e : Names<E>(t, key, where, parse, allowed)) mask |= domain::Bit(e);
    return mask;
  }

  Date DateValue(const toml::table& t, std::string_view key, std::string_view where) const {
    const auto* node = t.get(key);
    if (node == nullptr) Fail(&t, fmt::format("{}: \"{}\" is required", where, key));
    if (const auto* d = node->as_date()) {
      const auto v = d->get();
      const auto date = Date::Parse(fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day));
      if (date) return *date;
    }
    Fail(node, fmt::format("{}: \"{}\" must be a date such as 2021-04-01", where, key));
  }

  const toml::table& Table(const toml::node& node, std::string_view where) const {
    const auto* t = node.as_table();
    if (t == nullptr) Fail(&node, fmt::format("{} must be a table", where));
    return *t;
  }

  static std::string Show(const toml::node& node) {
    std::ostringstream out;
    node.visit([&](const auto& v) { out << v; });
    return out.str();
  }

 private:
  std::string origin_;
};

toml::table ParseToml(std::string_view text, std::string_view origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    throw LoadError{fmt::format("{}:{}:{}: {}", origin, e.source().begin.line,
                                e.source().begin.column, e.description())};
  }
}

EnhancedCategory ReadCategory(const Reader& r, const toml::table& t, std::string_view where) {
  r.CheckKeys(t, {"id", "label", "roles", "crime_flags", "person_flags", "under_age", "source"},
              where);
  EnhancedCategory c;
  c.id = r.String(t, "id", where, true);
  c.label = r.String(t, "label", where, true);
  c.source = r.String(t, "source", where, true);
  c.roles = r.Mask<Role>(t, "roles", where, domain::ParseRole, domain::RoleNames());
  c.crime_flags = r.Mask<domain::CrimeFlag>(t, "crime_flags", where, domain::ParseCrimeFlag,
                                            domain::CrimeFlagNames());
  c.person_flags = r.Mask<domain::PersonFlag>(t, "person_flags", where, domain::ParsePersonFlag,
                                              domain::PersonFlagNames());
  c.under_age = r.PositiveInt(t, "under_age", where, false);
  if (c.roles == 0 && c.crime_flags == 0 && c.person_flags == 0 && c.under_age == 0) {
    r.Fail(&t, fmt::format("{}: category \"{}\" names no roles, flags or age, so nobody is in it",
                           where, c.id));
  }
  return c;
}

Duty ReadDuty(const Reader& r, const toml::table& t, const std::string& where_base,
              const std::vector<EnhancedCategory>& categories) {
  r.CheckKeys(t,
              {"id", "kind", "trigger", "except_outcomes", "owed_to", "standard_working_days",
               "enhanced_working_days", "standard_hours", "enhanced_hours", "source", "message",
               "vrr_message", "consent_crime_flags", "consent_roles", "excluded_crime_types",
               "exclusion_lifted_by_categories", "exclusion_lifted_by_person_flags",
               "exclusion_lifted_by_crime_flags", "items"},
              where_base);
  Duty d;
  d.id = r.String(t, "id", where_base, true);
  const std::string where = fmt::format("{} (\"{}\")", where_base, d.id);
  const auto index = domain::ParseDutyId(d.id);
  if (!index || d.id == "periodic_update") {
    r.Fail(t.get("id"), fmt::format("{}: unknown duty id (allowed: {}; periodic_update has its own "
                                    "[periodic_update] table)",
                                    where, AllowedNames(domain::DutyIdNames())));
  }
  d.index = *index;
  const std::string kind = t.contains("kind") ? r.String(t, "kind", where, true) : "event";
  if (kind == "event") {
    d.kind = DutyKind::kEvent;
  } else if (kind == "referral") {
    d.kind = DutyKind::kReferral;
  } else if (kind == "leaflet") {
    d.kind = DutyKind::kLeaflet;
  } else {
    r.Fail(t.get("kind"),
           fmt::format("{}: kind must be event, referral or leaflet, got \"{}\"", where, kind));
  }
  d.triggers =
      r.Names<EventType>(t, "trigger", where, domain::ParseEventType, domain::EventTypeNames());
  if (t.contains("owed_to")) {
    const std::string owed_to = r.String(t, "owed_to", where, true);
    if (owed_to != "everyone" && owed_to != "named_person") {
      r.Fail(
          t.get("owed_to"),
          fmt::format("{}: owed_to must be everyone or named_person, got \"{}\"", where, owed_to));
    }
    d.to_named_person = owed_to == "named_person";
  }
  if (d.kind == DutyKind::kEvent && d.triggers.empty()) {
    r.Fail(&t, fmt::format("{}: an event duty needs a \"trigger\" list of event types", where));
  }
  if (d.kind != DutyKind::kEvent && !d.triggers.empty()) {
    r.Fail(t.get("trigger"), fmt::format("{}: a {} duty is triggered by the person's start, not by "
                                         "\"trigger\"",
                                         where, kind));
  }
  d.except_outcomes = r.Names<CaseOutcome>(t, "except_outcomes", where, domain::ParseCaseOutcome,
                                           domain::CaseOutcomeNames());
  // Deadlines: working days, or hours in whole days (24 hours = 1 working day).
  auto deadline = [&](const char* days_key, const char* hours_key) {
    const bool has_days = t.contains(days_key);
    const bool has_hours = t.contains(hours_key);
    if (has_days == has_hours) {
      r.Fail(&t,
             fmt::format("{}: give exactly one of \"{}\" and \"{}\"", where, days_key, hours_key));
    }
    if (has_days) return r.PositiveInt(t, days_key, where, true);
    const int hours = r.PositiveInt(t, hours_key, where, true);
    if (hours % 24 != 0) {
      r.Fail(t.get(hours_key), fmt::format("{}: \"{}\" must be a multiple of 24 (a whole number of "
                                           "working days), got {}",
                                           where, hours_key, hours));
    }
    return hours / 24;
  };
  d.standard_working_days = deadline("standard_working_days", "standard_hours");
  d.enhanced_working_days = deadline("enhanced_working_days", "enhanced_hours");
  if (d.enhanced_working_days > d.standard_working_days) {
    r.Fail(
        t.get("enhanced_working_days"),
        fmt::format("{}: the enhanced deadline ({} working days) is longer than the standard one "
                    "({}): enhanced victims must never wait longer",
                    where, d.enhanced_working_days, d.standard_working_days));
  }
  d.source = r.String(t, "source", where, true);
  d.message = r.String(t, "message", where, true);
  d.vrr_message = r.String(t, "vrr_message", where, false);
  d.consent_crime_flags = r.Mask<domain::CrimeFlag>(
      t, "consent_crime_flags", where, domain::ParseCrimeFlag, domain::CrimeFlagNames());
  d.consent_roles = r.Mask<Role>(t, "consent_roles", where, domain::ParseRole, domain::RoleNames());
  d.excluded_crime_types = r.StringList(t, "excluded_crime_types", where);
  d.exclusion_lifted_by_categories = r.StringList(t, "exclusion_lifted_by_categories", where);
  for (const auto& id : d.exclusion_lifted_by_categories) {
    if (std::none_of(categories.begin(), categories.end(),
                     [&](const EnhancedCategory& c) { return c.id == id; })) {
      r.Fail(t.get("exclusion_lifted_by_categories"),
             fmt::format("{}: exclusion_lifted_by_categories names \"{}\", which is not an "
                         "[[enhanced]] category of this rule set",
                         where, id));
    }
  }
  d.exclusion_lifted_by_person_flags =
      r.Mask<domain::PersonFlag>(t, "exclusion_lifted_by_person_flags", where,
                                 domain::ParsePersonFlag, domain::PersonFlagNames());
  d.exclusion_lifted_by_crime_flags =
      r.Mask<domain::CrimeFlag>(t, "exclusion_lifted_by_crime_flags", where, domain::ParseCrimeFlag,
                                domain::CrimeFlagNames());
  d.items = r.Names<InfoItem>(t, "items", where, domain::ParseInfoItem, domain::InfoItemNames());
  const bool referral_keys =
      d.consent_crime_flags || d.consent_roles || !d.excluded_crime_types.empty();
  if (referral_keys && d.kind != DutyKind::kReferral) {
    r.Fail(&t,
           fmt::format("{}: consent and exclusion keys only apply to kind = \"referral\"", where));
  }
  if (d.kind == DutyKind::kLeaflet && d.items.empty()) {
    r.Fail(&t, fmt::format("{}: a leaflet duty needs \"items\" that satisfy it", where));
  }
  return d;
}

RuleSet ReadRuleSet(std::string_view text, std::string_view origin) {
  const Reader r(origin);
  const toml::table root = ParseToml(text, origin);
  r.CheckKeys(root,
              {"id", "title", "kind", "with_code", "in_force", "source", "owed_roles", "enhanced",
               "duty", "periodic_update"},
              "rule set");
  RuleSet rs;
  rs.origin = std::string(origin);
  rs.id = r.String(root, "id", "rule set", true);
  rs.title = r.String(root, "title", "rule set", true);
  rs.kind = r.String(root, "kind", "rule set", true);
  if (rs.kind != "code" && rs.kind != "charter" && rs.kind != "witness_care") {
    r.Fail(root.get("kind"),
           fmt::format("rule set: kind must be \"code\", \"charter\" or \"witness_care\", got "
                       "\"{}\"",
                       rs.kind));
  }
  if (root.contains("with_code")) {
    rs.with_code = r.String(root, "with_code", "rule set", true);
    if (rs.kind == "code") r.Fail(root.get("with_code"), "rule set: a Code has no \"with_code\"");
  }
  rs.in_force = r.DateValue(root, "in_force", "rule set");
  rs.source = r.String(root, "source", "rule set", true);
  rs.owed_roles =
      r.Mask<Role>(root, "owed_roles", "rule set", domain::ParseRole, domain::RoleNames());
  if (rs.owed_roles == 0) r.Fail(&root, "rule set: \"owed_roles\" must name at least one role");
  for (const Role rep : {Role::kParentGuardian, Role::kFamilySpokesperson}) {
    if (rs.owed_roles & domain::Bit(rep)) {
      r.Fail(root.get("owed_roles"),
             fmt::format("rule set: \"{}\" is a representative and is owed nothing itself",
                         domain::Name(rep)));
    }
  }
  if (const auto* node = root.get("enhanced")) {
    const auto* arr = node->as_array();
    if (arr == nullptr) r.Fail(node, "rule set: \"enhanced\" must be [[enhanced]] tables");
    for (size_t i = 0; i < arr->size(); ++i) {
      const std::string where = fmt::format("enhanced[{}]", i);
      rs.enhanced.push_back(ReadCategory(r, r.Table(*arr->get(i), where), where));
    }
  }
  const auto* duties = root.get("duty");
  if (duties == nullptr || duties->as_array() == nullptr) {
    r.Fail(&root, "rule set: no [[duty]] tables");
  }
  std::set<std::string> seen;
  const auto& arr = *duties->as_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string where = fmt::format("duty[{}]", i);
    Duty d = ReadDuty(r, r.Table(*arr.get(i), where), where, rs.enhanced);
    if (!seen.insert(d.id).second) {
      r.Fail(arr.get(i), fmt::format("{}: duty \"{}\" is defined twice", where, d.id));
    }
    rs.duties.push_back(std::move(d));
  }
  if (const auto* node = root.get("periodic_update")) {
    const auto& t = r.Table(*node, "periodic_update");
    r.CheckKeys(t, {"period", "default_days", "source", "message"}, "periodic_update");
    PeriodicRule p;
    const std::string period = r.String(t, "period", "periodic_update", true);
    if (period == "calendar_month") {
      p.mode = PeriodMode::kCalendarMonth;
      if (t.contains("default_days")) {
        r.Fail(t.get("default_days"),
               "periodic_update: default_days only applies to period = \"agreed\"");
      }
    } else if (period == "agreed") {
      p.mode = PeriodMode::kAgreedDays;
      p.default_days = r.PositiveInt(t, "default_days", "periodic_update", true);
    } else {
      r.Fail(t.get("period"), fmt::format("periodic_update: period must be \"calendar_month\" or "
                                          "\"agreed\", got \"{}\"",
                                          period));
    }
    p.source = r.String(t, "source", "periodic_update", true);
    p.message = r.String(t, "message", "periodic_update", true);
    rs.periodic = std::move(p);
  }
  return rs;
}

UpdateSchedule ReadSchedule(const Reader& r, const toml::table& t, std::string_view where) {
  r.CheckKeys(t, {"first", "every"}, where);
  auto step = [&](const toml::node& node, const std::string& w) {
    const auto& s = r.Table(node, w);
    r.CheckKeys(s, {"days", "remind_on_day"}, w);
    ScheduleStep out{r.PositiveInt(s, "days", w, true),
                     r.PositiveInt(s, "remind_on_day", w, false)};
    if (out.remind_on_day >= out.days) {
      r.Fail(s.get("remind_on_day"), fmt::format("{}: remind_on_day ({}) must come before the "
                                                 "deadline (day {})",
                                                 w, out.remind_on_day, out.days));
    }
    return out;
  };
  UpdateSchedule schedule;
  if (const auto* first = t.get("first")) {
    const auto* arr = first->as_array();
    if (arr == nullptr)
      r.Fail(first, fmt::format("{}: \"first\" must be a list of {{ days = N }}", where));
    for (size_t i = 0; i < arr->size(); ++i) {
      schedule.first.push_back(step(*arr->get(i), fmt::format("{}.first[{}]", where, i)));
    }
  }
  const auto* every = t.get("every");
  if (every == nullptr) r.Fail(&t, fmt::format("{}: \"every\" is required", where));
  schedule.every = step(*every, fmt::format("{}.every", where));
  return schedule;
}

Policy ReadPolicy(std::string_view text, std::string_view origin) {
  const Reader r(origin);
  const toml::table root = ParseToml(text, origin);
  r.CheckKeys(root, {"id", "title", "source", "periodic_update", "duty", "rag"}, "policy");
  Policy p;
  p.origin = std::string(origin);
  p.id = r.String(root, "id", "policy", true);
  p.title = r.String(root, "title", "policy", true);
  p.source = r.String(root, "source", "policy", true);
  if (const auto* node = root.get("periodic_update")) {
    const auto& t = r.Table(*node, "periodic_update");
    r.CheckKeys(t, {"standard", "enhanced"}, "periodic_update");
    if (const auto* s = t.get("standard")) {
      p.standard_updates =
          ReadSchedule(r, r.Table(*s, "periodic_update.standard"), "periodic_update.standard");
    } else {
      r.Fail(&t, "periodic_update: a [periodic_update.standard] schedule is required");
    }
    if (const auto* e = t.get("enhanced")) {
      p.enhanced_updates =
          ReadSchedule(r, r.Table(*e, "periodic_update.enhanced"), "periodic_update.enhanced");
    }
  }
  if (const auto* node = root.get("duty")) {
    const auto& t = r.Table(*node, "duty");
    for (const auto& [key, value] : t) {
      const std::string where = fmt::format("duty.{}", key.str());
      const auto index = domain::ParseDutyId(key.str());
      if (!index || key.str() == "periodic_update") {
        r.Fail(&value, fmt::format("{}: unknown duty id (allowed: {})", where,
                                   AllowedNames(domain::DutyIdNames())));
      }
      const auto& d = r.Table(value, where);
      r.CheckKeys(d, {"standard_working_days", "enhanced_working_days"}, where);
      DutyOverride o{std::string(key.str()),
                     r.PositiveInt(d, "standard_working_days", where, false),
                     r.PositiveInt(d, "enhanced_working_days", where, false)};
      if (o.standard_working_days == 0 && o.enhanced_working_days == 0) {
        r.Fail(&value, fmt::format("{}: overrides nothing", where));
      }
      p.duty_overrides.push_back(std::move(o));
    }
  }
  if (const auto* node = root.get("rag")) {
    const auto& t = r.Table(*node, "rag");
    r.CheckKeys(t, {"red_after_overdue_working_days"}, "rag");
    p.red_after_overdue_working_days =
        r.PositiveInt(t, "red_after_overdue_working_days", "rag", true);
  }
  if (!p.standard_updates && p.duty_overrides.empty() && root.get("rag") == nullptr) {
    r.Fail(&root, "policy: changes nothing (no [periodic_update], [duty.*] or [rag])");
  }
  return p;
}

template <typename T, typename Fn>
core::Result<T> Catching(Fn fn) {
  try {
    return fn();
  } catch (const LoadError& e) {
    return core::InvalidArgument(e.message);
  }
}

std::string ReadFile(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

core::Result<RuleSet> ParseRuleSet(std::string_view text, std::string_view origin) {
  return Catching<RuleSet>([&] { return ReadRuleSet(text, origin); });
}

core::Result<Policy> ParsePolicy(std::string_view text, std::string_view origin) {
  return Catching<Policy>([&] { return ReadPolicy(text, origin); });
}

core::Result<RuleLibrary> RuleLibrary::BuiltIn() {
  RuleLibrary lib;
  for (const auto& f : core::EmbeddedFiles()) {
    const std::string_view path = f.path;
    const std::string origin = fmt::format("built-in {}", path);
    if (path.starts_with("data/rulesets/")) {
      auto rs = ParseRuleSet(f.text, origin);
      if (!rs) return rs.error();
      std::string id = rs->id;
      lib.rule_sets_[id] = std::move(rs).value();
    } else if (path.starts_with("data/policies/")) {
      auto p = ParsePolicy(f.text, origin);
      if (!p) return p.error();
      std::string id = p->id;
      lib.policies_[id] = std::move(p).value();
    }
  }
  return lib;
}

core::Status RuleLibrary::LoadFile(const std::string& path) {
  bool ok = false;
  const std::string text = ReadFile(path, ok);
  if (!ok) return core::NotFound(fmt::format("cannot read rule file {}", path));
  if (text.find("owed_roles") != std::string::npos) {
    auto rs = ParseRuleSet(text, path);
    if (!rs) return rs.error();
    std::string id = rs->id;
    rule_sets_[id] = std::move(rs).value();
  } else {
    auto p = ParsePolicy(text, path);
    if (!p) return p.error();
    std::string id = p->id;
    policies_[id] = std::move(p).value();
  }
  return {};
}

const RuleSet* RuleLibrary::FindRuleSet(std::string_view id) const {
  const auto it = rule_sets_.find(id);
  return it == rule_sets_.end() ? nullptr : &it->second;
}

const Policy* RuleLibrary::FindPolicy(std::string_view id) const {
  const auto it = policies_.find(id);
  return it == policies_.end() ? nullptr : &it->second;
}

const RuleSet* RuleLibrary::CodeInForce(Date date) const {
  const RuleSet* best = nullptr;
  for (const auto& [id, rs] : rule_sets_) {
    if (rs.IsCode() && rs.in_force <= date && (best == nullptr || rs.in_force > best->in_force)) {
      best = &rs;
    }
  }
  return best;
}

std::vector<const RuleSet*> RuleLibrary::ChartersInForce(Date date, const RuleSet* code) const {
  std::vector<const RuleSet*> out;
  for (const auto& [id, rs] : rule_sets_) {
    if (rs.IsCode() || rs.in_force > date) continue;
    if (!rs.with_code.empty() && (code == nullptr || code->id != rs.with_code)) continue;
    out.push_back(&rs);
  }
  return out;
}

std::vector<std::string> RuleLibrary::RuleSetIds() const {
  std::vector<std::string> out;
  for (const auto& [id, rs] : rule_sets_) out.push_back(id);
  return out;
}

std::vector<std::string> RuleLibrary::PolicyIds() const {
  std::vector<std::string> out;
  for (const auto& [id, p] : policies_) out.push_back(id);
  return out;
}

}  // namespace cf::rules
