#include "notify/message_template.hpp"

#include <fmt/format.h>
#include <pango/pango.h>

#include <mstch/mstch.hpp>
#include <optional>

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

// Why `text` is not valid Pango markup, or "".
std::string MarkupError(const std::string& text) {
  GError* error = nullptr;
  if (pango_parse_markup(text.c_str(), -1, 0, nullptr, nullptr, nullptr, &error)) return "";
  std::string message = error != nullptr ? error->message : "not valid markup";
  if (error != nullptr) g_error_free(error);
  return message;
}

// Tags that would put a value in unescaped ({{{x}}}, {{&x}}), change the delimiters so that
// later tags escape nothing ({{=<% %>=}}), or pull in another template ({{>x}}): refused, so
// every value a message shows is escaped.
std::optional<std::string> UnsafeTag(std::string_view text) {
  for (size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 2)) {
    // mstch trims the tag before reading its sigil, so "{{ &x}}" is "{{&x}}".
    const size_t next = text.find_first_not_of(" \t\r\n", at + 2);
    if (next != std::string_view::npos &&
        std::string_view("{&=>").find(text[next]) != std::string_view::npos) {
      return std::string(text.substr(at, std::min<size_t>(24, text.size() - at)));
    }
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& TemplateIds() {
  static const std::vector<std::string> ids = {"acknowledgement",
                                               "information_leaflet",
                                               "not_investigated",
                                               "arrest",
                                               "interview",
                                               "bail",
                                               "bail_changed",
                                               "released_under_investigation",
                                               "charge",
                                               "out_of_court_disposal",
                                               "no_further_action",
                                               "no_charge",
                                               "closure",
                                               "periodic_update",
                                               "referral_notice",
                                               "first_hearing",
                                               "hearing_details",
                                               "bail_outcome",
                                               "give_evidence",
                                               "special_measures",
                                               "case_outcome",
                                               "vrr_acknowledgement",
                                               "vrr_outcome",
                                               "charge_altered",
                                               "portal_invitation",
                                               "portal_alert"};
  return ids;
}

bool IsPortalMessage(std::string_view id) {
  return id == "portal_invitation" || id == "portal_alert";
}

bool IsStaffMessage(std::string_view id) {
  return id == "findings_digest" || id == "shift_digest" || id == "team_digest";
}

const std::vector<std::string>& Languages() {
  static const std::vector<std::string> langs = {"en", "cy", "easy"};
  return langs;
}

core::Result<MessageTemplate> ParseTemplate(std::string_view id, std::string_view lang,
                                            std::string_view text) {
  if (const auto tag = UnsafeTag(text)) {
    return core::InvalidArgument(fmt::format(
        "template {} ({}): \"{}\" is not allowed: write each placeholder as {{{{name}}}}, which "
        "is escaped; {{{{{{...}}}}}}, {{{{&...}}}}, {{{{=...=}}}} and {{{{>...}}}} are refused",
        id, lang, *tag));
  }
  MessageTemplate t{std::string(id), std::string(lang), "", "", ""};
  const auto split = text.find("\n---\n");
  if (split == std::string_view::npos) {
    return core::InvalidArgument(
        fmt::format("template {} ({}): no \"---\" line between the header and the body", id, lang));
  }
  std::string_view header = text.substr(0, split);
  while (!header.empty()) {
    const auto end = header.find('\n');
    const std::string_view line = header.substr(0, end);
    if (line.rfind("subject:", 0) == 0)
      t.subject = Trim(line.substr(8));
    else if (line.rfind("sms:", 0) == 0)
      t.sms = Trim(line.substr(4));
    else if (!Trim(line).empty()) {
      return core::InvalidArgument(
          fmt::format("template {} ({}): unknown header line \"{}\"", id, lang, line));
    }
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
  }
  t.body = std::string(text.substr(split + 5));
  if (t.subject.empty())
    return core::InvalidArgument(fmt::format("template {} ({}): no subject", id, lang));
  if (t.sms.empty())
    return core::InvalidArgument(fmt::format("template {} ({}): no sms", id, lang));
  if (Trim(t.body).empty())
    return core::InvalidArgument(fmt::format("template {} ({}): the body is empty", id, lang));
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

MessageFields SampleFields(std::string_view lang) {
  const bool cy = lang == "cy";
  MessageFields f;
  f.values = {{"crime", "42/12345/24"},
              {"officer_name", "PC 1003 Sarah Ahmed"},
              {"officer_phone", "01632 960003"},
              {"frequency", "28"},
              {"conditions", cy ? "peidio â chysylltu â chi" : "not to contact you"},
              {"return_date", cy ? "Dydd Llun 6 Ionawr 2025" : "Monday 6 January 2025"},
              {"charges", "burglary"},
              {"disposal", cy ? "rybuddiad" : "caution"},
              {"reason", "there is not enough evidence"},
              {"court", "Leeds Magistrates' Court"},
              {"hearing_date",
               cy ? "ddydd Mawrth 14 Ionawr 2025 am 10yb" : "Tuesday 14 January 2025 at 10am"},
              {"link", "https://portal.police.example/invitation/Zx8kP2"},
              {"expires", cy ? "Dydd Llun 13 Ionawr 2025" : "Monday 13 January 2025"},
              {"news", cy ? "Cafodd rhywun ei arestio." : "Someone was arrested."},
              {"done", cy ? "cofnodwyd y drosedd ddydd Llun 6 Ionawr 2025 a holwyd rhywun"
                          : "we recorded the crime on Monday 6 January 2025 and questioned "
                            "someone"}};
  f.flags = {"vrr"};
  return f;
}

// Every {{#name}} or {{^name}} closed by its {{/name}}, in order; "" or what is wrong.
std::string UnbalancedSection(const std::string& text) {
  std::vector<std::string> open;
  for (size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    const size_t end = text.find("}}", at);
    if (end == std::string::npos) return "a {{ is not closed with }}";
    const std::string tag = text.substr(at + 2, end - at - 2);
    if (tag.empty()) continue;
    if (tag[0] == '#' || tag[0] == '^') {
      open.push_back(tag.substr(1));
    } else if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1))
        return "{{" + tag + "}} closes a section that is not open";
      open.pop_back();
    }
  }
  return open.empty()
             ? ""
             : "section {{#" + open.back() + "}} is not closed with {{/" + open.back() + "}}";
}

