// citizenfocus --db PATH portal invite | revoke: the victim and witness portal's invitations,
// from the command line (force IT, or a bureau handing a link over in person).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/portal.hpp"
#include "cli/context.hpp"

namespace cf::cli {

void AddPortalCommands(CLI::App& app, Context& ctx) {
  auto* portal = app.add_subcommand("portal", "The victim and witness portal's invitations");
  portal->require_subcommand(1);

  struct Options {
    std::string crime, person, by = "cli", base_url;
  };
  auto o = std::make_shared<Options>();
  auto* invite = portal->add_subcommand(
      "invite",
      "A one-time link for one person of a case to choose a password and see their case; the "
      "link is printed on the last line (open for 7 days; an earlier link of theirs ends)");
  invite->add_option("--crime", o->crime, "Crime reference")->required();
  invite->add_option("--person", o->person, "Person id on the case")->required();
  invite->add_option("--by", o->by, "Who is inviting (staff id), for the audit")
      ->capture_default_str();
  invite->add_option("--base-url", o->base_url,
                     "The portal's address as the person reaches it (serve --public-listen); "
                     "default: the force's portal_url setting");
  invite->callback([&ctx, o] {
    const auto link = app::InviteToPortal(ctx.Services(), app::CommandLineActor(o->by), o->crime,
                                          o->person, o->base_url);
    if (!link) throw InvalidInput{link.error().message};
    if (link->channel.empty()) {
      std::cout << fmt::format("Not sent: {} Hand the link over in person.\n", link->not_sent);
    } else {
      std::cout << fmt::format(
          "Queued by {} (outbox message {}): `worker` or `outbox dispatch` "
          "sends it.\n",
          link->channel, link->outbox_id);
    }
    std::cout << fmt::format("Invitation for {} of {}, open until {}:\n{}\n", o->person, o->crime,
                             link->expires_at, link->url);
  });

  auto* revoke = portal->add_subcommand(
      "revoke", "End a person's portal access: their account, sessions and any open link");
  revoke->add_option("--crime", o->crime, "Crime reference")->required();
  revoke->add_option("--person", o->person, "Person id on the case")->required();
  revoke->add_option("--by", o->by, "Who is revoking (staff id), for the audit")
      ->capture_default_str();
  revoke->callback([&ctx, o] {
    const auto done =
        app::RevokePortalAccess(ctx.Services(), app::CommandLineActor(o->by), o->crime, o->person);
    if (!done) throw InvalidInput{done.error().message};
    std::cout << fmt::format("Portal access of {} of {} ended\n", o->person, o->crime);
  });
}

}  // namespace cf::cli
