// citizenfocus generate: a synthetic force as JSON Lines events.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "cli/context.hpp"
#include "events/jsonl_writer.hpp"
#include "synth/force_generator.hpp"

namespace cf::cli {
namespace {

void WriteOrFail(const std::string& bytes, std::FILE* out, const std::string& name) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size())
    throw InvalidInput{fmt::format("cannot write {}: {}", name, std::strerror(errno))};
}

}  // namespace

void AddGenerateCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "generate", "Write a synthetic force's case events (JSON Lines), seeded and deterministic");
  struct Options {
    uint64_t seed = 1;
    size_t crimes = 1000;
    std::string from, to, output = "-";
    int units = 6;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  cmd->add_option("--crimes", o->crimes, "How many crimes")->capture_default_str();
  cmd->add_option("--from", o->from, "First recording date (default: 180 days before --to)");
  cmd->add_option("--to", o->to, "Last date anything happens (default: today in London)");
  cmd->add_option("--units", o->units, "Units (BCUs/teams), 1 to 999")->capture_default_str();
  cmd->add_option("-o,--output", o->output, "Output file, - for standard output")
      ->capture_default_str();
  cmd->callback([&ctx, o] {
    synth::ForceSpec spec;
    spec.seed = o->seed;
    spec.crimes = o->crimes;
    spec.to = ctx.DateOption(o->to, "--to");
    spec.from = o->from.empty() ? spec.to.AddDays(-180) : ctx.DateOption(o->from, "--from");
    spec.units = o->units;
    if (spec.from > spec.to) throw UsageError{"--from is after --to"};
    if (o->units < 1 || o->units > 999) throw UsageError{"--units must be 1 to 999"};
    std::FILE* out = o->output == "-" ? stdout : std::fopen(o->output.c_str(), "wb");
    if (out == nullptr) throw InvalidInput{fmt::format("cannot write {}", o->output)};
    synth::ForceGenerator generator(spec);
    synth::SyntheticCase c;
    std::string buffer;
    while (generator.Next(c)) {
      for (size_t i = 0; i < c.file.events.size(); ++i) {
        buffer += events::ToJsonLine(c.file.crime, c.file.events[i], c.extras[i]);
        buffer += '\n';
      }
      if (buffer.size() > (1u << 16)) {
        WriteOrFail(buffer, out, o->output);
        buffer.clear();
      }
    }
    WriteOrFail(buffer, out, o->output);
    if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0))
      throw InvalidInput{fmt::format("cannot write {}: {}", o->output, std::strerror(errno))};
  });
}

}  // namespace cf::cli
