// Dip samples: a unit's supervisors draw a month's sample and review each case against the
// rubric, with findings for the officer (app/dip_sampling.hpp). The satisfaction survey, and
// supervisors' quality call-backs (app/quality_calls.hpp). Every view and change is audited.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/access.hpp"
#include "app/assessment_editing.hpp"
#include "app/dip_sampling.hpp"
#include "app/force_settings.hpp"
#include "app/survey.hpp"
#include "core/limits.hpp"
#include "core/utf8.hpp"
#include "http/handlers.hpp"
#include "http/route_helpers.hpp"

namespace cf::http {
namespace {

std::string MonthText(const std::string& month) {
  const auto first = core::Date::Parse(month + "-01");
  if (!first) return month;
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  const auto [y, m, d] = first->ToYmd();
  return fmt::format("{} {}", kMonths[m - 1], y);
}

}  // namespace

std::string QualityHandlers::SampleHref(const std::string& unit, const std::string& month) {
  return fmt::format("/dip-samples?unit={}&month={}", PathOf(unit), month);
}

Reply QualityHandlers::DipSamplesPage(RequestContext& rc, const Req& req,
                                      const std::string& asked_unit, const std::string& asked_month,
                                      const std::string& message, const Problems& problems) {
  const std::string unit = asked_unit.empty() ? rc.user->unit : asked_unit;
  const std::string month = asked_month.empty() ? s_.Today().ToString().substr(0, 7) : asked_month;
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
      mstch::map row{
          {"crime", c.crime},
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
                                 {"risks_as_of", v.sample.risks_as_of},
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
  context["summary"] =
      drawn == 0 ? std::string()
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
  const std::string unit =
      FormValue(form, "unit").empty() ? rc.user->unit : FormValue(form, "unit");
  const std::string month = FormValue(form, "month");
  const auto sample =
      app::DrawDipSample(s_, ActorOf(rc), {unit, month, std::nullopt, std::nullopt});
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
                                  const std::string& typed_findings,
                                  const app::ActionRequest* action) {
  const auto sample = s_.quality.FindDipSample(sample_id);
  if (!sample) throw NotFound("there is no such dip sample");
  if (!app::MayDipSample(*rc.user, sample->unit)) {
    Audit(rc, "denied_dip_sample", crime, fmt::format("review in sample {}", sample_id));
    throw Forbidden("dip samples are for the unit's supervisors and admins");
  }
  const auto in_sample = std::find_if(sample->cases.begin(), sample->cases.end(),
                                      [&](const auto& c) { return c.crime == crime; });
  if (in_sample == sample->cases.end()) throw NotFound("that case is not in this dip sample");
  if (problems.empty())
    Audit(rc, "viewed_dip_sample_review", crime, fmt::format("sample {}", sample_id));
  std::map<std::string, std::string> answers = typed;
  std::string findings = typed_findings;
  bool reviewed = false;
  if (problems.empty() || action)
    for (const auto& r : s_.quality.DipSampleReviews(sample_id)) {
      if (r.crime != crime) continue;
      reviewed = true;
      const auto rubric = nlohmann::json::parse(r.rubric);
      for (const auto& [k, v] : rubric.items()) answers[k] = v.get<std::string>();
      findings = r.findings;
    }
  mstch::array items;
  for (const auto& item : app::DipSampleRubric()) {
    const auto it = answers.find(item.key);
    const std::string given = it == answers.end() ? "" : it->second;
    mstch::array choices;
    for (const auto& [value, label] : {std::pair{"yes", "Yes"}, std::pair{"partly", "Partly"},
                                       std::pair{"no", "No"}, std::pair{"n/a", "Does not apply"}})
      choices.push_back(
          mstch::map{{"value", std::string(value)},
                     {"label", std::string(label)},
                     {"id", item.key + "-" + (value == std::string("n/a") ? "na" : value)},
                     {"checked", given == value}});
    items.push_back(
        mstch::map{{"key", item.key}, {"question", item.question}, {"choices", choices}});
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
  // A reviewed case's findings can become an action on the plan of the unit's BCU.
  const std::string bcu = app::BcuOfUnit(s_, sample->unit);
  const std::string scope = bcu.empty() ? "force" : bcu;
  if (reviewed && app::MayEditAssessment(*rc.user, scope, app::BcuOfUnit(s_, rc.user->unit))) {
    const std::string indicator =
        action && !action->indicator.empty() ? action->indicator : app::kReviewActionIndicator;
    mstch::array indicators;
    for (const auto& component : assess::BuiltInFramework().components)
      for (const auto& i : component.indicators)
        indicators.push_back(
            mstch::map{{"id", i.id}, {"title", i.title}, {"selected", i.id == indicator}});
    context["may_raise"] = true;
    context["plan"] = scope == "force" ? std::string("the force's plan") : "the plan of " + scope;
    context["action_href"] = fmt::format("/dip-samples/{}/actions", sample_id);
    context["indicators"] = indicators;
    context["action_text"] = action ? action->action : core::TruncateCharacters(findings, 800);
    context["owner"] =
        action ? action->owner : (rc.user->full_name.empty() ? rc.user->name : rc.user->full_name);
    context["due"] = action ? action->due : s_.Today().AddDays(28).ToString();
  }
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + std::string("Review ") + crime,
                Render("dip_sample_review", context)));
}

Reply QualityHandlers::ActionForm(RequestContext& rc, const Req& req, int64_t sample_id) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const std::string crime = FormValue(form, "crime");
  app::ActionRequest request;
  request.indicator = FormValue(form, "indicator");
  request.action = FormValue(form, "action");
  request.owner = FormValue(form, "owner");
  request.due = FormValue(form, "due");
  const auto raised = app::RaiseActionFromReviewAs(s_, ActorOf(rc), sample_id, crime, request);
  if (!raised && raised.error().code == core::ErrorCode::kInvalidArgument)
    return ReviewPage(rc, req, sample_id, crime, {raised.error().message}, {}, "", &request);
  if (!raised) throw ProblemFor(raised.error(), "Action not raised");
  const auto sample = s_.quality.FindDipSample(sample_id);
  return Redirect(req, SampleHref(sample->unit, sample->month) + "&done=action_raised");
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

Reply QualityHandlers::SurveyPage(RequestContext& rc, const Req& req, const std::string& message,
                                  const Problems& problems) {
  const core::Date to = DateParam(req, "to");
  const std::string asked_from = Query(req, "from");
  const core::Date from =
      asked_from.empty() ? to.AddMonths(-12).AddDays(1) : DateParam(req, "from");
  if (from > to) throw BadRequest("from is after to");
  const auto overview = app::SurveyOverviewAs(s_, ActorOf(rc), from, to);
  if (!overview) throw ProblemFor(overview.error(), "Survey not shown");
  auto percent = [](double share) { return fmt::format("{:.1f}%", 100 * share); };
  static const std::map<std::string, std::string> kStageNames = {
      {"ease_of_contact", "Ease of contact"},
      {"actions_taken", "Actions taken"},
      {"follow_up", "Follow-up (kept informed)"},
      {"treatment", "Treatment by staff"},
      {"whole_experience", "Whole experience"}};
  mstch::array stages;
  for (size_t i = 0; i < overview->stages.size(); ++i) {
    const auto& st = overview->stages[i];
    mstch::map row{{"stage", kStageNames.at(st.group)},
                   {"answered", std::to_string(st.answered)},
                   {"satisfied", std::to_string(st.satisfied)}};
    if (st.answered > 0) {
      row["percent"] =
          percent(static_cast<double>(st.satisfied) / static_cast<double>(st.answered));
      row["interval"] = fmt::format("{} to {}", percent(st.wilson.low), percent(st.wilson.high));
    }
    if (const auto& c = overview->change[i])
      row["change"] = fmt::format("{:+.1f} points{}", 100 * c->difference,
                                  c->significant ? ": a real change (significant at 5%)"
                                                 : ": within chance (not significant)");
    stages.push_back(row);
  }
  auto context = AdminContext(rc, message, problems);
  context["from"] = from.ToString();
  context["to"] = to.ToString();
  context["period"] = from.ToLongString() + " to " + to.ToLongString();
  context["previous"] =
      overview->previous_from.ToLongString() + " to " + from.AddDays(-1).ToLongString();
  context["responses"] = std::to_string(overview->responses);
  context["stages"] = stages;
  const auto& g = overview->gap;
  if (g.comparison) {
    const auto& c = *g.comparison;
    context["gap"] = mstch::map{
        {"white",
         fmt::format("{} of {} ({})", g.white_satisfied, g.white_answered, percent(c.first))},
        {"bme", fmt::format("{} of {} ({})", g.bme_satisfied, g.bme_answered, percent(c.second))},
        {"points", fmt::format("{:+.1f}", 100 * c.difference)},
        {"interval",
         fmt::format("{:+.1f} to {:+.1f}", 100 * c.difference_ci.low, 100 * c.difference_ci.high)},
        {"test", fmt::format("z = {:.2f}, p = {:.3f}: {}", c.z, c.p_value,
                             c.significant ? "a real difference (significant at 5%)"
                                           : "not significant at 5%")}};
  }
  context["max_mb"] = std::to_string(core::kUploadBodyBytes >> 20);
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + std::string("Satisfaction survey"),
                Render("survey", context)));
}

