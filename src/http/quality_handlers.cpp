// Dip samples: a unit's supervisors draw a month's sample and review each case against the
// rubric, with findings for the officer (app/dip_sampling.hpp). Every view and change is
// audited there.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/access.hpp"
#include "app/dip_sampling.hpp"
#include "app/force_settings.hpp"
#include "http/handlers.hpp"
#include "http/route_helpers.hpp"

namespace cf::http {
namespace {

std::string MonthText(const std::string& month) {
  const auto first = core::Date::Parse(month + "-01");
  if (!first) return month;
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
  const auto [y, m, d] = first->ToYmd();
  return fmt::format("{} {}", kMonths[m - 1], y);
}

}  // namespace

std::string QualityHandlers::SampleHref(const std::string& unit, const std::string& month) {
  return fmt::format("/dip-samples?unit={}&month={}", PathOf(unit), month);
}

Reply QualityHandlers::DipSamplesPage(RequestContext& rc, const Req& req,
                                      const std::string& asked_unit,
                                      const std::string& asked_month, const std::string& message,
                                      const Problems& problems) {
  const std::string unit = asked_unit.empty() ? rc.user->unit : asked_unit;
  const std::string month =
      asked_month.empty() ? s_.Today().ToString().substr(0, 7) : asked_month;
  if (month.size() != 7 || !core::Date::Parse(month + "-01"))
    throw BadRequest("month: give it as YYYY-MM");
  const auto views = app::DipSamplesAs(s_, ActorOf(rc), unit, month);
  if (!views) throw ProblemFor(views.error(), "Dip samples not shown");
  const auto officers = OfficerLabels();
  mstch::array samples;
  size_t reviewed = 0, drawn = 0;
  int score_sum = 0;
  for (const auto& v : *views) {
    mstch::array cases;
    for (const auto& c : v.sample.cases) {
      const auto officer = officers.find(c.officer);
      mstch::map row{{"crime", c.crime},
                     {"href", fmt::format("/dip-samples/{}/cases/{}", v.sample.id, PathOf(c.crime))},
                     {"case_href", "/cases/" + PathOf(c.crime)},
                     {"drawn_as", std::string(c.drawn_as == "risk" ? "Weighted by risk" : "At random")},
                     {"reasons", c.reasons.empty() ? std::string("none") : c.reasons},
                     {"officer", officer == officers.end() ? c.officer : officer->second},
                     {"crime_type", c.crime_type}};
      ++drawn;
      if (const auto r = v.reviews.find(c.crime); r != v.reviews.end()) {
        ++reviewed;
        score_sum += r->second.score;
        row["score"] = std::to_string(r->second.score);
      }
      cases.push_back(row);
    }
    samples.push_back(mstch::map{{"id", std::to_string(v.sample.id)},
                                 {"seed", std::to_string(v.sample.seed)},
                                 {"drawn_by", v.sample.drawn_by},
                                 {"drawn_at", v.sample.drawn_at.substr(0, 10)},
                                 {"count", std::to_string(v.sample.cases.size())},
                                 {"has_cases", !cases.empty()},
                                 {"cases", cases}});
  }
  auto context = AdminContext(rc, message, problems);
  context["unit"] = unit;
  context["month"] = month;
  context["month_text"] = MonthText(month);
  context["size"] = app::SettingValue(s_.cases, "dip_sample_size");
  context["has_samples"] = !samples.empty();
  context["samples"] = samples;
  context["summary"] = drawn == 0 ? std::string()
                       : fmt::format("{} of {} cases reviewed{}", reviewed, drawn,
                                     reviewed == 0 ? std::string()
                                                   : fmt::format(", average score {}%",
                                                                 score_sum / static_cast<int>(reviewed)));
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + std::string("Dip samples"),
                Render("dip_samples", context)));
}

Reply QualityHandlers::DrawForm(RequestContext& rc, const Req& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const std::string unit = FormValue(form, "unit").empty() ? rc.user->unit : FormValue(form, "unit");
  const std::string month = FormValue(form, "month");
  const auto sample = app::DrawDipSample(s_, ActorOf(rc), {unit, month, std::nullopt, std::nullopt});
  if (!sample) {
    if (sample.error().code == core::ErrorCode::kInvalidArgument)
      return DipSamplesPage(rc, req, unit, s_.Today().ToString().substr(0, 7), "",
                            {sample.error().message});
    throw ProblemFor(sample.error(), "Dip sample not drawn");
  }
  return Redirect(req, SampleHref(unit, month) + "&done=drawn");
}

