#include "app/access.hpp"
#include "app/case_search.hpp"
#include "app/repeat_victims.hpp"
#include "http/handlers.hpp"

namespace cf::http {

namespace {
// Results shown at once; beyond them the answer says there are more.
constexpr size_t kShown = 50;

json PeopleJson(const std::vector<storage::PersonRow>& people) {
  json out = json::array();
  for (const auto& p : people) {
    out.push_back({{"person", p.person},
                   {"name", p.display_name},
                   {"role", std::string(domain::Name(p.role))},
                   {"date_of_birth", p.date_of_birth ? p.date_of_birth->ToString() : ""},
                   {"postcode", p.postcode}});
  }
  return out;
}

// "Grace Okafor, victim, born 12 Mar 1985, LL55 4TY": enough to tell namesakes apart; ", a
// repeat victim" when a supervisor confirmed a match with a victim on another crime (`repeats`),
// ", possibly a repeat victim" while one is suggested.
mstch::array PeopleList(const std::vector<storage::PersonRow>& people,
                        const std::map<std::string, bool>& repeats) {
  mstch::array out;
  for (const auto& p : people) {
    std::string line = p.display_name + ", " + std::string(domain::Name(p.role));
    std::replace(line.begin(), line.end(), '_', ' ');
    if (p.date_of_birth) line += ", born " + p.date_of_birth->ToDayMonthYear();
    if (!p.postcode.empty()) line += ", " + p.postcode;
    if (const auto it = repeats.find(p.person); it != repeats.end())
      line += it->second ? ", a repeat victim" : ", possibly a repeat victim";
    out.push_back(line);
  }
  return out;
}

}  // namespace

// Cases matching `q` that the caller may see, with the names on them (at most kShown), and
// whether there were more.
app::FoundCases SearchHandlers::Found(RequestContext& rc, const std::string& q) {
  const std::string text = q.substr(0, 200);
  if (text.size() < 3 && app::MaySeePeople(*rc.user))
    throw BadRequest("search for at least 3 characters",
                     json::array({{{"pointer", "?q"}, {"message", "too short"}}}));
  auto found = app::SearchCasesAs(s_, ActorOf(rc), text, kShown);
  if (!found) throw ProblemFor(found.error(), "Not searched");
  return std::move(found).value();
}

request_handling_status_t SearchHandlers::Search(RequestContext& rc, const request_handle_t& req) {
  const auto found = Found(rc, Query(req, "q"));
  json results = json::array();
  for (const auto& f : found.cases) {
    results.push_back({{"crime", f.row.crime},
                       {"crime_type", f.row.crime_type},
                       {"unit", f.row.unit},
                       {"officer", f.row.officer},
                       {"closed", f.row.closed},
                       {"names", f.names},
                       {"people", PeopleJson(f.people)}});
  }
  return SendJson(req, {{"q", Query(req, "q")}, {"results", results}, {"more", found.more}});
}

request_handling_status_t SearchHandlers::SearchPage(RequestContext& rc,
                                                     const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const std::string q = Query(req, "q");
  mstch::map context{{"q", q}};
  if (!q.empty()) {
    const auto found = Found(rc, q);
    const auto officers = OfficerLabels();
    auto officer_label = [&](const std::string& id) {
      const auto it = officers.find(id);
      return it == officers.end() ? id : it->second;
    };
    mstch::array results;
    for (const auto& f : found.cases) {
      results.push_back(
          mstch::map{{"crime", f.row.crime},
                     {"crime_path", PathOf(f.row.crime)},
                     {"crime_type", f.row.crime_type},
                     {"unit", f.row.unit},
                     {"officer", officer_label(f.row.officer)},
                     {"closed", f.row.closed},
                     {"people", PeopleList(f.people, app::RepeatVictimPeople(s_, f.row.crime))}});
    }
    context["searched"] = true;
    context["count"] = found.more ? fmt::format("The first {} found", results.size())
                                  : fmt::format("{} found", results.size());
    context["more"] = found.more;
    context["results"] = results;
  }
  return SendHtml(req, restinio::status_ok(),
                  Page("Find a case", Render("search", context), &*rc.user, rc.session->csrf));
}

}  // namespace cf::http
