#pragma once
// The self-assessment as staff use it: who may see and change it (analysts and admins any
// scope, supervisors their own BCU: app::MayEditAssessment), saving the scoring form, the
// action plan, importing a scores file and reading a report. Each use case checks the actor's
// right (a refusal is kPermissionDenied, audited as denied_assessment) and audits what it did,
// so the pages and the command line keep the record alike.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/assessments.hpp"
#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "assess/assessment.hpp"
#include "assess/report.hpp"
#include "core/result.hpp"

namespace cf::app {

// The BCU of `unit`, from the units list; empty when it has none.
std::string BcuOfUnit(Services& s, const std::string& unit);

// kPermissionDenied unless the actor may see the self-assessment (MayViewAssessments), or
// change the assessments of `scope`; refusals are audited as denied_assessment.
core::Status MayViewAssessmentsAs(Services& s, const Actor& actor);
core::Status MayEditAssessmentAs(Services& s, const Actor& actor, const std::string& scope);

// Saves `a` as assessment `id` (0: a new one) when the actor may edit both its scope and, for a
// change, the stored one's. kNotFound; kInvalidArgument with `problems` named as the scoring
// form labels its fields ("Date of the assessment: ...", "Note on 2.6: ..."), and nothing
// stored; the same scope, date and assessor as another assessment is a problem. Audited as
// added_assessment or changed_assessment. Returns the id.
core::Result<int64_t> SaveAssessmentAs(Services& s, const Actor& actor, assess::Assessment a,
                                       int64_t id, std::vector<std::string>& problems);

// An action on the plan of assessment `assessment_id`'s scope: a new one when `action_id` is
// empty (indicator, action, owner, due), else a change of status of that action of the same
// plan. kNotFound; kInvalidArgument with the first problem as its message. Audited as
// added_action or changed_action. Returns the action's id.
struct ActionRequest {
  std::string action_id;
  std::string indicator;
  std::string action;
  std::string owner;
  std::string due;
  std::string status;
};
core::Result<int64_t> SaveActionAs(Services& s, const Actor& actor, int64_t assessment_id,
                                   const ActionRequest& request);

// Stores an assessment read from an uploaded file (`filename`) when the actor may edit its
// scope, as StoreImportedAssessment does (never replacing other scores). Audited as
// imported_assessment.
core::Result<ImportedAssessment> ImportAssessmentAs(Services& s, const Actor& actor,
                                                    assess::Assessment a,
                                                    const std::string& filename);

// Assessment `id`'s report (with `compare_id`'s scores when not 0) for an actor who may see the
// self-assessment, as BuildReport makes it on today's evidence. Audited as `action` with
// `detail`. kNotFound.
core::Result<assess::Report> ReportAs(Services& s, const Actor& actor, int64_t id,
                                      int64_t compare_id, bool with_evidence,
                                      const std::string& action, const std::string& detail);

// The report as a file to download: `format` json, csv, svg, pdf or xlsx (kInvalidArgument
// otherwise). Audited as downloaded_assessment once the file is made; a file that cannot be
// made throws (a failure of the machine, answered 500).
struct AssessmentFile {
  std::string body;
  std::string content_type;
  std::string filename;  // self-assessment-ID-DATE.FORMAT
};
core::Result<AssessmentFile> DownloadAssessmentAs(Services& s, const Actor& actor, int64_t id,
                                                  int64_t compare_id, const std::string& format);

// The scopes (app::AssessmentScopes) the actor may assess.
std::vector<std::string> EditableScopes(Services& s, const Actor& actor);

// Every scope's assessments (newest first) and its action plan's open and overdue actions
// (due before today), for an actor who may see the self-assessment. Audited as
// viewed_assessments.
struct ScopeOverview {
  std::string scope;
  std::vector<assess::Assessment> history;
  size_t open_actions = 0;
  size_t overdue_actions = 0;
  bool editable = false;
};
core::Result<std::vector<ScopeOverview>> AssessmentOverviewAs(Services& s, const Actor& actor);

// What the scoring form starts from: assessment `id`, or (id 0) a new one for `scope` dated
// today by the actor, with the scores of the scope's latest assessment (`copied_from`), for an
// actor who may edit that scope. kNotFound.
struct AssessmentDraft {
  assess::Assessment assessment;
  std::optional<assess::Assessment> copied_from;
};
core::Result<AssessmentDraft> AssessmentDraftAs(Services& s, const Actor& actor, int64_t id,
                                                const std::string& scope);

// Assessment `id`'s page: its report as ReportAs gives it, the other assessments it can be
// compared with, and whether the actor may change it. Audited as viewed_assessment.
struct AssessmentView {
  assess::Report report;
  std::vector<assess::Assessment> others;
  bool may_edit = false;
};
core::Result<AssessmentView> ViewAssessmentAs(Services& s, const Actor& actor, int64_t id,
                                              int64_t compare_id);

}  // namespace cf::app
