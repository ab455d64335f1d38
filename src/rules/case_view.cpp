#include "rules/case_view.hpp"

#include <algorithm>

namespace cf::rules {

int CaseView::FindPerson(std::string_view id) const {
  for (size_t i = 0; i < persons.size(); ++i) {
    if (persons[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

Date CaseView::AgeDate() const {
  const Event& r = *recorded->e;
  return r.offence_date ? *r.offence_date : recorded->d;
}

void BuildCaseView(const CaseFile& file, Date as_of, CaseView& view) {
  view.file = &file;
  view.items.clear();
  view.persons.clear();
  view.closures.clear();
  const Event& rec = file.events.front();
  // Effective instants: never before the crime's recording, nor before the person's adding.
  // Person ids are few per case, so a linear lookup beats a map.
  struct Added {
    std::string_view id;
    Instant t;
    Date d;
  };
  std::vector<Added> added;
  view.items.reserve(file.events.size());
  for (const Event& e : file.events) {
    Instant t = e.at;
    Date d = e.date;
    if (t < rec.at) {
      t = rec.at;
      d = rec.date;
    }
    if (!e.person.empty()) {
      if (e.type == domain::EventType::kPersonAdded) {
        added.push_back({e.person, t, d});
      } else {
        for (const auto& a : added) {
          if (a.id == e.person && t < a.t) {
            t = a.t;
            d = a.d;
          }
        }
      }
    }
    if (d > as_of) continue;
    view.items.push_back({&e, t, d});
  }
  std::stable_sort(view.items.begin(), view.items.end(),
                   [](const Item& a, const Item& b) { return a.t < b.t; });

  for (const Item& item : view.items) {
    const Event& e = *item.e;
    if (e.type == domain::EventType::kCrimeRecorded) {
      view.recorded = &item;
    } else if (e.type == domain::EventType::kPersonAdded) {
      PersonView p;
      p.id = e.person;
      p.role = e.role;
      p.added = &item;
      view.persons.push_back(std::move(p));
    }
  }
  for (auto& p : view.persons) {
    if (!p.added->e->represents.empty()) p.represents = view.FindPerson(p.added->e->represents);
    p.start = p.added->t > view.recorded->t ? p.added : view.recorded;
  }
  for (const Item& item : view.items) {
    const Event& e = *item.e;
    if (e.type == domain::EventType::kCaseClosed || e.type == domain::EventType::kCaseReopened) {
      view.closures.push_back(&item);
    }
    if (e.person.empty() || e.type == domain::EventType::kPersonAdded) continue;
    const int i = view.FindPerson(e.person);
    if (i < 0) continue;  // added after the as-of date
    view.persons[i].own.push_back(&item);
    if (e.type == domain::EventType::kContactMade) {
      view.persons[i].contacts.push_back(&item);
      const int rep_of = view.persons[i].represents;
      if (rep_of >= 0 && domain::IsRepresentative(view.persons[i].role)) {
        view.persons[rep_of].contacts.push_back(&item);
      }
    }
  }
}

}  // namespace cf::rules
