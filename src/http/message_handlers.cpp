// Standard messages from the case page: choose, check (the text, its text-message length, any
// safety warning), then send through the outbox; and any letter as a PDF to print.
#include "app/access.hpp"
#include "app/drafts.hpp"
#include "app/letter_actions.hpp"
#include "app/letters.hpp"
#include "app/outbox.hpp"
#include "http/handlers.hpp"
#include "notify/sms.hpp"

namespace cf::http {

app::LetterRequest MessageHandlers::LetterRequestFrom(const storage::CaseRow& row,
                                                      const Getter& get) const {
  // "Language and format": "" as the person's record asks; en, cy (standard print), en-large,
  // cy-large, easy. Anything else is refused by PrepareLetter as an unknown language.
  std::string lang = get("lang");
  std::optional<notify::LetterFormat> format;
  if (lang == "en" || lang == "cy") format = notify::LetterFormat::kStandard;
  if (lang == "en-large" || lang == "cy-large") {
    lang.resize(2);
    format = notify::LetterFormat::kLargePrint;
  }
  app::LetterRequest r{row.crime, get("person"), get("template"), lang, get("update"), Now()};
  r.format = format;
  return r;
}

request_handling_status_t MessageHandlers::MessagePreview(
    RequestContext& rc, const request_handle_t& req, const restinio::router::route_params_t& params,
    const std::map<std::string, std::string>& form, const std::string& problem) {
  RequireContactRole(rc);
  const auto row = CaseFor(rc, params, "message");
  const auto get = FormGetter(form);
  const std::string channel =
      get("channel") == "letter" || get("channel") == "sms" ? get("channel") : "email";
  const auto prepared = app::PreviewMessageAs(s_, ActorOf(rc), LetterRequestFrom(row, get));
  if (!prepared && prepared.error().code == core::ErrorCode::kPermissionDenied)
    throw ProblemFor(prepared.error(), "");
  if (!prepared) {
    return CasePage(rc, req, params, "Error: message not prepared", {prepared.error().message},
                    HttpStatusFor(prepared.error().code));
  }
  const auto& p = *prepared;
  const auto sms = notify::MeasureSms(notify::Plain(p.message.sms));
  std::string recipient = channel == "email" ? p.email : channel == "sms" ? p.mobile : "";
  if (channel == "letter") {
    for (const auto& line : p.letter.recipient) recipient += (recipient.empty() ? "" : ", ") + line;
  }
  mstch::array paragraphs;
  for (const auto& para : p.message.paragraphs) paragraphs.push_back(para);
  mstch::map context{
      {"crime", row.crime},
      {"crime_path", PathOf(row.crime)},
      {"csrf", rc.session->csrf},
      {"person", get("person")},
      {"template", get("template")},
      {"channel", channel},
      {"channel_text", std::string(channel == "email" ? "email"
                                   : channel == "sms" ? "text message"
                                                      : "letter")},
      {"lang", get("lang")},
      {"made_as", app::NeedsWords({p.letter.lang == "cy" ? "cy" : "en", p.letter.format})},
      {"as_recorded", get("lang").empty()},
      {"standard_print", p.letter.format == notify::LetterFormat::kStandard},
      {"recipient", recipient.empty() ? "no address on record" : recipient},
      {"subject", p.message.subject},
      {"sms", p.message.sms},
      {"sms_info",
       fmt::format("{} characters, {}, {} segment{}", sms.characters,
                   sms.gsm7 ? "GSM 7-bit" : "UCS-2", sms.segments, sms.segments == 1 ? "" : "s")},
      {"salutation", p.letter.salutation},
      {"paragraphs", paragraphs},
      {"key", get("key").empty() ? auth::NewToken().substr(3, 24) : get("key")},
      {"drafted", get("drafted")},
      {"from_queue", get("from") == "queue"}};
  // What the channel needs and the record lacks, said before Send, with the way to add it.
  const char* missing = channel == "email" && p.email.empty()   ? "email address"
                        : channel == "sms" && p.mobile.empty()  ? "mobile phone number"
                        : channel == "letter" && !p.has_address ? "postal address"
                                                                : nullptr;
  if (missing != nullptr) {
    context["missing"] =
        fmt::format("{} has no {} on record, so this cannot be sent.", p.name, missing);
    context["missing_what"] = std::string(missing);
    context["fix_href"] = fmt::format("/cases/{}/events/new?type=person.details_changed&person={}",
                                      PathOf(row.crime), get("person"));
  }
  if (p.unsafe_channels.count(channel)) {
    context["unsafe"] = fmt::format("The contact agreement says {} is not safe for {}",
                                    channel == "email" ? "email"
                                    : channel == "sms" ? "text messages"
                                                       : "post",
                                    get("person"));
  }
  if (p.domestic_abuse || p.intimidated) {
    context["held"] = std::string(p.domestic_abuse ? "This case is flagged domestic abuse."
                                                   : "This person is flagged intimidated.") +
                      " Check that it is safe before you send it.";
  }
  std::string page = Render("message_preview", context);
  if (!problem.empty()) {
    page = Render("notices", {{"problem", true}, {"problems", mstch::array{problem}}}) + page;
  }
  return SendHtml(
      req,
      problem.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, "Check the message", page));
}