Reply QualityHandlers::SurveyUpload(RequestContext& rc, const Req& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  if (!app::MayAnalyseSurvey(*rc.user)) {  // before the upload is read at all
    Audit(rc, "denied_import_survey", "", "");
    throw Forbidden("importing the satisfaction survey is for analysts and admins");
  }
  const auto upload = ReadUpload(req);
  CheckCsrf(rc, upload.fields);
  const std::string& name = upload.filename;
  const bool xlsx = name.size() > 5 && name.substr(name.size() - 5) == ".xlsx";
  const bool csv = name.size() > 4 && name.substr(name.size() - 4) == ".csv";
  if (!upload.parsed || upload.content.empty() || (!xlsx && !csv))
    return SurveyPage(rc, req, "", {"Choose the survey's results as a .csv or .xlsx file"});
  const auto table =
      WithScratchFile(upload.content, xlsx ? ".xlsx" : ".csv",
                      [](const std::string& path) { return app::ReadSurveyFile(path); });
  if (!table) return SurveyPage(rc, req, "", {table.error().message});
  const auto done = app::ImportSurvey(s_, ActorOf(rc), *table, name);
  if (!done && done.error().code == core::ErrorCode::kInvalidArgument) {
    Problems problems;
    std::string message = done.error().message;
    for (size_t at = 0; at < message.size();) {
      const size_t end = std::min(message.find('\n', at), message.size());
      problems.push_back(message.substr(at, end - at));
      at = end + 1;
    }
    return SurveyPage(rc, req, "", problems);
  }
  if (!done) throw ProblemFor(done.error(), "Nothing imported");
  return SurveyPage(
      rc, req,
      fmt::format("{}: {} responses, {} added, {} replaced, {} unchanged; {} linked to a case.",
                  name, done->rows, done->written.added, done->written.replaced,
                  done->written.unchanged, done->linked),
      {});
}

