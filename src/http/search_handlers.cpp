#include "app/access.hpp"
#include "app/case_search.hpp"
#include "http/handlers.hpp"

namespace cf::http {

namespace {
// Results shown at once; beyond them the answer says there are more.
constexpr size_t kShown = 50;
}  // namespace

// Cases matching `q` that the caller may see, with the names on them (at most kShown), and
// whether there were more: {"results": [...], "more": bool}.
json SearchHandlers::Found(RequestContext& rc, const std::string& q) {
  const std::string text = q.substr(0, 200);
  if (text.size() < 3 && app::MaySeePeople(*rc.user))
    throw BadRequest("search for at least 3 characters",
                     json::array({{{"pointer", "?q"}, {"message", "too short"}}}));
  const auto found = app::SearchCasesAs(s_, ActorOf(rc), text, kShown);
  if (!found) throw ProblemFor(found.error(), "Not searched");
  json out = json::array();
  for (const auto& f : found->cases) {
    out.push_back({{"crime", f.row.crime},
                   {"crime_type", f.row.crime_type},
                   {"unit", f.row.unit},
                   {"officer", f.row.officer},
                   {"closed", f.row.closed},
                   {"names", f.names}});
  }
  return {{"results", out}, {"more", found->more}};
}

request_handling_status_t SearchHandlers::Search(RequestContext& rc, const request_handle_t& req) {
  json found = Found(rc, Query(req, "q"));
  return SendJson(req,
                  {{"q", Query(req, "q")}, {"results", found["results"]}, {"more", found["more"]}});
}

request_handling_status_t SearchHandlers::SearchPage(RequestContext& rc,
                                                     const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const std::string q = Query(req, "q");
  mstch::map context{{"q", q}};
  if (!q.empty()) {
    const json found = Found(rc, q);
    mstch::array results;
    for (const auto& r : found["results"]) {
      results.push_back(mstch::map{{"crime", r["crime"].get<std::string>()},
                                   {"crime_path", PathOf(r["crime"].get<std::string>())},
                                   {"crime_type", r["crime_type"].get<std::string>()},
                                   {"unit", r["unit"].get<std::string>()},
                                   {"officer", r["officer"].get<std::string>()},
                                   {"closed", r["closed"].get<bool>()},
                                   {"names", r["names"].get<std::string>()}});
    }
    context["searched"] = true;
    const bool more = found["more"].get<bool>();
    context["count"] = more ? fmt::format("The first {} found", results.size())
                            : fmt::format("{} found", results.size());
    context["more"] = more;
    context["results"] = results;
  }
  return SendHtml(req, restinio::status_ok(),
                  Page("Find a case", Render("search", context), &*rc.user, rc.session->csrf));
}

}  // namespace cf::http
