// Uploading a self-assessment scores file (CSV or XLSX) from the history page: the same checks
// as `citizenfocus assess import`, errors by line, nothing stored on any problem.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <restinio/helpers/file_upload.hpp>

#include "app/access.hpp"
#include "app/assessment_editing.hpp"
#include "app/assessments.hpp"
#include "auth/credentials.hpp"
#include "core/file_io.hpp"
#include "http/handlers.hpp"

namespace cf::http {

// An assessment file (CSV or XLSX, as `assess import` reads) uploaded from the history page.
request_handling_status_t AssessmentHandlers::ImportAssessmentUpload(RequestContext& rc,
                                                                     const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  RequireAssessmentViewer(rc);
  std::map<std::string, std::string> fields;
  std::string filename, content;
  namespace mb = restinio::multipart_body;
  const auto parsed = mb::enumerate_parts(
      *req,
      [&](const mb::parsed_part_t& part) {
        const auto disposition =
            part.fields.opt_value_of(restinio::http_field::content_disposition);
        auto file = restinio::file_upload::analyze_part(part);
        if (file && file->filename && !file->filename->empty()) {
          filename = *file->filename;
          content.assign(part.body.data(), part.body.size());
        } else if (disposition &&
                   std::string(*disposition).find("name=\"csrf\"") != std::string::npos) {
          fields["csrf"] = std::string(part.body.data(), part.body.size());
        }
        return mb::handling_result_t::continue_enumeration;
      },
      "multipart", "form-data");
  CheckCsrf(rc, fields);
  const bool xlsx = filename.size() > 5 && filename.substr(filename.size() - 5) == ".xlsx";
  const bool csv = filename.size() > 4 && filename.substr(filename.size() - 4) == ".csv";
  if (!parsed || content.empty() || (!xlsx && !csv)) {
    throw Problem{HttpStatusFor(core::ErrorCode::kInvalidArgument), "Nothing imported",
                  "Choose a .csv or .xlsx file of scores (as the CSV or Excel download, or `assess "
                  "template`)."};
  }
  const std::string path =
      std::filesystem::temp_directory_path() /
      ("cf-upload-" + auth::NewToken().substr(3, 16) + (xlsx ? ".xlsx" : ".csv"));
  if (auto written = core::WriteWholeFile(path, content); !written) {
    std::filesystem::remove(path);
    throw std::runtime_error(written.error().message);  // a 500: the server's disk, not the file
  }
  auto read = app::ReadAssessmentFile(path, filename);
  std::filesystem::remove(path);
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