namespace {

const std::map<std::string, std::pair<std::string, std::string>>& CallStatuses() {
  static const std::map<std::string, std::pair<std::string, std::string>> kStatuses = {
      {"to_call", {"To call", "govuk-tag--blue"}},
      {"no_answer", {"No answer yet", "govuk-tag--yellow"}},
      {"answered", {"Answered", "govuk-tag--green"}},
      {"declined", {"Declined", "govuk-tag--grey"}}};
  return kStatuses;
}

std::string WeekText(core::Date week) {
  return week.ToDayMonthYear() + " to " + week.AddDays(6).ToDayMonthYear();
}

}  // namespace

Reply QualityHandlers::CallsPage(RequestContext& rc, const Req& req, const std::string& message,
                                 const Problems& problems) {
  const core::Date week = app::WeekOf(DateParam(req, "week"));
  const auto view = app::CallListAs(s_, ActorOf(rc), week);
  if (!view) throw ProblemFor(view.error(), "Call list not shown");
  auto context = AdminContext(rc, message, problems);
  context["unit"] = rc.user->unit;
  context["week"] = week.ToString();
  context["week_text"] = WeekText(week);
  context["per_week"] = app::SettingValue(s_.cases, "quality_calls_per_week");
  context["drawn"] = view->has_value();
  if (const auto& v = *view) {
    mstch::array calls;
    size_t done = 0;
    for (const auto& t : v->targets) {
      const auto& [label, tag] = CallStatuses().at(t.call.status);
      const bool open = t.call.status == "to_call" || t.call.status == "no_answer";
      done += open ? 0 : 1;
      calls.push_back(
          mstch::map{{"name", t.name},
                     {"phone", t.phone},
                     {"crime", t.call.crime},
                     {"case_href", "/cases/" + PathOf(t.call.crime)},
                     {"crime_type", t.crime_type},
                     {"recorded_on", t.recorded_on.ToDayMonthYear()},
                     {"status", label},
                     {"status_class", tag},
                     {"open", open},
                     {"href", fmt::format("/quality-calls/{}/{}", v->list.id, t.position)}});
    }
    context["has_calls"] = !calls.empty();
    context["calls"] = calls;
    context["summary"] = fmt::format("{} of {} calls made", done, v->targets.size());
    context["drawn_at"] = v->list.drawn_at.substr(0, 10);
    context["seed"] = std::to_string(v->list.seed);
  }
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + std::string("Quality call-backs"),
                Render("quality_calls", context)));
}

