// Uploading a self-assessment scores file (CSV or XLSX) from the history page: the same checks
// as `citizenfocus assess import`, errors by line, nothing stored on any problem.
#include <fmt/format.h>

#include "app/access.hpp"
#include "app/assessment_editing.hpp"
#include "app/assessments.hpp"
#include "http/handlers.hpp"

namespace cf::http {

// An assessment file (CSV or XLSX, as `assess import` reads) uploaded from the history page.
request_handling_status_t AssessmentHandlers::ImportAssessmentUpload(RequestContext& rc,
                                                                     const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  RequireAssessmentViewer(rc);
  const auto upload = ReadUpload(req);
  CheckCsrf(rc, upload.fields);
  const std::string& filename = upload.filename;
  const bool xlsx = filename.size() > 5 && filename.substr(filename.size() - 5) == ".xlsx";
  const bool csv = filename.size() > 4 && filename.substr(filename.size() - 4) == ".csv";
  if (!upload.parsed || upload.content.empty() || (!xlsx && !csv)) {
    throw Problem{HttpStatusFor(core::ErrorCode::kInvalidArgument), "Nothing imported",
                  "Choose a .csv or .xlsx file of scores (as the CSV or Excel download, or `assess "
                  "template`)."};
  }
  auto read = WithScratchFile(
      upload.content, xlsx ? ".xlsx" : ".csv",
      [&](const std::string& path) { return app::ReadAssessmentFile(path, filename); });
  if (!read)
    throw Problem{HttpStatusFor(core::ErrorCode::kInvalidArgument), "Nothing imported",
                  read.error().message};
  // Which scope the file is for decides who may import it.
  auto imported = app::ImportAssessmentAs(s_, ActorOf(rc), std::move(read).value(), filename);
  // Refused: the page says why. Otherwise the file is wrong or clashes: 422 with the problems.
  if (!imported && imported.error().code != core::ErrorCode::kPermissionDenied) {
    throw Problem{HttpStatusFor(core::ErrorCode::kInvalidArgument), "Nothing imported",
                  imported.error().message};
  }
  if (!imported) throw ProblemFor(imported.error(), "Nothing imported");
  return Redirect(
      req, fmt::format(
               "/assessments/{}?done={}", imported->id,
               imported->kind == app::ImportedAssessment::kUnchanged ? "unchanged" : "imported"));
}

}  // namespace cf::http