core::Status ValidateTemplate(const MessageTemplate& t) {
  for (const std::string* part : {&t.subject, &t.sms, &t.body}) {
    if (const auto problem = UnbalancedSection(*part); !problem.empty()) {
      return core::InvalidArgument("the template does not fill: " + problem);
    }
  }
  for (const MessageFields& fields : {SampleFields(t.lang), MessageFields{}}) {
    Message m;
    try {
      m = Fill(t, fields);
    } catch (const std::exception& e) {
      return core::InvalidArgument(fmt::format("the template does not fill: {}", e.what()));
    }
    if (m.paragraphs.empty()) return core::InvalidArgument("the body has no text");
    std::vector<std::string> texts = {m.subject, m.sms};
    texts.insert(texts.end(), m.paragraphs.begin(), m.paragraphs.end());
    for (const auto& text : texts) {
      if (text.find("{{") != std::string::npos || text.find("}}") != std::string::npos) {
        return core::InvalidArgument(
            fmt::format("a placeholder is not closed or not known: \"{}\"", text.substr(0, 80)));
      }
      if (const auto error = MarkupError(text); !error.empty()) {
        return core::InvalidArgument(
            fmt::format("\"{}\": {} (write & as &amp; and < as &lt;)", text.substr(0, 60), error));
      }
    }
  }
  return {};
}

std::string Plain(std::string_view s) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},   {"&quot;", '"'},
      {"&#39;", '\''}, {"&#x2F;", '/'}, {"&#x60;", '`'}, {"&#x3D;", '='}};
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
