#pragma once
// Internal to http/: one handler class per resource, each over a RequestContext (see
// handler_base.hpp). server.cpp's route table says which URL goes to which.

#include <map>
#include <string>
#include <vector>

#include "app/call_backs.hpp"
#include "app/case_search.hpp"
#include "app/dip_sampling.hpp"
#include "app/letters.hpp"
#include "app/quality_calls.hpp"
#include "app/staff_admin.hpp"
#include "app/work_queue.hpp"
#include "http/event_forms.hpp"
#include "http/handler_base.hpp"
#include "http/offload.hpp"

namespace cf::http {

using Form = std::map<std::string, std::string>;
using Problems = std::vector<std::string>;
using Reply = request_handling_status_t;
using Req = request_handle_t;

// Signing in and out of the staff pages (sign_in.cpp).
class SignInHandlers : public HandlerBase {
 public:
  // `offload` (which must outlive this) checks passwords off the server's thread.
  SignInHandlers(app::Services& s, Offload& offload) : HandlerBase(s), offload_(offload) {}
  Reply LoginPage(RequestContext& rc, const Req& req, const std::string& error,
                  const std::string& name = "");
  Reply Login(RequestContext& rc, const Req& req);
  Reply Logout(RequestContext& rc, const Req& req);

 private:
  // The answer to a sign-in whose password has been checked.
  Reply LoginDone(RequestContext& rc, const Req& req, const std::string& name,
                  const core::Result<std::string>& token);
  Offload& offload_;
};

// Work queues, the team view and reassigning many cases (queue_handlers.cpp).
class QueueHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply Queue(RequestContext& rc, const Req& req);
  Reply Team(RequestContext& rc, const Req& req);
  Reply QueuePage(RequestContext& rc, const Req& req);
  Reply ReassignManyForm(RequestContext& rc, const Req& req);
  // Duties missed before closure: the list (page and API) and acknowledging one.
  Reply Missed(RequestContext& rc, const Req& req);
  Reply AcknowledgeMissed(RequestContext& rc, const Req& req);
  // The page; `failed` is the index on the page of a form refused with `problem` (or -1).
  Reply MissedPage(RequestContext& rc, const Req& req, int failed = -1,
                   const std::string& problem = "", const std::string& note = "");
  Reply AcknowledgeMissedForm(RequestContext& rc, const Req& req);

 private:
  json TeamJson(RequestContext& rc, const std::string& unit, core::Date as_of);
  // The view a queue's URL asks for: rag, duty, crime_type, enhanced and sort (throws
  // BadRequest naming a bad one). Scope and page are the caller's.
  static app::QueueFilter FilterFrom(const request_handle_t& req, core::Date as_of);
  mstch::map ReassignContext(RequestContext& rc, const storage::Scope& scope,
                             const app::DueList& list);
};