Reply QualityHandlers::DrawCallsForm(RequestContext& rc, const Req& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const auto week = core::Date::Parse(FormValue(form, "week"));
  if (!week) throw BadRequest("week: give the Monday as YYYY-MM-DD");
  const auto drawn = app::DrawCallListAs(s_, ActorOf(rc), app::WeekOf(*week));
  if (!drawn) {
    if (drawn.error().code == core::ErrorCode::kInvalidArgument)
      return CallsPage(rc, req, "", {drawn.error().message});
    throw ProblemFor(drawn.error(), "Call list not drawn");
  }
  return Redirect(
      req, fmt::format("/quality-calls?week={}&done=calls_drawn", drawn->list.week.ToString()));
}

Reply QualityHandlers::CallPage(RequestContext& rc, const Req& req, int64_t list_id, int position,
                                const Problems& problems, const app::QualityCallAnswers& typed) {
  const auto list = s_.quality.FindCallListById(list_id);
  if (!list || position < 1 || static_cast<size_t>(position) > list->calls.size())
    throw NotFound("there is no such quality call");
  const auto view = app::CallListAs(s_, ActorOf(rc), list->week);
  if (!view) throw ProblemFor(view.error(), "Call not shown");
  if (!*view || (*view)->list.id != list_id) {
    Audit(rc, "denied_quality_calls", list->calls[position - 1].crime,
          fmt::format("list {}", list_id));
    throw Forbidden("a quality call is made by the supervisor whose list it is");
  }
  const auto& t = (*view)->targets[static_cast<size_t>(position) - 1];
  app::QualityCallAnswers shown = typed;
  if (problems.empty() && !t.call.response_id.empty()) {
    // An answered call shows its answers, to correct them: answered in the list's week or since.
    for (const auto& r : s_.quality.SurveyResponses(list->week, s_.Today())) {
      if (r.id != t.call.response_id) continue;
      shown.outcome = "answered";
      for (size_t i = 0; i < r.stages.size(); ++i) shown.stages[i] = std::to_string(r.stages[i]);
      const auto diagnostics = nlohmann::json::parse(r.diagnostics);
      for (const auto& [k, v] : diagnostics.items()) shown.diagnostics[k] = v == 1 ? "yes" : "no";
      shown.comments = r.comments;
    }
  }
  mstch::array outcomes;
  for (const auto& [value, label] :
       {std::pair{"answered", "They answered the questions"},
        std::pair{"no_answer", "No answer, or not a good time: try again"},
        std::pair{"declined", "They did not want to take part"}})
    outcomes.push_back(mstch::map{{"value", std::string(value)},
                                  {"label", std::string(label)},
                                  {"checked", shown.outcome == value}});
  mstch::array stages;
  const auto& scale = app::SatisfactionScale();
  for (size_t i = 0; i < app::SurveyStageQuestions().size(); ++i) {
    const auto& q = app::SurveyStageQuestions()[i];
    mstch::array choices;
    for (int v = 1; v <= 8; ++v) {
      const std::string value = std::to_string(v == 8 ? 0 : v);
      choices.push_back(mstch::map{
          {"key", q.key},
          {"id", q.key + "-" + value},
          {"value", value},
          {"label", v == 8 ? std::string("Don't know") : scale[static_cast<size_t>(v) - 1]},
          {"checked", shown.stages[i] == value}});
    }
    stages.push_back(mstch::map{{"question", q.question}, {"choices", choices}});
  }
  mstch::array diagnostics;
  for (const auto& q : app::SurveyYesNoQuestions()) {
    const auto it = shown.diagnostics.find(q.key);
    const std::string given = it == shown.diagnostics.end() ? "" : it->second;
    mstch::array choices;
    for (const auto& [value, label] :
         {std::pair{"yes", "Yes"}, std::pair{"no", "No"}, std::pair{"", "Not asked"}})
      choices.push_back(mstch::map{{"key", q.key},
                                   {"id", q.key + "-" + (*value ? value : "not-asked")},
                                   {"value", std::string(value)},
                                   {"label", std::string(label)},
                                   {"checked", given == value}});
    diagnostics.push_back(mstch::map{{"question", q.question}, {"choices", choices}});
  }
  auto context = AdminContext(rc, "", problems);
  context["back"] = fmt::format("/quality-calls?week={}", list->week.ToString());
  context["week_text"] = WeekText(list->week);
  context["name"] = t.name.empty() ? t.call.person : t.name;
  context["phone"] = t.phone;
  context["contact_times"] = t.contact_times;
  context["language"] = t.language;
  context["crime"] = t.call.crime;
  context["case_href"] = "/cases/" + PathOf(t.call.crime);
  context["crime_type"] = t.crime_type;
  std::string lower = t.crime_type;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  context["crime_type_lower"] = lower;
  context["recorded_on"] = t.recorded_on.ToDayMonthYear();
  context["status"] = CallStatuses().at(t.call.status).first;
  context["attempts"] = t.call.attempts == 0 ? std::string()
                                             : fmt::format("{} attempt{}", t.call.attempts,
                                                           t.call.attempts == 1 ? "" : "s");
  context["caller"] = rc.user->full_name.empty() ? rc.user->name : rc.user->full_name;
  context["action"] = fmt::format("/quality-calls/{}/{}", list_id, position);
  context["outcomes"] = outcomes;
  context["stages"] = stages;
  context["diagnostics"] = diagnostics;
  context["comments"] = shown.comments;
  context["limit"] = std::to_string(app::kMaxCallCommentChars);
  if (problems.empty()) Audit(rc, "viewed_quality_call", t.call.crime, "person " + t.call.person);
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + std::string("Quality call"),
                Render("quality_call", context)));
}

