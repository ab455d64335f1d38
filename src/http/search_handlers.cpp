#include "app/access.hpp"
#include "app/case_record.hpp"
#include "app/import.hpp"
#include "app/work_queue.hpp"
#include "events/jsonl_writer.hpp"
#include "http/event_forms.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"

namespace cf::http {

// Cases matching `q` that the caller may see, with the names on them.
json SearchHandlers::Found(RequestContext& rc, const std::string& q) {
  if (!app::MaySeePeople(*rc.user))
    throw Forbidden("this role does not search person-level records");
  const std::string text = q.substr(0, 200);
  json out = json::array();
  if (text.size() < 3)
    throw BadRequest("search for at least 3 characters",
                     json::array({{{"pointer", "?q"}, {"message", "too short"}}}));
  for (const auto& crime : s_.cases.SearchCases(text, 200)) {
    const auto row = s_.cases.FindCase(crime);
    if (!row || !app::MayViewCase(*rc.user, *row)) continue;
    std::string names;
    for (const auto& p : s_.cases.CasePeople(crime)) {
      if (!p.display_name.empty())
        names += (names.empty() ? "" : "; ") + p.display_name + " (" + p.role + ")";
    }
    out.push_back({{"crime", row->crime},
                   {"crime_type", row->crime_type},
                   {"unit", row->unit},
                   {"officer", row->officer},
                   {"closed", row->closed},
                   {"names", names}});
    if (out.size() >= 50) break;
  }
  Audit(rc, "searched", "", fmt::format("\"{}\": {} found", text, out.size()));
  return out;
}

request_handling_status_t SearchHandlers::Search(RequestContext& rc, const request_handle_t& req) {
  return SendJson(req, {{"q", Query(req, "q")}, {"results", Found(rc, Query(req, "q"))}});
}

request_handling_status_t SearchHandlers::SearchPage(RequestContext& rc,
                                                     const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const std::string q = Query(req, "q");
  mstch::map context{{"q", q}};
  if (!q.empty()) {
    mstch::array results;
    for (const auto& r : Found(rc, q)) {
      results.push_back(mstch::map{{"crime", r["crime"].get<std::string>()},
                                   {"crime_path", PathOf(r["crime"].get<std::string>())},
                                   {"crime_type", r["crime_type"].get<std::string>()},
                                   {"unit", r["unit"].get<std::string>()},
                                   {"officer", r["officer"].get<std::string>()},
                                   {"closed", r["closed"].get<bool>()},
                                   {"names", r["names"].get<std::string>()}});
    }
    context["searched"] = true;
    context["count"] = std::to_string(results.size());
    context["results"] = results;
  }
  return SendHtml(req, restinio::status_ok(),
                  Page("Find a case", Render("search", context), rc.user->name, rc.session->csrf,
                       rc.user->role));
}

}  // namespace cf::http