Reply QualityHandlers::ReviewPage(RequestContext& rc, const Req& req, int64_t sample_id,
                                  const std::string& crime, const Problems& problems,
                                  const std::map<std::string, std::string>& typed,
                                  const std::string& typed_findings) {
  const auto sample = s_.quality.FindDipSample(sample_id);
  if (!sample) throw NotFound("there is no such dip sample");
  if (!app::MayDipSample(*rc.user, sample->unit)) {
    Audit(rc, "denied_dip_sample", crime, fmt::format("review in sample {}", sample_id));
    throw Forbidden("dip samples are for the unit's supervisors, analysts and admins");
  }
  const auto in_sample = std::find_if(sample->cases.begin(), sample->cases.end(),
                                      [&](const auto& c) { return c.crime == crime; });
  if (in_sample == sample->cases.end()) throw NotFound("that case is not in this dip sample");
  std::map<std::string, std::string> answers = typed;
  std::string findings = typed_findings;
  if (problems.empty())
    for (const auto& r : s_.quality.DipSampleReviews(sample_id)) {
      if (r.crime != crime) continue;
      const auto rubric = nlohmann::json::parse(r.rubric);
      for (const auto& [k, v] : rubric.items()) answers[k] = v.get<std::string>();
      findings = r.findings;
    }
  mstch::array items;
  for (const auto& item : app::DipSampleRubric()) {
    const auto it = answers.find(item.key);
    const std::string given = it == answers.end() ? "" : it->second;
    mstch::array choices;
    for (const auto& [value, label] :
         {std::pair{"yes", "Yes"}, std::pair{"partly", "Partly"}, std::pair{"no", "No"},
          std::pair{"n/a", "Does not apply"}})
      choices.push_back(mstch::map{{"value", std::string(value)},
                                   {"label", std::string(label)},
                                   {"id", item.key + "-" + (value == std::string("n/a") ? "na" : value)},
                                   {"checked", given == value}});
    items.push_back(mstch::map{{"key", item.key}, {"question", item.question}, {"choices", choices}});
  }
  auto context = AdminContext(rc, "", problems);
  context["crime"] = crime;
  context["case_href"] = "/cases/" + PathOf(crime);
  context["action"] = fmt::format("/dip-samples/{}/cases/{}", sample_id, PathOf(crime));
  context["back"] = SampleHref(sample->unit, sample->month);
  context["month_text"] = MonthText(sample->month);
  context["unit"] = sample->unit;
  context["items"] = items;
  context["findings"] = findings;
  context["limit"] = std::to_string(app::kMaxFindingsChars);
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + std::string("Review ") + crime,
                Render("dip_sample_review", context)));
}

Reply QualityHandlers::ReviewForm(RequestContext& rc, const Req& req, int64_t sample_id,
                                  const std::string& crime) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  app::DipSampleReviewRequest request{sample_id, crime, {}, FormValue(form, "findings")};
  for (const auto& item : app::DipSampleRubric())
    if (const std::string v = FormValue(form, item.key); !v.empty()) request.answers[item.key] = v;
  Problems problems;
  const auto review = app::ReviewDipSampleCaseAs(s_, ActorOf(rc), request, problems);
  if (!problems.empty())
    return ReviewPage(rc, req, sample_id, crime, problems, request.answers, request.findings);
  if (!review) throw ProblemFor(review.error(), "Review not saved");
  const auto sample = s_.quality.FindDipSample(sample_id);
  return Redirect(req, SampleHref(sample->unit, sample->month) + "&done=reviewed");
}

Reply QualityHandlers::ReviewPageAt(RequestContext& rc, const Req& req, const Params& params) {
  return ReviewPage(rc, req, routes::IdParam(params), CrimeIn(params), {}, {}, "");
}

Reply QualityHandlers::ReviewFormAt(RequestContext& rc, const Req& req, const Params& params) {
  return ReviewForm(rc, req, routes::IdParam(params), CrimeIn(params));
}

}  // namespace cf::http
