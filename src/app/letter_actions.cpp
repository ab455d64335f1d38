#include "app/letter_actions.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "app/access.hpp"
#include "notify/letter_pdf.hpp"
#include "notify/message_template.hpp"

namespace cf::app {
namespace {

// The case's letter, prepared, when the actor may record contacts on it.
core::Result<PreparedLetter> Prepare(Services& s, const Actor& actor, const LetterRequest& request,
                                     const char* action) {
  if (!MayRecordContacts(actor.user))
    return core::PermissionDenied("analysts do not record contacts");
  // The portal's own messages carry a person's one-time link: never written by hand.
  if (notify::IsPortalMessage(request.template_id)) {
    return core::InvalidArgument(fmt::format(
        "template: {} is sent by the portal, with the person's own link", request.template_id));
  }
  if (auto row = CaseFor(s, actor, request.crime, action); !row) return row.error();
  return PrepareLetter(s.cases, s.accounts, request);
}

}  // namespace

core::Result<PreparedLetter> PreviewMessageAs(Services& s, const Actor& actor,
                                              const LetterRequest& request) {
  auto prepared = Prepare(s, actor, request, "message");
  if (prepared)
    AuditAs(s, actor, "previewed_message", request.crime,
            request.person + " " + request.template_id);
  return prepared;
}

core::Result<std::string> LetterPdfAs(Services& s, const Actor& actor, const LetterRequest& request,
                                      bool large) {
  auto prepared = Prepare(s, actor, request, "letter");
  if (!prepared) return prepared.error();
  if (prepared->LettersUnsafe()) {
    AuditAs(s, actor, "letter_suppressed", request.crime,
            request.person + ": letters are not safe");
    return core::Conflict("The contact agreement says letters are not safe for this person.");
  }
  auto pdf = notify::LettersPdf({prepared->letter}, {large});
  // The letter was prepared: failing to draw it is the machine's fault, not the request's.
  if (!pdf) throw std::runtime_error("letter PDF: " + pdf.error().message);
  AuditAs(s, actor, "downloaded_letter", request.crime, request.person + " " + request.template_id);
  return pdf;
}

}  // namespace cf::app
