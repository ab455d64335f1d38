// Message templates edited by admins: versions, a preview with text-message length and
// readability, and no unescaped placeholders.
#include <regex>

#include "app/access.hpp"
#include "app/force_settings.hpp"
#include "app/staff_admin.hpp"
#include "core/embedded.hpp"
#include "core/london_time.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"
#include "notify/readability.hpp"
#include "notify/sms.hpp"

namespace cf::http {

// --- message templates ---

request_handling_status_t TemplateHandlers::TemplatesPage(RequestContext& rc,
                                                          const request_handle_t& req) {
  RequireAdmin(rc);
  mstch::array rows;
  for (const auto& id : notify::TemplateIds()) {
    mstch::map row{{"id", id}, {"subject", notify::BuiltInTemplate(id, "en")->subject}};
    for (const auto& lang : notify::Languages()) {
      const auto versions = s_.accounts.TemplateVersions(id, lang);
      row[lang] = versions.empty() ? std::string("Built in")
                                   : fmt::format("Version {}", versions.front().version);
    }
    rows.push_back(row);
  }
  auto context = AdminContext(rc, DoneMessage(req), {});
  context["templates"] = rows;
  return SendHtml(req, restinio::status_ok(),
                  StaffPage(rc, "Message templates", Render("admin_templates", context)));
}

request_handling_status_t TemplateHandlers::TemplatePage(
    RequestContext& rc, const request_handle_t& req, const std::string& id, const std::string& lang,
    const std::string& text_in, bool preview, const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  const auto built_in = notify::BuiltInTemplate(id, lang);
  if (!built_in) throw NotFound(built_in.error().message);
  const auto viewed = app::ViewTemplateAs(s_, ActorOf(rc), id, lang);
  if (!viewed) throw ProblemFor(viewed.error(), "");
  const auto& versions = *viewed;
  std::string text = text_in;
  if (text.empty()) {
    const std::string asked = Query(req, "version");
    if (asked == "0") {
      text = *core::FindEmbedded(fmt::format("data/letters/{}/{}.mustache", lang, id));
    } else {
      for (const auto& v : versions) {
        if (asked.empty() ? &v == &versions.front() : std::to_string(v.version) == asked)
          text = v.text;
      }
      if (text.empty())
        text = *core::FindEmbedded(fmt::format("data/letters/{}/{}.mustache", lang, id));
    }
  }
  auto context = AdminContext(rc, DoneMessage(req), problems);
  context["id"] = id;
  context["lang"] = lang;
  context["lang_name"] = std::string(lang == "cy"     ? "Cymraeg (Welsh)"
                                     : lang == "easy" ? "Easy read (English)"
                                                      : "English");
  context["current"] = versions.empty()
                           ? std::string("built-in version in use")
                           : fmt::format("version {} in use, saved by {}", versions.front().version,
                                         versions.front().created_by);
  context["text"] = text;
  context["placeholders"] = std::string(
      "{{crime}} {{officer_name}} {{officer_phone}} {{frequency}} {{conditions}} "
      "{{return_date}} {{charges}} {{disposal}} {{reason}} {{court}} {{hearing_date}} "
      "{{update}}");
  context["section_example"] = std::string("{{#vrr}}...{{/vrr}}");
  mstch::array history;
  for (const auto& v : versions) {
    history.push_back(mstch::map{{"version", std::to_string(v.version)},
                                 {"by", v.created_by},
                                 {"at", v.created_at},
                                 {"id", id},
                                 {"lang", lang}});
  }
  context["versions"] = history;
  if (preview && problems.empty()) {
    const auto parsed = notify::ParseTemplate(id, lang, text);
    if (parsed) {
      const auto m = notify::Fill(*parsed, notify::SampleFields(lang));
      const auto sms = notify::MeasureSms(notify::Plain(m.sms));
      mstch::array paragraphs;
      std::string all;
      for (const auto& p : m.paragraphs) {
        paragraphs.push_back(p);
        all += notify::Plain(p) + "\n";
      }
      context["has_preview"] = true;
      context["preview_subject"] = m.subject;
      context["preview_sms"] = m.sms;
      context["preview_sms_info"] =
          fmt::format("{} characters, {}, {} segment{}", sms.characters,
                      sms.gsm7 ? "GSM 7-bit" : "UCS-2", sms.segments, sms.segments == 1 ? "" : "s");
      context["preview_paragraphs"] = paragraphs;
      if (lang == "en") {
        const auto r = notify::MeasureReadability(all);
        context["readability"] = fmt::format(
            "Flesch {:.0f} ({}; aim for 60 or more)", r.flesch,
            r.flesch >= 60 ? "plain English" : "too hard: use shorter sentences and words");
      }
    }
  }
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + id, Render("admin_template", context)));
}

request_handling_status_t TemplateHandlers::TemplateForm(RequestContext& rc,
                                                         const request_handle_t& req,
                                                         const std::string& id,
                                                         const std::string& lang) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireAdmin(rc);
  std::string text = FormValue(form, "text");
  std::string normalised;  // browsers post CRLF
  for (const char c : text) {
    if (c != '\r') normalised += c;
  }
  text = normalised;
  const bool preview = FormValue(form, "action") != "save";
  const auto saved = app::SaveTemplateAs(s_, ActorOf(rc), id, lang, text, preview);
  if (!saved && saved.error().code != core::ErrorCode::kInvalidArgument)
    throw ProblemFor(saved.error(), "Template not saved");
  if (!saved || preview) {
    return TemplatePage(rc, req, id, lang, text, /*preview=*/true,
                        saved ? std::vector<std::string>{} : std::vector{saved.error().message});
  }
  return Redirect(req, fmt::format("/admin/templates/{}/{}?done=saved", id, lang));
}

}  // namespace cf::http
