#include "notify/email.hpp"

#include <fmt/format.h>

#include "core/escape.hpp"
#include "notify/message_template.hpp"

namespace cf::notify {
namespace {

bool Ascii(std::string_view s) {
  for (const unsigned char c : s) {
    if (c >= 0x80 || c < 0x20) return false;
  }
  return true;
}

// Base64 in lines of 76 characters, CRLF-terminated (RFC 2045).
std::string Wrapped(std::string_view data) {
  const std::string b = Base64(data);
  std::string out;
  for (size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

}  // namespace

std::string EscapeHtml(std::string_view s) { return core::EscapeMarkup(s); }

std::string Base64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63],
            kAlphabet[n & 63]};
  }
  if (i + 1 == data.size()) {
    const uint32_t n = static_cast<unsigned char>(data[i]) << 16;
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == data.size()) {
    const uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

std::string EmailText(const std::vector<std::string>& paragraphs,
                      const std::vector<std::string>& closing) {
  std::string out;
  for (const auto& p : paragraphs) out += Plain(p) + "\n\n";
  for (const auto& c : closing) out += c + "\n";
  return out;
}

std::string EmailHtml(const std::string& subject, const std::vector<std::string>& paragraphs,
                      const std::vector<std::string>& closing) {
  std::string out = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                    subject +
                    "</title></head><body style=\"font-family: Arial, sans-serif; font-size: 19px; "
                    "line-height: 1.3; "
                    "color: #0b0c0c; max-width: 640px\">\n<h1 style=\"font-size: 24px\">" +
                    subject + "</h1>\n";
  for (const auto& p : paragraphs) out += "<p>" + p + "</p>\n";
  out += "<p>";
  for (size_t i = 0; i < closing.size(); ++i) out += (i ? "<br>" : "") + EscapeHtml(closing[i]);
  out += "</p>\n</body></html>\n";
  return out;
}

std::string Rfc5322(const Email& e) {
  const std::string boundary = "cf-" + e.message_id;
  const std::string subject =
      Ascii(e.subject) ? e.subject : "=?UTF-8?B?" + Base64(e.subject) + "?=";
  const std::string from_name =
      Ascii(e.from_name) ? "\"" + e.from_name + "\"" : "=?UTF-8?B?" + Base64(e.from_name) + "?=";
  std::string m;
  m += fmt::format("From: {} <{}>\r\n", from_name, e.from);
  m += fmt::format("To: <{}>\r\n", e.to);
  m += fmt::format("Subject: {}\r\n", subject);
  m += fmt::format("Date: {}\r\n", e.date);
  m += fmt::format("Message-ID: <{}@citizenfocus>\r\n", e.message_id);
  m += "MIME-Version: 1.0\r\n";
  m += fmt::format("Content-Type: multipart/alternative; boundary=\"{}\"\r\n\r\n", boundary);
  m += fmt::format(
      "--{}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
      "base64\r\n\r\n",
      boundary);
  m += Wrapped(e.text);
  m += fmt::format(
      "--{}\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
      boundary);
  m += Wrapped(e.html);
  m += fmt::format("--{}--\r\n", boundary);
  return m;
}

}  // namespace cf::notify