Reply QualityHandlers::CallForm(RequestContext& rc, const Req& req, int64_t list_id, int position) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  app::QualityCallAnswers answers;
  answers.outcome = FormValue(form, "outcome");
  for (size_t i = 0; i < app::SurveyStageQuestions().size(); ++i)
    answers.stages[i] = FormValue(form, app::SurveyStageQuestions()[i].key);
  for (const auto& q : app::SurveyYesNoQuestions())
    if (const std::string v = FormValue(form, q.key); !v.empty()) answers.diagnostics[q.key] = v;
  answers.comments = FormValue(form, "comments");
  Problems problems;
  const auto call = app::RecordQualityCallAs(s_, ActorOf(rc), list_id, position, answers, problems);
  if (!problems.empty()) return CallPage(rc, req, list_id, position, problems, answers);
  if (!call) throw ProblemFor(call.error(), "Call not saved");
  const auto list = s_.quality.FindCallListById(list_id);
  return Redirect(req, fmt::format("/quality-calls?week={}&done=called", list->week.ToString()));
}

Reply QualityHandlers::CommentsPage(RequestContext& rc, const Req& req) {
  const bool analyst = app::MayAnalyseSurvey(*rc.user);
  const std::string asked_unit = Query(req, "unit");
  const std::string unit = asked_unit.empty() && !analyst ? rc.user->unit : asked_unit;
  const core::Date to = DateParam(req, "to");
  const core::Date from = Query(req, "from").empty() ? to.AddDays(-89) : DateParam(req, "from");
  if (from > to) throw BadRequest("from is after to");
  const auto comments = app::CommentsAs(s_, ActorOf(rc), unit, from, to);
  if (!comments) throw ProblemFor(comments.error(), "Comments not shown");
  const auto& scale = app::SatisfactionScale();
  auto answer = [&](int v) {
    return v >= 1 && v <= 7 ? scale[static_cast<size_t>(v) - 1] : std::string("no answer");
  };
  mstch::array rows;
  for (const auto& r : *comments) {
    const bool linked = !r.crime.empty() && !analyst;
    rows.push_back(mstch::map{
        {"date", r.interviewed_on.ToDayMonthYear()},
        {"crime", r.crime.empty() ? std::string("No case given") : r.crime},
        {"case_href", linked ? "/cases/" + PathOf(r.crime) : std::string()},
        {"source",
         std::string(r.source == "call_back" ? "A supervisor's quality call" : "The survey")},
        {"unit", unit.empty() ? r.unit : std::string()},
        {"whole", answer(r.stages[4])},
        {"follow_up", answer(r.stages[2])},
        {"comment", r.comments}});
  }
  auto context = AdminContext(rc, "", {});
  context["scope"] = unit.empty() ? std::string("Every unit") : "Unit " + unit;
  context["scope_lower"] = unit.empty() ? std::string("every unit") : "unit " + unit;
  context["unit"] = unit;
  context["may_choose_unit"] = analyst;
  context["from"] = from.ToString();
  context["to"] = to.ToString();
  context["period"] = from.ToDayMonthYear() + " to " + to.ToDayMonthYear();
  context["count"] = fmt::format("{} comment{}", rows.size(), rows.size() == 1 ? "" : "s");
  context["comments"] = rows;
  return SendHtml(req, restinio::status_ok(),
                  StaffPage(rc, "What victims said", Render("survey_comments", context)));
}

Reply QualityHandlers::ReviewPageAt(RequestContext& rc, const Req& req, const Params& params) {
  return ReviewPage(rc, req, routes::IdParam(params), CrimeIn(params), {}, {}, "");
}

Reply QualityHandlers::ReviewFormAt(RequestContext& rc, const Req& req, const Params& params) {
  return ReviewForm(rc, req, routes::IdParam(params), CrimeIn(params));
}

}  // namespace cf::http
