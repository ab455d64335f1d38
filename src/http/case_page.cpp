#include <algorithm>
#include <map>

#include "app/access.hpp"
#include "app/case_record.hpp"
#include "app/case_views.hpp"
#include "app/import.hpp"
#include "app/letters.hpp"
#include "app/organisations.hpp"
#include "app/portal.hpp"
#include "app/repeat_victims.hpp"
#include "app/rota.hpp"
#include "app/work_queue.hpp"
#include "events/jsonl_writer.hpp"
#include "http/event_forms.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"

namespace cf::http {
request_handling_status_t HandlerBase::CasePage(RequestContext& rc, const request_handle_t& req,
                                                const restinio::router::route_params_t& params,
                                                const std::string& problem_title,
                                                const std::vector<std::string>& problems,
                                                restinio::http_status_line_t status) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  auto view = app::ViewCasePageAs(s_, ActorOf(rc), CrimeIn(params));
  if (!view) throw ProblemFor(view.error(), "");
  const auto& row = view->row;
  const auto* record = &view->record;
  const core::Date today = s_.Today();
  auto joined = [](const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
  };
  auto labelled = [](const std::vector<app::LabelledValue>& values) {
    mstch::array out;
    for (const auto& v : values) out.push_back(mstch::map{{"label", v.label}, {"value", v.value}});
    return out;
  };
  auto strings = [](const std::vector<std::string>& values) {
    mstch::array out;
    for (const auto& v : values) out.push_back(v);
    return out;
  };
  // A "what to do next" action opens the form below it with its person (and message) chosen.
  const std::string contact_for = Query(req, "contact").substr(0, 64);
  const std::string message_to = Query(req, "to").substr(0, 64);
  const std::string message_template = Query(req, "template").substr(0, 64);
  // The portal: who may use it (app::MayUsePortal), and each person's account.
  std::map<std::string, domain::Role> roles;
  for (const auto& p : s_.cases.CasePeople(row.crime)) roles[p.person] = p.role;
  const bool may_invite = app::MayRecordContacts(*rc.user);
  // Repeat victims: matches with victims on other crimes, for a supervisor to decide.
  const auto repeat_list = app::RepeatVictimsOn(s_, row.crime);
  std::map<std::string, const app::RepeatVictimOf*> repeats;
  for (const auto& r : repeat_list) repeats[r.person] = &r;
  const bool may_decide_repeat = app::MayDecideRepeatVictims(*rc.user);
  int repeat_forms = 0;
  // Other organisations the force refers to, with each person's consent to each.
  const auto offered = app::OrganisationsOffered(s_.cases);
  mstch::array organisations;
  for (const auto& o : offered)
    organisations.push_back(mstch::map{{"id", o.id}, {"name", o.name}, {"offers", o.offers}});
  // Support is for as long as they need it: a closed case still takes a referral.
  const bool may_refer =
      !offered.empty() && app::MayRecordCaseEvent(*rc.user, app::CaseEventKind::kPerson);
  mstch::array people;
  for (const auto& person : record->people) {
    mstch::map p{{"person", person.person},
                 {"contact_selected", person.person == contact_for},
                 {"message_selected", person.person == message_to},
                 {"display_name", person.display_name.empty() ? std::string("name not recorded")
                                                              : person.display_name},
                 {"role", person.role},
                 {"flags_text", joined(person.flags)},
                 {"has_enhanced", !person.enhanced.empty()},
                 {"enhanced", strings(person.enhanced)},
                 {"has_referrals", !person.referrals.empty()},
                 {"referrals", strings(person.referrals)},
                 {"other_orgs", !offered.empty() || !person.other_referrals.empty()},
                 {"has_other_referrals", !person.other_referrals.empty()},
                 {"other_referrals", strings(person.other_referrals)},
                 {"may_refer", may_refer},
                 {"refer_n", std::to_string(people.size() + 1)},
                 {"contact_details", labelled(person.contact_details)},
                 {"has_contract", !person.contract.empty()},
                 {"contract", labelled(person.contract)},
                 {"has_needs", !person.needs.empty()},
                 {"needs", labelled(person.needs)},
                 {"assessed_on_mg11", person.assessed_on_mg11},
                 {"assessment_complete", person.assessed_on_mg11 && person.still_to_ask.empty()},
                 {"has_still_to_ask", !person.still_to_ask.empty()},
                 {"still_to_ask", strings(person.still_to_ask)}};
    if (!person.represents.empty()) p["represents"] = person.represents;
    const auto role = roles.find(person.person);
    if (role != roles.end() && app::MayUsePortal(role->second)) {
      const auto account = s_.portal.FindAccount(row.crime, person.person);
      const bool enrolled = account && account->revoked_at.empty();
      p["portal"] =
          mstch::map{{"state", !account   ? std::string("Not signed up")
                               : enrolled ? "Signed up " + LondonTimeText(account->created_at)
                                          : "Access ended " + LondonTimeText(account->revoked_at)},
                     {"enrolled", enrolled},
                     {"may_invite", may_invite},
                     {"view_href", fmt::format("/cases/{}/portal/view?person={}", PathOf(row.crime),
                                               PathOf(person.person))}};
    }
    if (const auto it = repeats.find(person.person); it != repeats.end()) {
      const auto& r = *it->second;
      p["has_repeat"] = true;
      // Said as fact only once a supervisor has confirmed a match.
      const bool confirmed = std::any_of(r.links.begin(), r.links.end(), [](const auto& l) {
        return l.decision && l.decision->same_person;
      });
      p["repeat_summary"] =
          r.crimes_in_year >= 2
              ? fmt::format("{}: {} crimes in 12 months",
                            confirmed ? "Repeat victim" : "Possible repeat victim",
                            r.crimes_in_year)
          : confirmed ? std::string("Repeat victim: a victim on another crime")
                      : std::string("Possibly a victim on another crime");
      p["may_decide_repeat"] = may_decide_repeat;
      mstch::array links;
      for (const auto& link : r.links) {
        // Another unit's crime is not named to those who may not open it.
        const auto other = s_.cases.FindCase(link.other.crime);
        const bool may_open = other && app::MayViewCase(*rc.user, *other);
        const bool same = link.decision && link.decision->same_person;
        std::string decided;
        if (link.decision) {
          decided = fmt::format("by {} on {}{}", app::StaffLabel(s_, link.decision->decided_by),
                                LondonTimeText(link.decision->decided_at),
                                link.decision->reason.empty() ? "" : ": " + link.decision->reason);
        }
        links.push_back(mstch::map{
            {"other_crime", may_open ? link.other.crime : std::string("a crime in another unit")},
            {"other_path", PathOf(link.other.crime)},
            {"other_person", may_open ? link.other.person : std::string()},
            {"may_open", may_open},
            {"other_recorded", may_open && link.other_recorded
                                   ? link.other_recorded->ToDayMonthYear()
                                   : std::string()},
            {"score", fmt::format("{:.0f}% alike", link.score * 100)},
            {"evidence", link.evidence},
            {"status", std::string(!link.decision ? "Suggested"
                                   : same         ? "Confirmed: the same person"
                                                  : "Not the same person")},
            {"tag", std::string(!link.decision ? "blue"
                                : same         ? "purple"
                                               : "grey")},
            {"decided", decided},
            {"may_decide", may_decide_repeat && may_open && !link.decision},
            {"n", std::to_string(++repeat_forms)}});
      }
      p["repeat_links"] = links;
    }
    people.push_back(p);
  }
  // What to do next first: each open duty with its person and the ways to meet it; a person's
  // later periodic updates folded into their first (one update covers them all). Met and
  // no-longer-needed duties are in the full table below it, collapsed.
  std::map<std::string, std::string> names;
  for (const auto& person : record->people)
    names[person.person] = person.display_name.empty() ? person.person : person.display_name;
  mstch::array obligations, todo;
  std::map<std::string, mstch::map*> first_update;  // by person
  std::map<std::string, int> later_updates;
  std::vector<mstch::map> open_items;
  open_items.reserve(record->obligations.size());
  int met = 0;
  for (const auto& o : record->obligations) {
    using S = rules::ObligationStatus;
    const char* tag = o.status == S::kMet       ? "green"
                      : o.status == S::kOverdue ? "red"
                      : o.status == S::kMetLate ? "orange"
                                                : "grey";
    const auto name = names.find(o.row.person);
    const std::string person = name == names.end() ? o.row.person : name->second;
    obligations.push_back(mstch::map{{"person", person},
                                     {"duty", o.what},
                                     {"enhanced", o.row.enhanced},
                                     {"trigger_date", o.row.trigger_date.ToDayMonthYear()},
                                     {"deadline", o.row.deadline.ToDayMonthYear()},
                                     {"status", app::StatusText(o.status)},
                                     {"tag", std::string(tag)},
                                     {"explanation", o.explanation}});
    if (o.status != S::kOpen && o.status != S::kOverdue) {
      ++met;
      continue;
    }
    if (o.row.duty == "periodic_update" && first_update.count(o.row.person)) {
      ++later_updates[o.row.person];
      continue;
    }
    const std::string letter = app::LetterForDuty(o.row.duty);
    open_items.push_back(mstch::map{
        {"person", person},
        {"person_id", o.row.person},
        {"contact_href", fmt::format("?contact={}#record-contact", PathOf(o.row.person))},
        {"message_href",
         fmt::format("?to={}&template={}#send-message", PathOf(o.row.person), letter)},
        {"has_letter", !letter.empty()},
        {"draft_href", letter.empty()
                           ? std::string()
                           : fmt::format("/cases/{}/messages/draft?person={}&duty={}",
                                         PathOf(row.crime), PathOf(o.row.person), o.row.duty)},
        {"duty", o.what},
        {"enhanced", o.row.enhanced},
        {"deadline", o.row.deadline.ToDayMonthYear()},
        {"overdue", o.status == S::kOverdue},
        {"n", std::to_string(open_items.size() + 1)}});
    if (o.row.duty == "periodic_update") first_update[o.row.person] = &open_items.back();
  }
  for (auto& [person, item] : first_update) {
    if (const int later = later_updates[person]; later > 0)
      (*item)["more"] = fmt::format("one update also covers the {} after it", later);
  }
  for (auto& item : open_items) todo.push_back(std::move(item));
  mstch::array timeline;
  for (const auto& t : record->timeline) {
    mstch::map entry{{"title", t.title},
                     {"date", t.date},
                     {"time", t.time},
                     {"contact", t.contact},
                     {"has_details", !t.details.empty()},
                     {"details", strings(t.details)}};
    if (!t.by.empty()) entry["by"] = t.by;
    timeline.push_back(entry);
  }
  const std::string done = Query(req, "done");
  mstch::map context{
      {"crime", row.crime},
      {"crime_path", PathOf(row.crime)},
      {"crime_type", row.crime_type},
      {"unit", row.unit},
      {"officer", row.officer},
      {"officer_label", app::OfficerLabel(s_, row.officer)},
      {"closed", row.closed},
      {"people", people},
      {"organisations", organisations},
      {"obligations", obligations},
      {"duty_count", std::to_string(obligations.size())},
      {"met_count", std::to_string(met)},
      {"todo", todo},
      {"has_todo", !todo.empty()},
      {"timeline", timeline},
      {"csrf", rc.session->csrf},
      {"as_of", today.ToLongString()},
      {"crime_flags_text", joined(record->crime_flags)},
      {"has_hearing_clashes", !record->hearing_clashes.empty()},
      {"hearing_clashes", strings(record->hearing_clashes)},
      {"record_error", record->error},
      {"may_contact", app::MayRecordContacts(*rc.user)},
      {"may_change_details",
       !row.closed && app::MayRecordCaseEvent(*rc.user, app::CaseEventKind::kPerson)},
      {"may_record_needs", app::MayRecordCaseEvent(*rc.user, app::CaseEventKind::kPerson)},
      {"may_close", !row.closed && app::MayCloseCases(*rc.user)},
      {"may_override", app::MayOverrideClosureGate(*rc.user)}};
  if (done == "contact") context["message"] = std::string("Contact recorded.");
  if (done == "closed") context["message"] = std::string("Case closed.");
  if (done == "referral") {
    context["message"] = std::string(
        "Recorded: they agreed. The referral goes with that organisation's feed, once the server "
        "has one for it.");
  }
  if (done == "no_referral") context["message"] = std::string("Recorded: they do not want it.");
  if (done == "handed_over")
    context["message"] = std::string("Handed over: the Witness Care Unit now has it in its queue.");
  // The Witness Care Unit: who has the case, or where an officer may hand it (after charge).
  const auto wcu_units = app::WitnessCareUnits(s_);
  for (const auto& u : wcu_units) {
    if (u.id == row.wcu_unit) context["wcu_label"] = u.name.empty() ? u.id : u.name;
  }
  if (!row.wcu_unit.empty() && !context.count("wcu_label")) context["wcu_label"] = row.wcu_unit;
  const bool charged = std::any_of(
      record->timeline.begin(), record->timeline.end(),
      [](const app::TimelineEntry& t) { return t.type == domain::EventType::kSuspectCharged; });
  if (charged && row.wcu_unit.empty() && !wcu_units.empty() && app::MayHandOverToWcu(*rc.user)) {
    mstch::array units;
    for (const auto& u : wcu_units)
      units.push_back(mstch::map{{"id", u.id}, {"name", u.name.empty() ? u.id : u.name}});
    context["may_hand_over"] = true;
    context["wcu_units"] = units;
  }
  if (done == "assigned") context["message"] = std::string("Case reassigned.");
  if (done == "repeat_confirmed")
    context["message"] =
        std::string("Confirmed as the same person: both are flagged repeat victims.");
  if (done == "repeat_rejected")
    context["message"] = std::string("Recorded as not the same person: it is no longer suggested.");
  if (done == "portal_revoked")
    context["message"] = std::string("Portal access ended: their account, sessions and links.");
  if (done == "event") context["message"] = std::string("Saved. The duties below now include it.");
  if (done == "answered") context["message"] = std::string("Call recorded as an update.");
  if (done == "call_back") {
    // Who was given it, and why when it is not the officer in case: the bureau tells the caller.
    const auto taker = app::WhoCallsBack(s_, row);
    context["message"] = fmt::format("Call-back requested: {} will call back{}.", taker.label,
                                     taker.why.empty() ? "" : " (" + taker.why + ")");
  }
  if (done == "call_back_done") context["message"] = std::string("Call-back marked as done.");
  mstch::array call_backs;
  for (const auto& c : view->call_backs) {
    call_backs.push_back(mstch::map{
        {"id", std::to_string(c.id)},
        {"raised", LondonTimeText(c.raised_at)},
        {"person", c.person},
        {"taker", app::OfficerLabel(s_, c.assigned_to.empty() ? row.officer : c.assigned_to)},
        {"request", c.request},
        {"done", !c.done_at.empty()},
        {"outcome", c.outcome},
        {"done_by", c.done_by}});
  }
  context["has_call_backs"] = !call_backs.empty();
  context["call_backs"] = call_backs;
  context["may_take_calls"] = app::HasRole(*rc.user, domain::StaffRole::kBureau) ||
                              app::HasRole(*rc.user, domain::StaffRole::kAdmin);
  if (done == "queued")
    context["message"] =
        std::string("Message queued. It is sent within a minute; its status is below.");
  if (done == "suppressed")
    context["message"] = std::string(
        "Not sent: the contact agreement says that channel is not safe. This is recorded.");
  context["may_send"] = app::MayRecordContacts(*rc.user);
  mstch::array templates;
  for (const auto& id : notify::TemplateIds()) {
    if (notify::IsPortalMessage(id)) continue;  // sent by the portal, with its link
    const auto t = notify::BuiltInTemplate(id, "en");
    if (t) {
      templates.push_back(
          mstch::map{{"id", id}, {"subject", t->subject}, {"selected", id == message_template}});
    }
  }
  context["templates"] = templates;
  mstch::array messages;
  for (const auto& m : view->outbox) {
    // Tag colour and words, by domain::OutboxStatus.
    static constexpr std::pair<const char*, const char*> kStatus[] = {{"grey", "Waiting"},
                                                                      {"blue", "Sending"},
                                                                      {"green", "Delivered"},
                                                                      {"red", "Failed"},
                                                                      {"orange", "Not sent"}};
    static_assert(std::size(kStatus) == domain::kOutboxStatusCount);
    const auto s = kStatus[static_cast<size_t>(m.status)];
    messages.push_back(mstch::map{
        {"when", LondonTimeText(m.created_at)},
        {"person", m.person},
        {"channel", m.channel},
        {"subject", notify::Plain(m.subject)},
        {"tag", std::string(s.first)},
        {"status", std::string(m.channel == "letter" && m.status == domain::OutboxStatus::kDelivered
                                   ? "Posted"
                                   : s.second)},
        {"note", m.last_error}});
  }
  context["has_messages"] = !messages.empty();
  context["messages"] = messages;
  context["officer_availability"] = OfficerAvailability(row.officer);
  mstch::array choices;
  for (const auto& f : EventForms()) {
    if (app::MayRecordCaseEvent(*rc.user, f.Kind())) {
      choices.push_back(mstch::map{{"type", f.type}, {"choice", f.choice}});
    }
  }
  context["has_event_choices"] = !choices.empty();
  context["event_choices"] = choices;
  const bool may_reassign = !row.closed && app::MayReassign(*rc.user);
  context["may_reassign"] = may_reassign;
  if (may_reassign) {
    const mstch::array targets = ReassignTargets(*rc.user, row.unit, row.officer);
    context["has_targets"] = !targets.empty();
    context["targets"] = targets;
  }
  if (!problems.empty()) {
    context["problem"] = true;
    mstch::array list;
    for (const auto& p : problems) list.push_back(p);
    context["problems"] = list;
  }
  return SendHtml(req, std::move(status),
                  Page(problem_title.empty() ? "Crime " + row.crime : problem_title,
                       Render("case", context), &*rc.user, rc.session->csrf));
}

}  // namespace cf::http