// One case: read it, reassign it, close it (case_handlers.cpp; the page in case_page.cpp).
class CaseHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply Case(RequestContext& rc, const Req& req, const Params& params);
  Reply Assign(RequestContext& rc, const Req& req, const Params& params);
  Reply AssignForm(RequestContext& rc, const Req& req, const Params& params);
  // A supervisor confirms or rejects a suggested repeat victim match.
  Reply RepeatVictimForm(RequestContext& rc, const Req& req, const Params& params);
  Reply Close(RequestContext& rc, const Req& req, const Params& params);
  Reply CloseForm(RequestContext& rc, const Req& req, const Params& params);
  // Hands a charged case to a Witness Care Unit, behind the needs assessment gate.
  Reply HandOverForm(RequestContext& rc, const Req& req, const Params& params);
  // A person's choice of a referral to another organisation the force lists: agreed or not.
  Reply ReferralChoiceForm(RequestContext& rc, const Req& req, const Params& params);
  Reply Show(RequestContext& rc, const Req& req, const Params& params) {
    return SignedIn(rc, req) ? CasePage(rc, req, params, "", {}) : Redirect(req, "/login");
  }
  // The victim and witness portal from the case page (portal_staff.cpp): invite a person (the
  // one-time link shown to hand over), end their access, and see what they see.
  Reply PortalInviteForm(RequestContext& rc, const Req& req, const Params& params);
  Reply PortalRevokeForm(RequestContext& rc, const Req& req, const Params& params);
  Reply PortalView(RequestContext& rc, const Req& req, const Params& params) {
    return PortalViewPage(rc, req, params, Query(req, "person").substr(0, 64), "", "");
  }
  // A reply to the person's portal thread (app::ReplyInPortal), from the portal view.
  Reply PortalReplyForm(RequestContext& rc, const Req& req, const Params& params);

 private:
  // The portal view of `person`, with a reply that was refused (`reply_error`) kept.
  Reply PortalViewPage(RequestContext& rc, const Req& req, const Params& params,
                       const std::string& person, const std::string& reply_error,
                       const std::string& reply_text);
  static app::CloseCommand CloseFrom(const storage::CaseRow& row, const Getter& get);
  static void RequireCloseRole(RequestContext& rc);
};

// Contacts with victims and witnesses: check what one meets, then record it
// (contact_handlers.cpp).
class ContactHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply Contact(RequestContext& rc, const Req& req, const Params& params);
  Reply ContactCheckPage(RequestContext& rc, const Req& req, const Params& params);
  Reply ContactForm(RequestContext& rc, const Req& req, const Params& params);

 private:
  app::ContactRequest ContactFrom(const storage::CaseRow& row, const Getter& get) const;
  app::ContactRequest PostedContact(RequestContext& rc, const Req& req, const Params& params,
                                    storage::CaseRow& row);
};

// Finding a case by reference, name, phone, email or postcode (search_handlers.cpp).
class SearchHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply Search(RequestContext& rc, const Req& req);
  Reply SearchPage(RequestContext& rc, const Req& req);

 private:
  app::FoundCases Found(RequestContext& rc, const std::string& q);
};

// Compliance figures for supervisors and analysts: the page with its chart and table, and
// the same figures as CSV or XLSX (compliance_handlers.cpp).
class ComplianceHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply CompliancePage(RequestContext& rc, const Req& req);
  Reply Download(RequestContext& rc, const Req& req, const std::string& format);
};

// Recording what happened on a case: events through the API and the event forms
// (event_handlers.cpp).
class EventHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply Events(RequestContext& rc, const Req& req);
  Reply NewEventPage(RequestContext& rc, const Req& req, const Params& params);
  Reply RecordEventForm(RequestContext& rc, const Req& req, const Params& params);

 private:
  const EventForm& EventFormFor(RequestContext& rc, const std::string& type);
  Reply EventFormPage(RequestContext& rc, const Req& req, const Params& params, const Form& values,
                      const std::vector<FormProblem>& problems);
};

// Inbound calls to the bureau and the call-backs they raise (call_back_handlers.cpp).
class CallBackHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply InboundCall(RequestContext& rc, const Req& req, const Params& params);
  Reply CallBacks(RequestContext& rc, const Req& req);
  Reply CallBackDone(RequestContext& rc, const Req& req, const Params& params);
  Reply InboundCallForm(RequestContext& rc, const Req& req, const Params& params);
  Reply CallBackDoneForm(RequestContext& rc, const Req& req, const Params& params);

 private:
  // `working_days`: app::CallBackWorkingDays, for its due date.
  json CallBackJson(const storage::CallBack& c, int working_days) const;
  app::InboundCall InboundCallFrom(const storage::CaseRow& row, const Getter& get) const;
  void RequireCallRole(RequestContext& rc) const;
};

// Victim Support's side of the referral feed (referral_handlers.cpp).
class ReferralHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply Referrals(RequestContext& rc, const Req& req);
  Reply ReferralStatus(RequestContext& rc, const Req& req);
};

