#pragma once
// A member of staff checking a standard message before it is sent, and printing a letter to
// post by hand. Both are for roles that record contacts (not analysts), on cases the actor may
// see (app::CaseFor, action "message" or "letter"); both are audited, so what a victim was
// shown or sent can be traced to who prepared it.

#include <string>

#include "app/letters.hpp"
#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"

namespace cf::app {

// The message `request` would send, as the person would get it. Audited as previewed_message.
core::Result<PreparedLetter> PreviewMessageAs(Services& s, const Actor& actor,
                                              const LetterRequest& request);

// The letter as a PDF (`large`: large print). When the contact agreement says post is not safe
// for the person: kConflict, audited as letter_suppressed, and no letter. Audited as
// downloaded_letter once the PDF is made. A PDF that cannot be drawn throws (a failure of the
// machine, answered 500), as a storage failure does.
core::Result<std::string> LetterPdfAs(Services& s, const Actor& actor, const LetterRequest& request,
                                      bool large);

}  // namespace cf::app
