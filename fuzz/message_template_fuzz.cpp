// Fuzzes the message templates an admin may edit (notify::ParseTemplate, ValidateTemplate,
// Fill: mustache through mstch, and Pango markup). Beyond "no crash, no hang", it asserts that
// a template that validates fills without throwing, with the sample values, with none and with
// values that are themselves markup and mustache, and that what it fills is still valid letter
// markup: values are escaped, never run.
#include <pango/pango.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "notify/message_template.hpp"

namespace {

using cf::notify::MessageFields;

bool ValidMarkup(const std::string& text) {
  GError* error = nullptr;
  const bool ok = pango_parse_markup(text.c_str(), -1, 0, nullptr, nullptr, nullptr, &error);
  if (error != nullptr) g_error_free(error);
  return ok;
}

// Every field SampleFields knows, each set to `value`, and every flag.
MessageFields Hostile(const std::string& value) {
  MessageFields f = cf::notify::SampleFields("en");
  for (auto& [name, v] : f.values) v = value;
  return f;
}

// Printable ASCII from the input, as a value typed into a form might be.
std::string Printable(std::string_view input) {
  std::string out;
  for (const char c : input.substr(0, 64)) {
    if (c >= 0x20 && c < 0x7f) out += c;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = cf::notify::ParseTemplate("fuzz", "en", text);
  if (!parsed) return 0;
  if (!cf::notify::ValidateTemplate(*parsed)) return 0;

  for (const MessageFields& fields :
       {cf::notify::SampleFields("en"), MessageFields{}, Hostile("<b>&amp; \"'{{crime}}</b> &"),
        Hostile("{{#vrr}}{{/vrr}}{{=<% %>=}}"), Hostile(Printable(text))}) {
    const auto m = cf::notify::Fill(*parsed, fields);  // an exception escapes: a crash
    std::vector<std::string> texts = {m.subject, m.sms};
    texts.insert(texts.end(), m.paragraphs.begin(), m.paragraphs.end());
    for (const auto& t : texts) CF_FUZZ_CHECK_MSG(ValidMarkup(t), t);
  }
  return 0;
}
