#include "storage/queue_query.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace cf::storage {
namespace {

// Open on the day: unsettled, of a case not closed, and triggered by then.
bool QueueOpenOn(const ObligationRow& r, core::Date as_of) {
  return !r.settled && !r.case_closed && r.trigger_date <= as_of;
}

bool QueueMatches(const QueueQuery& q, const ObligationRow& r) {
  return QueueOpenOn(r, q.as_of) && r.queue_line && (!q.due_after || r.deadline > *q.due_after) &&
         (!q.due_by || r.deadline <= *q.due_by) && (q.duty.empty() || r.duty == q.duty) &&
         (q.crime_type.empty() || r.crime_type == q.crime_type) && (!q.enhanced_only || r.enhanced);
}

}  // namespace

std::vector<QueueLine> QueueLinesOf(const QueueQuery& query, const std::vector<ObligationRow>& rows,
                                    const NameOf& name_of) {
  std::map<std::pair<std::string, std::string>, int> updates;  // (crime, person) -> open
  for (const auto& r : rows) {
    if (r.duty == "periodic_update" && QueueOpenOn(r, query.as_of)) ++updates[{r.crime, r.person}];
  }
  std::vector<QueueLine> out;
  for (const auto& r : rows) {
    if (!QueueMatches(query, r)) continue;
    const int more = r.duty == "periodic_update" ? updates[{r.crime, r.person}] - 1 : 0;
    out.push_back({r, name_of(r.crime, r.person), more});
  }
  return out;
}

QueuePage PageOf(const QueueQuery& query, std::vector<QueueLine> lines) {
  // QueueQuery's ORDER BY; storage order breaks ties (the sort is stable).
  auto before = [&](const QueueLine& a, const QueueLine& b) {
    const auto& x = a.row;
    const auto& y = b.row;
    switch (query.sort) {
      case QueueSort::kCrime:
        return std::tie(x.crime, x.deadline) < std::tie(y.crime, y.deadline);
      case QueueSort::kPerson:
        return std::tie(a.person_name, x.crime, x.person, x.deadline) <
               std::tie(b.person_name, y.crime, y.person, y.deadline);
      case QueueSort::kDeadline:
        break;
    }
    return std::tie(x.deadline, x.trigger_date) < std::tie(y.deadline, y.trigger_date);
  };
  std::stable_sort(lines.begin(), lines.end(), before);
  QueuePage page;
  page.total = static_cast<int64_t>(lines.size());
  const size_t from = std::min(query.offset, lines.size());
  const size_t to = query.limit == 0 ? lines.size() : std::min(lines.size(), from + query.limit);
  page.lines.assign(std::make_move_iterator(lines.begin() + static_cast<std::ptrdiff_t>(from)),
                    std::make_move_iterator(lines.begin() + static_cast<std::ptrdiff_t>(to)));
  return page;
}

}  // namespace cf::storage
