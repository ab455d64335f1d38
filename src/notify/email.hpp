#pragma once
// Email as the recipient's mail program expects it: a MIME multipart/alternative message
// with a plain-text part and an HTML part (GOV.UK-like, no images or scripts), UTF-8 in
// base64, the subject RFC 2047-encoded when it is not ASCII, and the outbox's idempotency key
// as the Message-ID so that a repeat after a crash can be recognised.

#include <string>
#include <vector>

namespace cf::notify {

struct Email {
  std::string from;       // address only
  std::string from_name;  // e.g. "Demoshire Police"
  std::string to;
  std::string subject;     // plain text
  std::string message_id;  // the idempotency key (letters, digits, dashes)
  std::string date;        // RFC 5322, e.g. "Fri, 27 Nov 2026 16:00:00 +0000"
  std::string text;        // plain text body
  std::string html;        // HTML body (escaped already)
};

// Plain text and HTML from a filled template's (escaped) paragraphs and a closing block.
std::string EmailText(const std::vector<std::string>& escaped_paragraphs,
                      const std::vector<std::string>& closing);
std::string EmailHtml(const std::string& escaped_subject,
                      const std::vector<std::string>& escaped_paragraphs,
                      const std::vector<std::string>& closing);

// The whole message, CRLF line endings, ready for SMTP DATA.
std::string Rfc5322(const Email& email);

std::string Base64(std::string_view data);
// & < > " escaped, for plain text placed in HTML.
std::string EscapeHtml(std::string_view text);

}  // namespace cf::notify
