// citizenfocus --db PATH letter | templates
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <set>

#include "app/letters.hpp"
#include "app/outbox.hpp"
#include "app/staff_actions.hpp"
#include "cli/context.hpp"
#include "notify/message_template.hpp"
#include "notify/readability.hpp"
#include "notify/sms.hpp"

namespace cf::cli {

void AddLetterCommands(CLI::App& app, Context& ctx) {
  auto* letter = app.add_subcommand(
      "letter",
      "A standard letter to one person on a case, as PDF (-o), or its text message (--sms): the "
      "one that meets a duty (--duty), or any template (--template)");
  struct Options {
    std::vector<std::string> crimes;
    std::string person, template_id, duty, lang, update, output, override_safety;
    int instance = 0;
    bool large_print = false, easy_read = false, standard_print = false, sms = false,
         no_address = false;
  };
  auto o = std::make_shared<Options>();
  letter
      ->add_option("--crime", o->crimes,
                   "Crime reference (repeat for a print run of one letter per case)")
      ->required();
  letter->add_option("--person", o->person, "Person id on the case, e.g. V1")->required();
  auto* by_template = letter->add_option("--template", o->template_id,
                                         "Template id (citizenfocus templates lists them)");
  auto* by_duty =
      letter->add_option("--duty", o->duty,
                         "The duty the letter meets (e.g. bail, closure, periodic_update): its "
                         "letter, filled from the event that started it");
  by_template->excludes(by_duty);
  letter->add_option("--instance", o->instance, "With --duty: which one (default: the latest)")
      ->check(CLI::Range(1, 10000))
      ->needs(by_duty);
  letter->add_option("--lang", o->lang,
                     "en or cy (Welsh); default: the person's recorded language");
  auto* large = letter->add_flag("--large-print", o->large_print, "Large print (16 pt throughout)");
  auto* easy = letter->add_flag("--easy-read", o->easy_read,
                                "Easy read: short sentences, one idea to a line, large clear type "
                                "(English only)");
  auto* standard = letter->add_flag("--standard-print", o->standard_print,
                                    "Standard print, whatever the person's needs say");
  large->excludes(easy)->excludes(standard);
  easy->excludes(standard);
  letter->add_option("--update", o->update, "periodic_update: what to tell them");
  letter->add_flag("--sms", o->sms,
                   "Print the text message, its length and segments, instead of a PDF");
  letter->add_option("-o,--output", o->output, "The PDF to write");
  letter->add_flag("--no-address", o->no_address,
                   "Write the letter although the person has no postal address on record (for "
                   "delivery by hand)");
  letter->add_option("--override-safety", o->override_safety,
                     "Produce a letter although the contact agreement says letters are not safe; "
                     "the reason is audited");
  letter->callback([&ctx, o] {
    if (!o->sms && o->output.empty())
      throw UsageError{"give -o FILE.pdf for the letter, or --sms for the text message"};
    if (o->template_id.empty() && o->duty.empty())
      throw UsageError{"give --duty DUTY for the letter that meets a duty, or --template ID"};
    if (!o->lang.empty() && o->lang != "en" && o->lang != "cy")
      throw UsageError{fmt::format("--lang: \"{}\" is not en or cy", o->lang)};
    if (o->lang == "cy" && o->easy_read)
      throw UsageError{"--easy-read: easy-read letters are in English only (--lang en)"};
    if (notify::IsPortalMessage(o->template_id)) {
      throw UsageError{fmt::format(
          "--template: {} is sent by the portal, with the person's own link (citizenfocus "
          "portal invite; alerts go by themselves)",
          o->template_id)};
    }
    std::optional<notify::LetterFormat> format;
    if (o->large_print) format = notify::LetterFormat::kLargePrint;
    if (o->easy_read) format = notify::LetterFormat::kEasyRead;
    if (o->standard_print) format = notify::LetterFormat::kStandard;
    const auto now = ctx.Now();
    std::vector<notify::Letter> letters;
    std::vector<storage::AuditEntry> produced;
    std::set<std::string> made_as;  // "bail, Welsh, large print" for the summary
    for (const auto& crime : o->crimes) {
      app::LetterRequest request{crime, o->person, o->template_id, o->lang, o->update, now};
      request.format = format;
      std::string what = o->template_id;
      if (!o->duty.empty()) {
        const auto duty = app::DutyForLetter(ctx.Store(), crime, o->person, o->duty, o->instance);
        if (!duty) throw InvalidInput{duty.error().message};
        request.template_id = app::LetterForDuty(o->duty);
        request.trigger_event = duty->trigger_event;
        what = fmt::format("{}, for the duty {}{}", request.template_id, o->duty,
                           duty->instance > 1 ? fmt::format(" {}", duty->instance) : "");
      }
      const auto prepared = app::PrepareLetter(ctx.Store(), ctx.Accounts(), request);
      if (!prepared) throw InvalidInput{prepared.error().message};
      if (prepared->LettersUnsafe() && !o->sms && o->override_safety.empty()) {
        ctx.Accounts().Audit({"", "cli", "letter_suppressed", crime, o->person,
                              what + ": the contact agreement says letters are not safe", "cli"});
        throw InvalidInput{
            fmt::format("{} {}: the contact agreement says letters are not safe; nothing written "
                        "(--override-safety REASON to produce it anyway)",
                        crime, o->person)};
      }
      // An unaddressed letter would go nowhere: refused unless it is to be delivered by hand.
      if (!o->sms && !prepared->has_address && !o->no_address) {
        throw InvalidInput{fmt::format(
            "{} {} ({}) has no postal address on record; nothing written (add one with a "
            "person.details_changed event, or --no-address for a letter delivered by hand)",
            crime, o->person, prepared->name)};
      }
      if (o->sms) {
        const std::string text = notify::Plain(prepared->message.sms);
        const auto info = notify::MeasureSms(text);
        std::cout << text << "\n"
                  << fmt::format("{}: {} characters, {}, {} segment{}\n", crime, info.characters,
                                 info.gsm7 ? "GSM 7-bit" : "UCS-2", info.segments,
                                 info.segments == 1 ? "" : "s");
        continue;
      }
      const app::LetterNeeds as_made{prepared->letter.lang == "cy" ? "cy" : "en",
                                     prepared->letter.format};
      made_as.insert(fmt::format("{}, {}", request.template_id, app::NeedsWords(as_made)));
      what += fmt::format(" ({})", app::NeedsWords(as_made));
      letters.push_back(prepared->letter);
      produced.push_back(
          {"", "cli", prepared->LettersUnsafe() ? "letter_produced_override" : "letter_produced",
           crime, o->person,
           prepared->LettersUnsafe() ? fmt::format("{}: {}", what, o->override_safety)
           : prepared->has_address   ? what
                                     : what + ", no address: delivered by hand",
           "cli"});
    }
    if (o->sms) return;
    const auto status = notify::WriteLettersPdf(letters, o->output, {});
    if (!status) throw InvalidInput{status.error().message};
    // Audited as produced only once the file is safely written.
    for (const auto& entry : produced) ctx.Accounts().Audit(entry);
    std::string kinds;
    for (const auto& k : made_as) kinds += (kinds.empty() ? "" : "; ") + k;
    std::cout << fmt::format("{}: {} letter{} ({})\n", o->output, letters.size(),
                             letters.size() == 1 ? "" : "s", kinds);
  });

  auto* send = app.add_subcommand(
      "send", "Queue a standard message to one person (email, or a letter for the print run)");
  struct SendOptions {
    std::string crime, person, template_id, channel = "email", lang = "en", update, by = "cli", key;
    bool confirm = false;
  };
  auto so = std::make_shared<SendOptions>();
  send->add_option("--crime", so->crime, "Crime reference")->required();
  send->add_option("--person", so->person, "Person id on the case")->required();
  send->add_option("--template", so->template_id, "Template id")->required();
  send->add_option("--channel", so->channel, "email, sms or letter")->capture_default_str();
  send->add_option("--lang", so->lang,
                   "en, cy or easy (easy-read English); \"\": as the person's needs say")
      ->capture_default_str();
  send->add_option("--update", so->update, "periodic_update: what to tell them");
  send->add_option("--by", so->by, "Who is sending it (staff id)")->capture_default_str();
  send->add_option("--key", so->key, "Idempotency key: the same key is never queued twice");
  send->add_flag("--confirm", so->confirm,
                 "Confirm a message on a domestic abuse case or to an intimidated person");
  send->callback([&ctx, so] {
    const auto r = app::QueueMessageAs(ctx.Services(), app::CommandLineActor(so->by),
                                       {so->crime, so->person, so->template_id, so->channel,
                                        so->lang, so->update, "", so->confirm, so->key, ctx.Now()});
    if (!r) throw InvalidInput{r.error().message};
    switch (r->kind) {
      case app::SendResult::kQueued:
        std::cout << fmt::format("queued: outbox {}\n", r->outbox_id);
        return;
      case app::SendResult::kSuppressed:
        std::cout << fmt::format("suppressed: {} (outbox {})\n", r->reason, r->outbox_id);
        throw ExitWith{kExitSomeFailed};
      case app::SendResult::kNeedsConfirmation:
        std::cout << fmt::format("not queued: {} (--confirm)\n", r->reason);
        throw ExitWith{kExitSomeFailed};
    }
  });

  auto* outbox = app.add_subcommand("outbox", "The outbox of messages to victims and witnesses");
  outbox->require_subcommand(1);
  auto* dispatch =
      outbox->add_subcommand("dispatch",
                             "Send the messages that are due (SMTP or GOV.UK Notify), retrying "
                             "with backoff");
  // Flags override the --config file for one run; secrets only ever come from the environment.
  struct DispatchCli {
    std::string smtp, from, user, notify_url, email_template, sms_template;
    bool notify_letters = false;
    size_t max = 1000;
    int claim_lease = 0;  // seconds; 0: the --config file's
    app::DispatchOptions Apply(app::MessagingConfig& config) const {
      app::DispatchOptions o = config.dispatch;
      o.worker = ProcessName();
      if (claim_lease > 0) o.lease_seconds = claim_lease;
      if (!smtp.empty()) o.smtp.url = smtp;
      if (!from.empty()) o.from = from;
      if (!user.empty()) o.smtp.user = user;
      if (!notify_url.empty()) o.notify.base_url = notify_url;
      if (!email_template.empty()) o.notify.email_template = email_template;
      if (!sms_template.empty()) o.notify.sms_template = sms_template;
      if (notify_letters) o.notify.letters = true;
      o.max = max;
      if (!o.notify.base_url.empty() && !o.notify.enabled())
        throw UsageError{"GOV.UK Notify needs CF_NOTIFY_API_KEY set"};
      return o;
    }
  };
  auto d = std::make_shared<DispatchCli>();
  auto notify_options = [d](CLI::App* cmd) {
    cmd->add_option("--notify-url", d->notify_url,
                    "GOV.UK Notify (or compatible) base URL; the API key comes from "
                    "CF_NOTIFY_API_KEY")
        ->envname("CF_NOTIFY_URL");
    cmd->add_option("--notify-email-template", d->email_template,
                    "Notify template id with ((subject)) and ((body))");
    cmd->add_option("--notify-sms-template", d->sms_template, "Notify template id with ((body))");
    cmd->add_flag("--notify-letters", d->notify_letters,
                  "Send letters to Notify as PDFs to print and post");
  };
  notify_options(dispatch);
  dispatch->add_option("--smtp", d->smtp, "SMTP server URL (default smtp://127.0.0.1:25)")
      ->envname("CF_SMTP_URL");
  dispatch->add_option("--from", d->from, "Sender address");
  dispatch->add_option("--smtp-user", d->user,
                       "SMTP user (the password comes from CF_SMTP_PASSWORD)");
  dispatch->add_option("--max", d->max, "At most this many messages")->capture_default_str();
  dispatch
      ->add_option("--claim-lease", d->claim_lease,
                   "Seconds this run's claim on each message lasts; a message a run killed "
                   "mid-send left behind is sent again by a later run once it has passed "
                   "(default: the --config file's [schedule] claim_lease, 5 minutes)")
      ->check(CLI::Range(5, 86400));
  dispatch->callback([&ctx, d] {
    const auto& engine = ctx.Engine();
    const auto options = d->Apply(ctx.Messaging());
    const auto report = app::DispatchOutbox(ctx.Store(), engine, ctx.Library(), options,
                                            [&ctx] { return ctx.Now(); });
    std::cout << fmt::format("sent {}, retrying {}, failed {}, resent after an interruption {}\n",
                             report.sent, report.retrying, report.failed, report.recovered);
    if (report.failed > 0) throw ExitWith{kExitSomeFailed};
  });
  auto* refresh = outbox->add_subcommand(
      "refresh", "Ask Notify whether the messages it accepted were delivered");
  notify_options(refresh);
  refresh->callback([&ctx, d] {
    const auto options = d->Apply(ctx.Messaging());
    if (!options.notify.enabled())
      throw UsageError{"give --notify-url (or [notify] in --config) and set CF_NOTIFY_API_KEY"};
    const auto& engine = ctx.Engine();
    const auto r =
        app::RefreshOutbox(ctx.Store(), engine, ctx.Library(), options.notify, ctx.Now());
    std::cout << fmt::format("delivered {}, failed {}, still sending {}\n", r.delivered, r.failed,
                             r.pending);
  });
  auto* print = outbox->add_subcommand(
      "print", "Every queued letter into one PDF for the post room; marks them posted");
  auto po = std::make_shared<std::pair<std::string, bool>>();
  print->add_option("-o,--output", po->first, "The PDF to write")->required();
  print->add_flag("--large-print", po->second, "16 pt");
  print->callback([&ctx, po] {
    if (ctx.Messaging().dispatch.notify.SendsLetters()) {
      throw UsageError{
          "letters go to GOV.UK Notify ([notify] letters = true): `outbox dispatch` sends them"};
    }
    const auto& engine = ctx.Engine();
    const auto n =
        app::PrintRun(ctx.Store(), engine, ctx.Library(), po->first, po->second, ctx.Now());
    if (!n) throw InvalidInput{n.error().message};
    std::cout << fmt::format("{}: {} letter{} printed and marked posted\n", po->first, *n,
                             *n == 1 ? "" : "s");
  });
  auto* list = outbox->add_subcommand("list", "A case's messages and their status");
  auto lc = std::make_shared<std::string>();
  list->add_option("--crime", *lc, "Crime reference")->required();
  list->callback([&ctx, lc] {
    for (const auto& m : ctx.Store().CaseOutbox(*lc)) {
      std::cout << fmt::format("{}  {:<10} {:<6} {:<6} {:<26} attempts {}{}\n", m.id,
                               domain::Name(m.status), m.channel, m.person, m.template_id,
                               m.attempts, m.last_error.empty() ? "" : "  " + m.last_error);
    }
  });

  auto* templates =
      app.add_subcommand("templates", "List the standard letter and message templates");
  templates->callback([] {
    for (const auto& id : notify::TemplateIds()) {
      const auto t = notify::BuiltInTemplate(id, "en");
      std::cout << fmt::format("{:<30} {}\n", id, t ? t->subject : t.error().message);
    }
  });
}

}  // namespace cf::cli
