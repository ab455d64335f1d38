#pragma once
// Drafts written for the officer (issue 17, item 3): for a duty still to meet, the message
// that meets it in the person's channel (their contact agreement's, else their needs
// assessment's preferred contact, else what is on record), language and format, to check and
// send in one click from the queue, through the outbox's safety gate. Worked out when asked,
// from the case as it stands, so a draft never goes stale and importing costs nothing more.
// A force may send named duties on named channels without review (`auto_send`, off by default).

#include <map>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"

namespace cf::app {

struct Draft {
  std::string template_id;  // the duty's standard message (LetterForDuty)
  std::string channel;      // email, sms or letter
  std::string why;          // how the channel was chosen, in words
  std::string prefers;      // "phone" or "visit" when that is how they asked to be contacted
};

// The draft that meets `duty` for `person` on the case (`bodies`, its stored events).
// kNotFound when no standard message meets the duty, or the person is not on the case.
core::Result<Draft> DraftFor(const std::string& crime, const std::vector<std::string>& bodies,
                             const std::string& person, const std::string& duty);

// DraftFor on a case the actor may see and send messages on (not analysts: kPermissionDenied).
core::Result<Draft> DraftAs(Services& s, const Actor& actor, const std::string& crime,
                            const std::string& person, const std::string& duty);

// The force's auto-send policy as stored: "none", or duty:channel pairs separated by commas
// ("arrest:sms, bail:email"). Errors name the pair that is wrong.
core::Result<std::map<std::string, std::string>> ParseAutoSend(const std::string& text);

struct AutoSendReport {
  size_t sent = 0;   // queued in the outbox
  size_t held = 0;   // the safety gate wants an officer to confirm: left for review
  size_t other = 0;  // their channel is not the policy's for the duty, or it was suppressed
};

// Sends, without review, the drafts of open duties the policy names whose channel is the
// policy's for that duty (each once: the outbox's idempotency key is the duty's), by
// "auto-send"; each audited as auto_sent_message. Nothing when the policy is "none".
AutoSendReport SendDraftsByPolicy(Services& s);

}  // namespace cf::app
