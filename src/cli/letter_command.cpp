// citizenfocus --db PATH letter | templates
#include <chrono>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/letters.hpp"
#include "cli/context.hpp"
#include "notify/readability.hpp"
#include "notify/sms.hpp"

namespace cf::cli {

void AddLetterCommands(CLI::App& app, Context& ctx) {
  auto* letter = app.add_subcommand(
      "letter", "A standard letter to one person on a case, as PDF (-o), or its text message (--sms)");
  struct Options {
    std::vector<std::string> crimes;
    std::string person, template_id, lang = "en", update, output, override_safety;
    bool large_print = false, sms = false;
  };
  auto o = std::make_shared<Options>();
  letter->add_option("--crime", o->crimes, "Crime reference (repeat for a print run of one letter per case)")
      ->required();
  letter->add_option("--person", o->person, "Person id on the case, e.g. V1")->required();
  letter->add_option("--template", o->template_id, "Template id (citizenfocus templates lists them)")->required();
  letter->add_option("--lang", o->lang, "en or cy (Welsh)")->capture_default_str();
  letter->add_option("--update", o->update, "periodic_update: what to tell them");
  letter->add_flag("--large-print", o->large_print, "16 pt instead of 12 pt");
  letter->add_flag("--sms", o->sms, "Print the text message, its length and segments, instead of a PDF");
  letter->add_option("-o,--output", o->output, "The PDF to write");
  letter->add_option("--override-safety", o->override_safety,
                     "Produce a letter although the contact agreement says letters are not safe; the reason is audited");
  letter->callback([&ctx, o] {
    if (!o->sms && o->output.empty()) throw UsageError{"give -o FILE.pdf for the letter, or --sms for the text message"};
    if (o->lang != "en" && o->lang != "cy") throw UsageError{fmt::format("--lang: \"{}\" is not en or cy", o->lang)};
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    std::vector<notify::Letter> letters;
    for (const auto& crime : o->crimes) {
      const auto prepared = app::PrepareLetter(ctx.Store(), ctx.Accounts(),
                                               {crime, o->person, o->template_id, o->lang, o->update, now});
      if (!prepared) throw InvalidInput{prepared.error().message};
      if (prepared->letters_unsafe && !o->sms && o->override_safety.empty()) {
        ctx.Accounts().Audit({"", "cli", "letter_suppressed", crime, o->person,
                              o->template_id + ": the contact agreement says letters are not safe", "cli"});
        throw InvalidInput{fmt::format("{} {}: the contact agreement says letters are not safe; nothing written "
                                       "(--override-safety REASON to produce it anyway)", crime, o->person)};
      }
      if (o->sms) {
        const std::string text = notify::Plain(prepared->message.sms);
        const auto info = notify::MeasureSms(text);
        std::cout << text << "\n"
                  << fmt::format("{}: {} characters, {}, {} segment{}\n", crime, info.characters,
                                 info.gsm7 ? "GSM 7-bit" : "UCS-2", info.segments, info.segments == 1 ? "" : "s");
        continue;
      }
      letters.push_back(prepared->letter);
      ctx.Accounts().Audit({"", "cli", prepared->letters_unsafe ? "letter_produced_override" : "letter_produced", crime,
                            o->person, prepared->letters_unsafe ? o->override_safety : o->template_id, "cli"});
    }
    if (o->sms) return;
    const auto status = notify::WriteLettersPdf(letters, o->output, {o->large_print});
    if (!status) throw InvalidInput{status.error().message};
    std::cout << fmt::format("{}: {} letter{} ({}, {}{})\n", o->output, letters.size(), letters.size() == 1 ? "" : "s",
                             o->template_id, o->lang, o->large_print ? ", large print" : "");
  });

  auto* templates = app.add_subcommand("templates", "List the standard letter and message templates");
  templates->callback([] {
    for (const auto& id : notify::TemplateIds()) {
      const auto t = notify::BuiltInTemplate(id, "en");
      std::cout << fmt::format("{:<30} {}\n", id, t ? t->subject : t.error().message);
    }
  });
}

}  // namespace cf::cli