request_handling_status_t MessageHandlers::DraftPage(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  RequireContactRole(rc);
  const auto row = CaseFor(rc, params, "message");
  const std::string person = Query(req, "person").substr(0, 64);
  const auto draft =
      app::DraftAs(s_, ActorOf(rc), row.crime, person, Query(req, "duty").substr(0, 64));
  if (!draft && draft.error().code == core::ErrorCode::kPermissionDenied)
    throw ProblemFor(draft.error(), "");
  if (!draft) {
    return CasePage(rc, req, params, "Error: no draft", {draft.error().message},
                    HttpStatusFor(draft.error().code));
  }
  std::string note = "Drafted as " + draft->why + ".";
  if (!draft->prefers.empty()) {
    note += fmt::format(" They asked to be contacted by {}: {} them if you can, and record it.",
                        draft->prefers, draft->prefers == "phone" ? "phone" : "visit");
  }
  return MessagePreview(rc, req, params,
                        {{"person", person},
                         {"template", draft->template_id},
                         {"channel", draft->channel},
                         {"from", Query(req, "from") == "queue" ? "queue" : ""},
                         {"drafted", note}},
                        "");
}

request_handling_status_t MessageHandlers::MessagePreviewForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  return MessagePreview(rc, req, params, form, "");
}

request_handling_status_t MessageHandlers::SendMessageForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireContactRole(rc);
  const auto row = CaseFor(rc, params, "message");
  const auto get = FormGetter(form);
  const auto letter = LetterRequestFrom(row, get);
  app::SendRequest r{row.crime,
                     letter.person,
                     letter.template_id,
                     get("channel"),
                     letter.lang,
                     letter.update,
                     app::StaffIdOf(*rc.user),
                     get("confirmed") == "yes",
                     "page-" + get("key"),
                     Now()};
  r.format = letter.format;
  const auto result = app::QueueMessageAs(s_, ActorOf(rc), r);
  if (!result) {
    return CasePage(rc, req, params, "Error: message not sent", {result.error().message},
                    HttpStatusFor(result.error().code));
  }
  switch (result->kind) {
    case app::SendResult::kNeedsConfirmation:
      return MessagePreview(rc, req, params, form,
                            "Tick the box to confirm that it is safe to send this");
    case app::SendResult::kSuppressed:
      return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=suppressed");
    case app::SendResult::kQueued:
      break;
  }
  // A draft sent from the queue goes back to it.
  if (get("from") == "queue") return Redirect(req, "/?done=queued");
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=queued");
}

request_handling_status_t MessageHandlers::LetterPdf(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  RequireContactRole(rc);
  const auto row = CaseFor(rc, params, "letter");
  const auto pdf = app::LetterPdfAs(
      s_, ActorOf(rc), LetterRequestFrom(row, [&](const char* n) { return Query(req, n); }),
      Query(req, "large") == "1");
  if (!pdf && pdf.error().code == core::ErrorCode::kConflict)
    throw Problem{HttpStatusFor(core::ErrorCode::kConflict), "Not safe to post",
                  pdf.error().message};
  if (!pdf && pdf.error().code == core::ErrorCode::kPermissionDenied)
    throw ProblemFor(pdf.error(), "");
  if (!pdf) throw NotFound(pdf.error().message);
  return SendDownload(req, "application/pdf", fmt::format("letter-{}.pdf", Query(req, "template")),
                      std::string(*pdf));
}

}  // namespace cf::http