// Standard messages and letters from the case page (message_handlers.cpp).
class MessageHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply MessagePreviewForm(RequestContext& rc, const Req& req, const Params& params);
  Reply SendMessageForm(RequestContext& rc, const Req& req, const Params& params);
  // GET ?person=&duty=[&from=queue]: the draft that meets the duty, checked as MessagePreview
  // shows it, sent in one click (back to the queue when it came from there).
  Reply DraftPage(RequestContext& rc, const Req& req, const Params& params);
  Reply LetterPdf(RequestContext& rc, const Req& req, const Params& params);

 private:
  app::LetterRequest LetterRequestFrom(const storage::CaseRow& row, const Getter& get) const;
  Reply MessagePreview(RequestContext& rc, const Req& req, const Params& params, const Form& form,
                       const std::string& problem);
};

// Staff accounts and units, for admins (admin_users.cpp).
class StaffAdminHandlers : public HandlerBase {
 public:
  // `offload` (which must outlive this) hashes new passwords off the server's thread.
  StaffAdminHandlers(app::Services& s, Offload& offload) : HandlerBase(s), offload_(offload) {}
  Reply UsersPage(RequestContext& rc, const Req& req, const Form& form, const std::string& message,
                  const Problems& problems);
  Reply AddUserForm(RequestContext& rc, const Req& req);
  Reply UserPage(RequestContext& rc, const Req& req, const std::string& name,
                 const std::string& message, const Problems& problems);
  Reply UpdateUserForm(RequestContext& rc, const Req& req, const std::string& name);
  Reply UnitsPage(RequestContext& rc, const Req& req, const Form& form, const std::string& message,
                  const Problems& problems);
  Reply AddUnitForm(RequestContext& rc, const Req& req);

 private:
  // Hashes `password` on the Offload worker (app::PreparePassword), then runs then(rc, hashed)
  // back on the server's thread (HandlerBase::ResumeHtml), the admin's account read afresh.
  using WithHash = std::function<Reply(RequestContext&, const app::NewPassword&)>;
  Reply WithPassword(RequestContext& rc, const Req& req, const std::string& password,
                     WithHash then);
  Offload& offload_;
};

// The force's settings and the audit log, for admins (admin_settings.cpp).
class SettingsHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply SettingsPage(RequestContext& rc, const Req& req, const Form& form,
                     const std::string& message, const Problems& problems);
  Reply SettingsForm(RequestContext& rc, const Req& req);
  // The organisations other than Victim Support the force refers to: listed, added, changed
  // and withdrawn (app/organisations.hpp).
  Reply OrganisationsPage(RequestContext& rc, const Req& req, const Form& form,
                          const std::string& message, const Problems& problems);
  Reply OrganisationsForm(RequestContext& rc, const Req& req);
  // The audit log a page at a time (?user, crime, from, to: London dates; page), and all of
  // it that matches as CSV (at most 100,000 rows).
  Reply AuditPage(RequestContext& rc, const Req& req);
  Reply AuditCsv(RequestContext& rc, const Req& req);
};

// Shifts and leave, kept by a unit's supervisors (rota_handlers.cpp).
class RotaHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply RotaPage(RequestContext& rc, const Req& req, const std::string& asked_unit,
                 const std::string& asked_from, const std::string& message,
                 const Problems& problems);
  Reply RotaForm(RequestContext& rc, const Req& req, const std::string& action, int64_t id);
};

