#include "notify/message_template.hpp"

#include <fmt/format.h>
#include <mstch/mstch.hpp>

#include "core/embedded.hpp"

namespace cf::notify {
namespace {

std::string Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

std::string Render(const std::string& text, const MessageFields& fields) {
  mstch::map context;
  for (const auto& [name, value] : fields.values) {
    if (!value.empty()) context[name] = value;  // an empty value is absent: {{#x}} hides
  }
  for (const auto& flag : fields.flags) context[flag] = true;
  return mstch::render(text, context);
}

}  // namespace

const std::vector<std::string>& TemplateIds() {
  static const std::vector<std::string> ids = {
      "acknowledgement", "arrest", "interview", "bail", "bail_changed", "released_under_investigation", "charge",
      "out_of_court_disposal", "no_further_action", "closure", "periodic_update", "referral_notice", "first_hearing"};
  return ids;
}

const std::vector<std::string>& Languages() {
  static const std::vector<std::string> langs = {"en", "cy"};
  return langs;
}

core::Result<MessageTemplate> ParseTemplate(std::string_view id, std::string_view lang, std::string_view text) {
  MessageTemplate t{std::string(id), std::string(lang), "", "", ""};
  const auto split = text.find("\n---\n");
  if (split == std::string_view::npos) {
    return core::InvalidArgument(fmt::format("template {} ({}): no \"---\" line between the header and the body", id, lang));
  }
  std::string_view header = text.substr(0, split);
  while (!header.empty()) {
    const auto end = header.find('\n');
    const std::string_view line = header.substr(0, end);
    if (line.rfind("subject:", 0) == 0) t.subject = Trim(line.substr(8));
    else if (line.rfind("sms:", 0) == 0) t.sms = Trim(line.substr(4));
    else if (!Trim(line).empty()) {
      return core::InvalidArgument(fmt::format("template {} ({}): unknown header line \"{}\"", id, lang, line));
    }
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
  }
  t.body = std::string(text.substr(split + 5));
  if (t.subject.empty()) return core::InvalidArgument(fmt::format("template {} ({}): no subject", id, lang));
  if (t.sms.empty()) return core::InvalidArgument(fmt::format("template {} ({}): no sms", id, lang));
  if (Trim(t.body).empty()) return core::InvalidArgument(fmt::format("template {} ({}): the body is empty", id, lang));
  return t;
}

core::Result<MessageTemplate> BuiltInTemplate(std::string_view id, std::string_view lang) {
  const auto text = core::FindEmbedded(fmt::format("data/letters/{}/{}.mustache", lang, id));
  if (!text) return core::NotFound(fmt::format("no template \"{}\" in language \"{}\"", id, lang));
  return ParseTemplate(id, lang, *text);
}

Message Fill(const MessageTemplate& t, const MessageFields& fields) {
  Message m;
  m.subject = Trim(Render(t.subject, fields));
  m.sms = Trim(Render(t.sms, fields));
  const std::string body = Render(t.body, fields);
  size_t pos = 0;
  while (pos <= body.size()) {
    auto end = body.find("\n\n", pos);
    if (end == std::string::npos) end = body.size();
    std::string paragraph = Trim(std::string_view(body).substr(pos, end - pos));
    for (char& c : paragraph) {
      if (c == '\n') c = ' ';
    }
    if (!paragraph.empty()) m.paragraphs.push_back(std::move(paragraph));
    pos = end + 2;
  }
  return m;
}

std::string Plain(std::string_view s) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#x2F;", '/'}, {"&#x60;", '`'},
      {"&#x3D;", '='}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (s.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

}  // namespace cf::notify
