// citizenfocus rules list | show ID | check FILE
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.hpp"
#include "core/embedded.hpp"

namespace cf::cli {

void AddRulesCommand(CLI::App& app, Context& ctx) {
  auto* rules_cmd = app.add_subcommand("rules", "Rule sets and local policies");
  rules_cmd->require_subcommand(1);
  rules_cmd->add_subcommand("list", "The rule sets and policies known, with their sources")
      ->callback([&ctx] {
        const auto& lib = ctx.Library();
        std::cout << "Rule sets:\n";
        for (const auto& id : lib.RuleSetIds()) {
          const auto* rs = lib.FindRuleSet(id);
          std::cout << fmt::format("  {:<22} {} from {}: {} ({} duties{})\n", id, rs->kind,
                                   rs->in_force.ToString(), rs->title, rs->duties.size(),
                                   rs->periodic ? ", periodic updates" : "");
        }
        std::cout << "Local policies:\n";
        for (const auto& id : lib.PolicyIds()) {
          std::cout << fmt::format("  {:<22} {}\n", id, lib.FindPolicy(id)->title);
        }
      });
  auto id = std::make_shared<std::string>();
  auto* show =
      rules_cmd->add_subcommand("show", "Each duty of a rule set with its deadlines and source");
  show->add_option("ID", *id, "Rule set id")->required();
  show->callback([&ctx, id] {
    const auto* rs = ctx.Library().FindRuleSet(*id);
    if (rs == nullptr)
      throw UsageError{fmt::format("no rule set \"{}\" (see: citizenfocus rules list)", *id)};
    std::cout << fmt::format("{} ({}), {} in force from {}\n{}\nloaded from {}\n\n", rs->title,
                             rs->id, rs->kind, rs->in_force.ToString(), rs->source, rs->origin);
    for (const auto& d : rs->duties) {
      std::cout << fmt::format(
          "{:<30} {} / {} working days (standard / enhanced)\n  {}\n  source: {}\n", d.id,
          d.standard_working_days, d.enhanced_working_days, d.message, d.source);
    }
    if (rs->periodic) {
      std::cout << fmt::format(
          "{:<30} {}\n  source: {}\n", "periodic_update",
          rs->periodic->mode == rules::PeriodMode::kCalendarMonth
              ? std::string("every calendar month")
              : fmt::format("as agreed, else every {} days", rs->periodic->default_days),
          rs->periodic->source);
    }
    std::cout << "\nEnhanced categories:\n";
    for (const auto& c : rs->enhanced) std::cout << fmt::format("  {}: {}\n", c.id, c.source);
  });
  auto path = std::make_shared<std::string>();
  auto* check = rules_cmd->add_subcommand("check", "Validate a rule set or policy file");
  check->add_option("FILE", *path, "TOML file")->required();
  check->callback([path] {
    auto lib = rules::RuleLibrary::BuiltIn();
    const auto status = lib.value().LoadFile(*path);
    if (!status) throw InvalidInput{status.error().message};
    std::cout << fmt::format("{}: ok\n", *path);
  });
}

}  // namespace cf::cli