// Dip samples and their reviews (quality_handlers.cpp).
class QualityHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply DipSamplesPage(RequestContext& rc, const Req& req, const std::string& unit,
                       const std::string& month, const std::string& message,
                       const Problems& problems);
  Reply DrawForm(RequestContext& rc, const Req& req);
  // The review form, shown again with `problems` and what was typed; with `action`, the
  // problems are those of the action raised from it, and the stored review is shown.
  Reply ReviewPage(RequestContext& rc, const Req& req, int64_t sample, const std::string& crime,
                   const Problems& problems, const std::map<std::string, std::string>& typed,
                   const std::string& typed_findings, const app::ActionRequest* action = nullptr);
  // An action on the self-assessment's plan from a review (/dip-samples/:id/actions).
  Reply ActionForm(RequestContext& rc, const Req& req, int64_t sample);
  Reply ReviewForm(RequestContext& rc, const Req& req, int64_t sample, const std::string& crime);
  // The two above for /dip-samples/:id/cases/:crime.
  Reply ReviewPageAt(RequestContext& rc, const Req& req, const Params& params);
  Reply ReviewFormAt(RequestContext& rc, const Req& req, const Params& params);
  // The satisfaction survey: each stage with its interval, the white/BME gap, and uploading
  // results (CSV or XLSX), whose problems are listed on the page again (422).
  Reply SurveyPage(RequestContext& rc, const Req& req, const std::string& message,
                   const Problems& problems);
  Reply SurveyUpload(RequestContext& rc, const Req& req);
  // One measure over 24 months as a chart and a table (/measures?measure=&by=&to=), every
  // measure as CSV, and refreshing the roll-ups (measures_handlers.cpp).
  Reply MeasuresPage(RequestContext& rc, const Req& req, const std::string& message);
  Reply MeasuresDownload(RequestContext& rc, const Req& req, const std::string& format);
  Reply RefreshMeasuresForm(RequestContext& rc, const Req& req);
  // Victims' comments on a unit's cases (a supervisor's own unit; any, or all, for analysts).
  Reply CommentsPage(RequestContext& rc, const Req& req);
  // A supervisor's quality call-back list for a week, and drawing it.
  Reply CallsPage(RequestContext& rc, const Req& req, const std::string& message,
                  const Problems& problems);
  Reply DrawCallsForm(RequestContext& rc, const Req& req);
  // One call's script and form (/quality-calls/:id/:position), shown again with `problems`
  // and what was typed.
  Reply CallPage(RequestContext& rc, const Req& req, int64_t list, int position,
                 const Problems& problems, const app::QualityCallAnswers& typed);
  Reply CallForm(RequestContext& rc, const Req& req, int64_t list, int position);

 private:
  // The page of a unit's samples of a month.
  static std::string SampleHref(const std::string& unit, const std::string& month);
};

// Message templates edited by admins (template_handlers.cpp).
class TemplateHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply TemplatesPage(RequestContext& rc, const Req& req);
  Reply TemplatePage(RequestContext& rc, const Req& req, const std::string& id,
                     const std::string& lang, const std::string& text_in, bool preview,
                     const Problems& problems);
  Reply TemplateForm(RequestContext& rc, const Req& req, const std::string& id,
                     const std::string& lang);
};

// The self-assessment: history, report and downloads (assessment_handlers.cpp); the scoring
// form, action plans and uploads (assessment_forms.cpp).
class AssessmentHandlers : public HandlerBase {
 public:
  using HandlerBase::HandlerBase;
  Reply AssessmentsPage(RequestContext& rc, const Req& req);
  Reply AssessmentPage(RequestContext& rc, const Req& req, int64_t id);
  Reply AssessmentDownload(RequestContext& rc, const Req& req, int64_t id,
                           const std::string& format);
  Reply AssessmentFormPage(RequestContext& rc, const Req& req, int64_t id, const Form& form,
                           const Problems& problems);
  Reply SaveAssessmentForm(RequestContext& rc, const Req& req, int64_t id);
  Reply ActionForm(RequestContext& rc, const Req& req, int64_t id);
  Reply ImportAssessmentUpload(RequestContext& rc, const Req& req);

 private:
  void RequireAssessmentViewer(RequestContext& rc);
};

}  // namespace cf::http
