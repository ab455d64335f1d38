#pragma once
// Self-assessments in the product: importing a scores file (CSV or XLSX, idempotent), the
// scopes a force can assess (the force and each BCU), and the live evidence Citizen Focus
// measures beside the self-scores:
//   2.6 continuity of contact   periodic updates met on time; contacts made by the officer in case
//   2.7 empowering victims      victims with a contact agreement (how, when, how often)
//   3.1 Code compliance         every duty met on time
//   6.1 supervision             supervisors' reviews of queues and cases, reassignments, gate
//   overrides 6.3 performance management  on-time rates per BCU (force) or unit (BCU): the measure
//   exists at each level
// all over the last 90 days to `as_of`.

#include <string>
#include <vector>

#include "assess/report.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "storage/account_store.hpp"
#include "storage/assessment_store.hpp"
#include "storage/case_store.hpp"
#include "storage/quality_store.hpp"

namespace cf::app {

// "force", then each BCU named by the units, in order.
std::vector<std::string> AssessmentScopes(storage::AccountStore& accounts);

struct ImportedAssessment {
  int64_t id = 0;
  enum Kind { kAdded, kUnchanged, kReplaced } kind = kAdded;
};
// The assessment FILE.csv or FILE.xlsx holds; errors list every problem, naming the file
// `origin` (the path, or the name an uploaded file had) and the line.
core::Result<assess::Assessment> ReadAssessmentFile(const std::string& path,
                                                    const std::string& origin);
// Stores an assessment read from a file, as ImportAssessmentFile describes.
core::Result<ImportedAssessment> StoreImportedAssessment(storage::AssessmentStore& store,
                                                         assess::Assessment a,
                                                         const std::string& by, bool replace,
                                                         const std::string& origin);

// Reads FILE.csv or FILE.xlsx and stores the assessment it holds. The same scope, date and
// assessor already stored with the same scores: unchanged (importing twice changes nothing);
// with other scores: refused unless `replace`. Errors list every problem with file and line;
// nothing is stored.
core::Result<ImportedAssessment> ImportAssessmentFile(storage::AssessmentStore& store,
                                                      const std::string& path,
                                                      const std::string& by, bool replace);

bool SameScores(const assess::Assessment& a, const assess::Assessment& b);

// `quality`, when given, adds the scope's dip samples and their reviews to 6.1.
std::vector<assess::LiveEvidence> LiveEvidence(storage::CaseStore& store,
                                               storage::AccountStore& accounts,
                                               const std::string& scope, core::Date as_of,
                                               storage::QualityStore* quality = nullptr);

// Everything a report shows: the assessment, an optional comparison, the scope's action plan
// and (unless `with_evidence` is false: CSV and SVG do not show it) the live evidence.
// Errors: no such assessment (or comparison).
core::Result<assess::Report> BuildReport(storage::AssessmentStore& assessments,
                                         storage::CaseStore& store, storage::AccountStore& accounts,
                                         int64_t id, int64_t compare_id, core::Date as_of,
                                         bool with_evidence = true,
                                         storage::QualityStore* quality = nullptr);

}  // namespace cf::app
