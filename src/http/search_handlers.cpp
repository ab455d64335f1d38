#include "app/access.hpp"
#include "app/case_search.hpp"
#include "http/handlers.hpp"

namespace cf::http {

// Cases matching `q` that the caller may see, with the names on them.
json SearchHandlers::Found(RequestContext& rc, const std::string& q) {
  const std::string text = q.substr(0, 200);
  if (text.size() < 3 && app::MaySeePeople(*rc.user))
    throw BadRequest("search for at least 3 characters",
                     json::array({{{"pointer", "?q"}, {"message", "too short"}}}));
  const auto found = app::SearchCasesAs(s_, ActorOf(rc), text, 50);
  if (!found) throw ProblemFor(found.error(), "Not searched");
  json out = json::array();
  for (const auto& f : *found) {
    out.push_back({{"crime", f.row.crime},
                   {"crime_type", f.row.crime_type},
                   {"unit", f.row.unit},
                   {"officer", f.row.officer},
                   {"closed", f.row.closed},
                   {"names", f.names}});
  }
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
                  Page("Find a case", Render("search", context), &*rc.user, rc.session->csrf));
}

}  // namespace cf::http
