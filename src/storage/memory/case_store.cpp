// In-memory CaseStore: each method does what its SQL does in src/storage/sqlite/sqlite_store.cpp
// (the same filters, the same ORDER BY, LIMIT n giving no rows for n = 0 where the SQL binds
// it), over the tables of state.hpp. A value the SQLite store binds as NULL when empty
// (not_required, error, search_text...) is empty here, and compares as NULL does: never true; a
// day it may leave NULL (met_at, not_required_on, stale_after) is an empty optional.
#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <tuple>

#include "storage/memory/memory_store.hpp"
#include "storage/memory/state.hpp"
#include "storage/queue_query.hpp"
#include "storage/search_terms.hpp"

namespace cf::storage::memory {
namespace {

bool InScope(const Scope& scope, const std::string& officer, const std::string& unit) {
  return (scope.officer.empty() || officer == scope.officer) &&
         (scope.unit.empty() || unit == scope.unit);
}

// SQL's LIMIT n: at most n rows, none for 0.
template <typename T>
std::vector<T> Limited(std::vector<T> rows, size_t limit) {
  if (rows.size() > limit) rows.resize(limit);
  return rows;
}

// Erases the rows of a table keyed (crime_a, person_a, crime_b, person_b) that name `crime`.
template <typename TableT>
int64_t EraseNaming(TableT& table, const std::string& crime) {
  std::vector<typename std::decay_t<decltype(*table)>::key_type> keys;
  for (const auto& [key, row] : *table) {
    if (std::get<0>(key) == crime || std::get<2>(key) == crime) keys.push_back(key);
  }
  for (const auto& key : keys) table.Erase(key);
  return static_cast<int64_t>(keys.size());
}

class MemoryCaseStore final : public CaseStore {
 public:
  using CaseStore::Compliance;
  explicit MemoryCaseStore(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  void Migrate() override {
    for (const int version : Shared::KnownMigrations()) {
      if (!S().migrations->contains(version)) S().migrations.Put(version, true);
    }
  }
  std::vector<int> AppliedMigrations() override {
    std::vector<int> out;
    for (const auto& [version, applied] : *S().migrations) out.push_back(version);
    return out;
  }

  void Begin() override { shared_->Begin(); }
  void Commit() override { shared_->Commit(); }
  void Rollback() override { shared_->Rollback(); }

  int64_t StartImport(const std::string& source, const std::string& started_at) override {
    const int64_t id = NextId(*S().imports);
    Import import;
    import.source = source;
    import.started_at = started_at;
    S().imports.Put(id, std::move(import));
    return id;
  }

  void FinishImport(int64_t id, int64_t lines, int64_t accepted, int64_t duplicates,
                    int64_t rejected, const std::string& finished_at) override {
    S().imports.Update(id, [&](Import& import) {
      import.lines = lines;
      import.accepted = accepted;
      import.duplicates = duplicates;
      import.rejected = rejected;
      import.finished_at = finished_at;
    });
  }

  std::optional<std::string> EventHash(const std::string& id) override {
    const auto it = S().event_seqs->find(id);
    if (it == S().event_seqs->end()) return std::nullopt;
    return S().events->at(it->second).event.content_hash;
  }

  void AppendEvent(const StoredEvent& e, int64_t import_id) override {
    if (S().event_seqs->contains(e.id))
      throw StorageError(fmt::format("event {} is in the log already", e.id));
    if (!S().imports->contains(import_id))
      throw StorageError(fmt::format("event {}: there is no import {}", e.id, import_id));
    const int64_t seq = NextId(*S().events);
    S().events.Put(seq, {e, import_id});
    S().event_seqs.Put(e.id, seq);
    S().events_by_crime.Put({e.crime, seq}, true);
  }

  std::vector<std::string> EventBodies(const std::string& crime) override {
    std::vector<std::string> out;
    const auto& index = *S().events_by_crime;
    for (auto it = index.lower_bound({crime, INT64_MIN});
         it != index.end() && it->first.first == crime; ++it)
      out.push_back(S().events->at(it->first.second).event.body);
    return out;
  }

  std::vector<Appended> EventsAfter(int64_t seq, size_t limit) override {
    std::vector<Appended> out;
    for (auto it = S().events->upper_bound(seq); it != S().events->end() && out.size() < limit;
         ++it) {
      const auto& e = it->second.event;
      out.push_back({it->first, e.id, e.crime, e.type});
    }
    return out;
  }

  int64_t EventCount() override { return static_cast<int64_t>(S().events->size()); }
  int64_t ApproxEventCount() override { return EventCount(); }

  void ForEachCase(
      const std::function<void(const std::string&, std::vector<std::string>&)>& fn) override {
    // Read first, then visited: `fn` sees the log as it was when the visit began, whatever
    // it writes, as the SQL's read does.
    // Cases in the order the log first names them, as SQLite's case ids run.
    std::vector<std::tuple<int64_t, std::string, std::vector<std::string>>> cases;
    for (const auto& [key, unused] : *S().events_by_crime) {
      if (cases.empty() || std::get<1>(cases.back()) != key.first)
        cases.emplace_back(key.second, key.first, std::vector<std::string>());
      std::get<2>(cases.back()).push_back(S().events->at(key.second).event.body);
    }
    std::sort(cases.begin(), cases.end(),
              [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
    for (auto& [first, crime, bodies] : cases) fn(crime, bodies);
  }

  bool CrimeExists(const std::string& crime) override { return S().cases->contains(crime); }

  bool PersonExists(const std::string& crime, const std::string& person) override {
    const auto it = S().people->find(crime);
    return it != S().people->end() &&
           std::any_of(it->second.begin(), it->second.end(),
                       [&](const PersonRow& p) { return p.person == person; });
  }

  void ReplaceCase(const CaseRow& c, const std::vector<PersonRow>& people,
                   const std::vector<ObligationRow>& obligations) override {
    // The schema's constraints, checked before anything is written so that a refused write
    // leaves nothing behind: people are keyed by (case, person), obligations by (case, n), and
    // an obligation is the case's it is stored with. (Checking first, not undoing after,
    // spares copying the tables for every case.)
    std::set<std::string> persons;
    for (const auto& p : people) {
      if (!persons.insert(p.person).second)
        throw StorageError(fmt::format("case {}: person {} twice", c.crime, p.person));
    }
    std::set<int> numbers;
    for (const auto& o : obligations) {
      if (o.crime != c.crime)
        throw StorageError(
            fmt::format("case {}: obligation {} names case {}", c.crime, o.n, o.crime));
      if (!numbers.insert(o.n).second)
        throw StorageError(fmt::format("case {}: obligation {} twice", o.crime, o.n));
    }
    for (const auto& o : CaseObligations(c.crime)) S().obligations.Erase({o.crime, o.n});
    for (const auto& o : obligations)
      S().obligations.Put({o.crime, o.n}, {o, ++S().last_obligation_rowid});
    S().cases.Put(c.crime, c);
    if (people.empty()) {
      S().people.Erase(c.crime);
    } else {
      S().people.Put(c.crime, people);
    }
  }

  void AddCase(const CaseRow& c, const std::vector<PersonRow>& people,
               const std::vector<ObligationRow>& obligations) override {
    if (S().cases->contains(c.crime))
      throw StorageError(fmt::format("case {} is stored already", c.crime));
    ReplaceCase(c, people, obligations);
  }

  void ClearDerived() override {
    S().obligations.Clear();
    S().people.Clear();
    S().cases.Clear();
  }

  std::optional<CaseRow> FindCase(const std::string& crime) override {
    const auto it = S().cases->find(crime);
    if (it == S().cases->end()) return std::nullopt;
    return it->second;
  }

  std::vector<CaseRow> CasesRecorded(const std::string& unit, core::Date from,
                                     core::Date to) override {
    std::vector<CaseRow> out;
    for (const auto& [crime, row] : *S().cases)
      if (row.unit == unit && row.recorded_on >= from && row.recorded_on <= to) out.push_back(row);
    return out;  // the table is ordered by crime reference
  }

  int64_t CaseCount() override { return static_cast<int64_t>(S().cases->size()); }

  std::vector<ObligationRow> CaseObligations(const std::string& crime) override {
    std::vector<ObligationRow> out;
    const auto& by_key = *S().obligations;
    for (auto it = by_key.lower_bound({crime, INT_MIN});
         it != by_key.end() && it->first.first == crime; ++it)
      out.push_back(it->second.row);
    return out;
  }

  std::vector<PersonRow> CasePeople(const std::string& crime) override {
    const auto it = S().people->find(crime);
    return it == S().people->end() ? std::vector<PersonRow>() : it->second;
  }

  std::vector<ObligationRow> OpenObligations(const Scope& scope, core::Date as_of,
                                             size_t limit) override {
    std::vector<const StoredObligation*> found;
    for (const auto& [key, entry] : *S().obligations) {
      if (IsOpen(entry.row, scope, as_of)) found.push_back(&entry);
    }
    // ORDER BY deadline, trigger_date, then storage order.
    std::sort(found.begin(), found.end(), [](const auto* a, const auto* b) {
      return std::tie(a->row.deadline, a->row.trigger_date, a->rowid) <
             std::tie(b->row.deadline, b->row.trigger_date, b->rowid);
    });
    if (limit != 0 && found.size() > limit) found.resize(limit);
    std::vector<ObligationRow> out;
    out.reserve(found.size());
    for (const auto* entry : found) out.push_back(entry->row);
    return out;
  }

  OpenCounts CountOpen(const Scope& scope, core::Date as_of, core::Date red_until) override {
    OpenCounts counts;
    for (const auto& [key, entry] : *S().obligations) {
      if (IsOpen(entry.row, scope, as_of)) Count(entry.row, as_of, red_until, counts);
    }
    return counts;
  }

  std::vector<OfficerCounts> CountOpenByOfficer(const std::string& unit, core::Date as_of,
                                                core::Date red_until) override {
    std::map<std::string, OpenCounts> by_officer;
    for (const auto& [key, entry] : *S().obligations) {
      if (IsOpen(entry.row, {"", unit}, as_of))
        Count(entry.row, as_of, red_until, by_officer[entry.row.officer]);
    }
    std::vector<OfficerCounts> out;
    out.reserve(by_officer.size());
    for (const auto& [officer, counts] : by_officer) out.push_back({officer, counts});
    // ORDER BY due by red_until DESC, due by as_of DESC, officer.
    std::stable_sort(out.begin(), out.end(), [](const OfficerCounts& a, const OfficerCounts& b) {
      return std::tie(b.counts.due_by_red_until, b.counts.due_by_as_of) <
             std::tie(a.counts.due_by_red_until, a.counts.due_by_as_of);
    });
    return out;
  }

  QueuePage Queue(const QueueQuery& q) override {
    // Every obligation of the cases in scope, in storage order (QueueLinesOf counts updates).
    std::vector<const StoredObligation*> found;
    for (const auto& [key, entry] : *S().obligations) {
      if (InScope(q.scope, entry.row.officer, entry.row.unit)) found.push_back(&entry);
    }
    std::sort(found.begin(), found.end(),
              [](const auto* a, const auto* b) { return a->rowid < b->rowid; });
    std::vector<ObligationRow> rows;
    rows.reserve(found.size());
    for (const auto* entry : found) rows.push_back(entry->row);
    return PageOf(q, QueueLinesOf(q, rows, [this](const auto& crime, const auto& person) {
                    return PersonName(crime, person);
                  }));
  }

  std::vector<std::string> OpenCrimeTypes(const Scope& scope) override {
    std::set<std::string> types;
    for (const auto& [key, entry] : *S().obligations) {
      const auto& r = entry.row;
      if (!r.settled && !r.case_closed && InScope(scope, r.officer, r.unit))
        types.insert(r.crime_type);
    }
    return {types.begin(), types.end()};
  }

  QueuePage MissedAtClosure(const Scope& scope, size_t offset, size_t limit) override {
    std::vector<const StoredObligation*> found;
    for (const auto& [key, entry] : *S().obligations) {
      const auto& r = entry.row;
      if (!r.settled && r.case_closed && InScope(scope, r.officer, r.unit) &&
          !S().missed_acknowledgements->contains({r.crime, r.person, r.duty, r.instance}))
        found.push_back(&entry);
    }
    // ORDER BY deadline, rowid.
    std::sort(found.begin(), found.end(), [](const auto* a, const auto* b) {
      return std::tie(a->row.deadline, a->rowid) < std::tie(b->row.deadline, b->rowid);
    });
    QueuePage page;
    page.total = static_cast<int64_t>(found.size());
    for (size_t i = offset; i < found.size() && (limit == 0 || i < offset + limit); ++i) {
      const auto& r = found[i]->row;
      int more = 0;
      if (r.duty == "periodic_update") {
        for (const auto& [key, entry] : *S().obligations) {
          more += entry.row.crime == r.crime && entry.row.person == r.person &&
                  entry.row.duty == "periodic_update" && !entry.row.settled;
        }
        --more;
      }
      page.lines.push_back({r, PersonName(r.crime, r.person), more});
    }
    return page;
  }

  bool AcknowledgeMissed(const MissedAcknowledgement& a) override {
    const std::tuple key{a.crime, a.person, a.duty, a.instance};
    if (S().missed_acknowledgements->contains(key)) return false;  // ON CONFLICT DO NOTHING
    S().missed_acknowledgements.Put(key, a);
    return true;
  }

  std::optional<MissedAcknowledgement> MissedAcknowledgementOf(const std::string& crime,
                                                               const std::string& person,
                                                               const std::string& duty,
                                                               int instance) override {
    const auto it = S().missed_acknowledgements->find({crime, person, duty, instance});
    if (it == S().missed_acknowledgements->end()) return std::nullopt;
    return it->second;
  }

  std::vector<std::string> CrimesWithEventsAfter(const Scope& scope, core::Date date) override {
    std::vector<std::string> out;
    for (const auto& [crime, c] : *S().cases) {
      if (c.last_event_on > date && InScope(scope, c.officer, c.unit)) out.push_back(crime);
    }
    return out;
  }

  std::vector<std::string> CrimesToRollForward(const Scope& scope, core::Date date) override {
    std::vector<std::string> out;
    for (const auto& [crime, c] : *S().cases) {
      if (c.stale_after && InScope(scope, c.officer, c.unit) && *c.stale_after < date)
        out.push_back(crime);
    }
    return out;
  }

  std::vector<ComplianceCount> Compliance(const ComplianceQuery& q) override {
    const auto& known = ComplianceGroupings();
    if (q.group_by.empty() || q.group_by.size() > 2)
      throw std::invalid_argument("group_by: one or two groupings");
    for (const auto& g : q.group_by) {
      if (std::find(known.begin(), known.end(), g) == known.end())
        throw std::invalid_argument("group_by: " + g);
    }
    auto listed = [](const std::vector<std::string>& list, const std::string& value) {
      return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
    };
    // ORDER BY g, g2, status
    std::map<std::tuple<std::string, std::string, std::string>, int64_t> counts;
    for (const auto& [key, entry] : *S().obligations) {
      const ObligationRow& o = entry.row;
      if (!(o.deadline >= q.from && o.deadline <= q.to && o.trigger_date <= q.as_of)) continue;
      if (!listed(q.duties, o.duty) || !listed(q.rule_sets, o.rule_set)) continue;
      const std::string g2 = q.group_by.size() > 1 ? Group(o, q.group_by[1]) : std::string();
      ++counts[{Group(o, q.group_by[0]), g2, StatusOn(o, q.as_of)}];
    }
    std::vector<ComplianceCount> out;
    out.reserve(counts.size());
    for (const auto& [key, n] : counts)
      out.push_back({std::get<0>(key), std::get<2>(key), n, std::get<1>(key)});
    return out;
  }

  std::vector<std::string> SearchCases(const std::string& text, size_t limit) override {
    const auto terms = SearchTerms(text);
    // UNION: each crime once, in order.
    std::set<std::string> found;
    if (S().cases->contains(text)) found.insert(text);
    for (const auto& [crime, people] : *S().people) {
      if (terms.empty()) break;
      for (const auto& p : people) {
        const std::string haystack = SearchHaystack(p.search_text);
        if (std::all_of(terms.begin(), terms.end(), [&](const std::string& t) {
              return haystack.find(t) != std::string::npos;
            })) {
          found.insert(crime);
          break;
        }
      }
    }
    return Limited(std::vector<std::string>(found.begin(), found.end()), limit);
  }

  int64_t AddCallBack(const CallBack& c) override {
    const int64_t id = NextId(*S().call_backs);
    StoredCallBack stored;
    stored.call_back.id = id;
    stored.call_back.crime = c.crime;
    stored.call_back.person = c.person;
    stored.call_back.request = c.request;
    stored.call_back.raised_by = c.raised_by;
    stored.call_back.raised_at = c.raised_at;
    stored.call_back.assigned_to = c.assigned_to;
    stored.call_back.kind = c.kind.empty() ? "call_back" : c.kind;
    S().call_backs.Put(id, std::move(stored));
    return id;
  }

  std::vector<CallBack> OpenCallBacks(const Scope& scope, size_t limit) override {
    std::vector<CallBack> out;
    for (const auto& [id, stored] : *S().call_backs) {
      if (stored.done) continue;
      auto call_back = WithCase(stored);  // JOIN cases: none without a case
      if (!call_back || (!scope.unit.empty() && call_back->unit != scope.unit)) continue;
      // An officer's: those given to them, and their cases' that were given to nobody else.
      const std::string& taker =
          call_back->assigned_to.empty() ? call_back->officer : call_back->assigned_to;
      if (scope.officer.empty() || taker == scope.officer) out.push_back(std::move(*call_back));
    }
    std::stable_sort(out.begin(), out.end(), [](const CallBack& a, const CallBack& b) {
      return std::tie(a.raised_at, a.id) < std::tie(b.raised_at, b.id);
    });
    return Limited(std::move(out), limit);
  }

  std::vector<CallBack> CaseCallBacks(const std::string& crime) override {
    std::vector<CallBack> out;
    for (const auto& [id, stored] : *S().call_backs) {
      if (stored.call_back.crime != crime) continue;
      if (auto call_back = WithCase(stored)) out.push_back(std::move(*call_back));
    }
    std::stable_sort(out.begin(), out.end(), [](const CallBack& a, const CallBack& b) {
      return std::tie(b.raised_at, b.id) < std::tie(a.raised_at, a.id);
    });
    return out;
  }

  int CompleteCallBacks(const std::string& crime, int64_t id, const std::string& person,
                        const std::string& by, const std::string& at,
                        const std::string& outcome) override {
    std::vector<int64_t> ids;
    for (const auto& [key, stored] : *S().call_backs) {
      const CallBack& c = stored.call_back;
      if (c.crime == crime && !stored.done && (key == id || (id == 0 && c.person == person)))
        ids.push_back(key);
    }
    for (const int64_t key : ids) {
      S().call_backs.Update(key, [&](StoredCallBack& stored) {
        stored.done = true;
        stored.call_back.done_at = at;
        stored.call_back.done_by = by;
        stored.call_back.outcome = outcome;
      });
    }
    return static_cast<int>(ids.size());
  }

  int64_t AddOutbox(const OutboxMessage& m) override {
    const auto it = S().outbox_keys->find(m.idempotency_key);
    if (it != S().outbox_keys->end()) return it->second;  // ON CONFLICT DO NOTHING
    const int64_t id = NextId(*S().outbox);
    OutboxMessage stored = m;
    stored.id = id;
    stored.updated_at = m.created_at;
    stored.provider_id.clear();  // not inserted: the column's default
    S().outbox.Put(id, std::move(stored));
    S().outbox_keys.Put(m.idempotency_key, id);
    return id;
  }

  void ReplaceOutboxBody(int64_t id, const std::string& body_text,
                         const std::string& body_html) override {
    S().outbox.Update(id, [&](OutboxMessage& stored) {
      stored.body_text = body_text;
      stored.body_html = body_html;
    });
  }

  std::vector<OutboxMessage> ClaimOutbox(const std::string& worker, const std::string& now,
                                         const std::string& lease_until, size_t limit,
                                         bool with_letters) override {
    return Claim(worker, lease_until, limit, [&](const OutboxMessage& m) {
      return m.status == domain::OutboxStatus::kCreated && m.next_attempt_at <= now &&
             (m.channel != "letter" || with_letters);
    });
  }

  std::vector<OutboxMessage> ReclaimOutbox(const std::string& worker, const std::string& now,
                                           const std::string& lease_until, size_t limit) override {
    return Claim(worker, lease_until, limit, [&](const OutboxMessage& m) {
      return m.status == domain::OutboxStatus::kSending && m.provider_id.empty() &&
             m.lease_until < now;  // none ("") is before any time
    });
  }

  void UpdateOutbox(const OutboxMessage& m) override {
    S().outbox.Update(m.id, [&](OutboxMessage& stored) {
      stored.status = m.status;
      stored.attempts = m.attempts;
      stored.next_attempt_at = m.next_attempt_at;
      stored.last_error = m.last_error;
      stored.updated_at = m.updated_at;
      stored.provider_id = m.provider_id;
    });
  }

  std::optional<OutboxMessage> Outbox(int64_t id) override {
    const auto it = S().outbox->find(id);
    if (it == S().outbox->end()) return std::nullopt;
    return it->second;
  }

  std::vector<OutboxMessage> CaseOutbox(const std::string& crime) override {
    std::vector<OutboxMessage> out;
    const auto& by_id = *S().outbox;
    for (auto it = by_id.rbegin(); it != by_id.rend(); ++it) {
      if (it->second.crime == crime) out.push_back(it->second);
    }
    return out;
  }

  std::map<domain::OutboxStatus, int64_t> CountOutbox() override {
    std::map<domain::OutboxStatus, int64_t> out;
    for (int i = 0; i < domain::kOutboxStatusCount; ++i)
      out[static_cast<domain::OutboxStatus>(i)] = 0;
    for (const auto& [id, m] : *S().outbox) ++out[m.status];
    return out;
  }

  std::vector<OutboxMessage> OutboxWithStatus(domain::OutboxStatus status, const Scope& scope,
                                              size_t limit) override {
    return MessagesWithStatus(status, scope, limit, false);
  }

  std::vector<OutboxMessage> CaseMessagesWithStatus(domain::OutboxStatus status, const Scope& scope,
                                                    size_t limit) override {
    return MessagesWithStatus(status, scope, limit, true);
  }

  std::vector<OutboxMessage> MessagesWithStatus(domain::OutboxStatus status, const Scope& scope,
                                                size_t limit, bool cases_only) {
    const bool scoped = !scope.officer.empty() || !scope.unit.empty();
    std::vector<OutboxMessage> out;
    for (const auto& [id, m] : *S().outbox) {
      if (out.size() == limit) break;
      if (m.status != status || (cases_only && m.crime.empty())) continue;
      if (scoped) {
        const auto c = S().cases->find(m.crime);  // crime IN (SELECT crime FROM cases ...)
        if (c == S().cases->end() || !InScope(scope, c->second.officer, c->second.unit)) continue;
      }
      out.push_back(m);
    }
    return out;
  }

  std::vector<ObligationRow> OpenObligationsOfDuty(const std::string& duty, size_t limit) override {
    std::vector<ObligationRow> out;
    for (const auto& [key, entry] : *S().obligations) {
      if (entry.row.duty == duty && !entry.row.settled) out.push_back(entry.row);
    }
    // ORDER BY deadline, crime, n (the map gives crime, n already).
    std::stable_sort(out.begin(), out.end(), [](const ObligationRow& a, const ObligationRow& b) {
      return a.deadline < b.deadline;
    });
    return Limited(std::move(out), limit);
  }

  bool ReferralSent(const std::string& key) override { return S().referrals->contains(key); }

  bool RecordReferral(const ReferralRow& r) override {
    if (S().referrals->contains(r.key)) return false;  // ON CONFLICT DO NOTHING
    ReferralRow row = r;
    row.status_at = r.created_at;
    row.note.clear();
    S().referrals.Put(r.key, std::move(row));
    return true;
  }

  std::optional<ReferralRow> Referral(const std::string& key) override {
    const auto it = S().referrals->find(key);
    if (it == S().referrals->end()) return std::nullopt;
    return it->second;
  }

  std::vector<ReferralRow> CaseReferrals(const std::string& crime) override {
    std::vector<ReferralRow> out;
    for (const auto& [key, r] : *S().referrals) {
      if (r.crime == crime) out.push_back(r);
    }
    // ORDER BY created_at, referral_key (the map gives the key order).
    std::stable_sort(out.begin(), out.end(), [](const ReferralRow& a, const ReferralRow& b) {
      return a.created_at < b.created_at;
    });
    return out;
  }

  std::vector<ReferralRow> Referrals(std::optional<domain::ReferralStatus> status,
                                     const std::string& organisation, size_t limit) override {
    std::vector<ReferralRow> out;
    for (const auto& [key, r] : *S().referrals) {
      if ((!status || r.status == *status) &&
          (organisation.empty() || r.organisation == organisation))
        out.push_back(r);
    }
    // ORDER BY created_at DESC, referral_key.
    std::stable_sort(out.begin(), out.end(), [](const ReferralRow& a, const ReferralRow& b) {
      return a.created_at > b.created_at;
    });
    return Limited(std::move(out), limit);
  }

  std::vector<OrganisationRow> Organisations() override {
    std::vector<OrganisationRow> out;
    for (const auto& [id, o] : *S().organisations) out.push_back(o);
    return out;
  }

  void SaveOrganisation(const OrganisationRow& o) override { S().organisations.Put(o.id, o); }

  std::vector<std::string> CrimesWithConsentsTo(const std::string& organisation) override {
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto text = [](const nlohmann::json& body, const char* key) {
      return body.is_object() && body.contains(key) && body[key].is_string()
                 ? body[key].get<std::string>()
                 : std::string();
    };
    for (const auto& [seq, logged] : *S().events) {
      const StoredEvent& e = logged.event;
      if (e.type != "referral.consented" || seen.contains(e.crime)) continue;
      const auto body = nlohmann::json::parse(e.body, nullptr, false);
      if (text(body, "to") != organisation) continue;
      if (S().referrals->contains(e.crime + "|" + text(body, "person") + "|to:" + organisation))
        continue;
      seen.insert(e.crime);
      out.push_back(e.crime);
    }
    return out;
  }

  void SetReferralStatus(const std::string& key, domain::ReferralStatus status,
                         const std::string& at, const std::string& note) override {
    S().referrals.Update(key, [&](ReferralRow& row) {
      row.status = status;
      row.status_at = at;
      row.note = note;
    });
  }

  std::optional<std::string> Setting(const std::string& key) override {
    const auto it = S().settings->find(key);
    if (it == S().settings->end()) return std::nullopt;
    return it->second;
  }

  void SetSetting(const std::string& key, const std::string& value) override {
    S().settings.Put(key, value);
  }

  bool TakeLease(const std::string& job, const std::string& holder, const std::string& now,
                 const std::string& until) override {
    const auto it = S().job_leases->find(job);
    if (it != S().job_leases->end() && it->second.first != holder && !(it->second.second < now))
      return false;
    S().job_leases.Put(job, {holder, until});
    return true;
  }

  void ReleaseLease(const std::string& job, const std::string& holder) override {
    const auto it = S().job_leases->find(job);
    if (it != S().job_leases->end() && it->second.first == holder) S().job_leases.Erase(job);
  }

  std::vector<ClosedCase> ClosedCases() override {
    std::vector<ClosedCase> out;
    for (const auto& [crime, row] : *S().cases) {
      if (auto c = ClosedCaseOf(crime)) out.push_back(std::move(*c));
    }
    return out;
  }

  std::optional<ClosedCase> ClosedCaseOf(const std::string& crime) override {
    const auto row = S().cases->find(crime);
    if (row == S().cases->end() || !row->second.closed) return std::nullopt;
    ClosedCase out{crime, "", row->second.last_event_on, 0};
    const auto& index = *S().events_by_crime;
    for (auto it = index.lower_bound({crime, INT64_MIN});
         it != index.end() && it->first.first == crime; ++it) {
      const auto& e = S().events->at(it->first.second).event;
      if (e.type == "case.closed") out.closed_at = std::max(out.closed_at, e.at);
      out.last_seq = std::max(out.last_seq, it->first.second);
    }
    if (out.closed_at.empty()) return std::nullopt;
    return out;
  }

  std::vector<Purge> Purges() override {
    std::vector<Purge> out;
    for (const auto& [key, purge] : *S().purges) out.push_back(purge);
    std::sort(out.begin(), out.end(), [](const Purge& a, const Purge& b) {
      return std::pair(a.crime, RetainedKindName(a.kind)) <
             std::pair(b.crime, RetainedKindName(b.kind));
    });
    return out;
  }

  void RecordPurge(const Purge& purge) override {
    S().purges.Put({purge.crime, purge.kind}, purge);
  }

  int64_t PurgePortal(const std::string& crime) override {
    int64_t changed = 0;
    std::set<int64_t> accounts;
    for (const auto& [id, account] : *S().portal_accounts) {
      if (account.crime == crime) accounts.insert(id);
    }
    std::vector<std::string> sessions;
    for (const auto& [token, session] : *S().portal_sessions) {
      if (accounts.contains(session.account_id)) sessions.push_back(token);
    }
    for (const auto& token : sessions) changed += S().portal_sessions.Erase(token) ? 1 : 0;
    for (const int64_t id : accounts) changed += S().portal_accounts.Erase(id) ? 1 : 0;
    std::vector<std::string> invitations;
    for (const auto& [token, invitation] : *S().portal_invitations) {
      if (invitation.crime == crime) invitations.push_back(token);
    }
    for (const auto& token : invitations) changed += S().portal_invitations.Erase(token) ? 1 : 0;
    for (const auto& [id, alert] : *S().portal_alerts) {
      if (alert.crime != crime || alert.token_hash.starts_with("purged:")) continue;
      S().portal_alerts.Update(
          id, [&, id = id](PortalAlert& a) { a.token_hash = fmt::format("purged:{}", id); });
      ++changed;
    }
    for (const auto& [id, message] : *S().portal_messages) {
      if (message.crime != crime || (message.body.empty() && message.author_name.empty())) continue;
      S().portal_messages.Update(id, [](PortalMessage& m) {
        m.body.clear();
        m.author_name.clear();
      });
      ++changed;
    }
    return changed;
  }

  int64_t PurgeMessages(const std::string& crime) override {
    int64_t changed = 0;
    for (const auto& [id, m] : *S().outbox) {
      if (m.crime != crime || (m.recipient.empty() && m.subject.empty() && m.body_text.empty() &&
                               m.body_html.empty() && m.last_error.empty()))
        continue;
      S().outbox.Update(id, [](OutboxMessage& message) {
        message.recipient.clear();
        message.subject.clear();
        message.body_text.clear();
        message.body_html.clear();
        message.last_error.clear();
        if (message.status == domain::OutboxStatus::kCreated ||
            message.status == domain::OutboxStatus::kSending)
          message.status = domain::OutboxStatus::kSuppressed;
      });
      ++changed;
    }
    return changed;
  }

  int64_t PurgeCaseDetails(const std::string& crime,
                           const std::vector<StoredEvent>& events) override {
    int64_t changed = 0;
    for (const auto& e : events) {
      const auto seq = S().event_seqs->find(e.id);
      if (seq == S().event_seqs->end() || S().events->at(seq->second).event.crime != crime)
        throw StorageError(fmt::format("purge: {} has no event {}", crime, e.id));
      S().events.Update(seq->second, [&e](LoggedEvent& logged) {
        logged.event.body = e.body;
        logged.event.content_hash = e.content_hash;
      });
      ++changed;
    }
    for (const auto& [id, stored] : *S().call_backs) {
      const auto& c = stored.call_back;
      if (c.crime != crime || (c.request.empty() && c.outcome.empty())) continue;
      S().call_backs.Update(id, [](StoredCallBack& s) {
        s.call_back.request.clear();
        s.call_back.outcome.clear();
      });
      ++changed;
    }
    for (const auto& [key, referral] : *S().referrals) {
      if (referral.crime != crime || referral.note.empty()) continue;
      S().referrals.Update(key, [](ReferralRow& r) { r.note.clear(); });
      ++changed;
    }
    for (const auto& [key, ack] : *S().missed_acknowledgements) {
      if (ack.crime != crime || ack.note.empty()) continue;
      S().missed_acknowledgements.Update(key, [](MissedAcknowledgement& a) { a.note.clear(); });
      ++changed;
    }
    for (const auto& [id, response] : *S().survey_responses) {
      if (response.crime != crime || response.comments.empty()) continue;
      S().survey_responses.Update(id, [](SurveyResponse& r) { r.comments.clear(); });
      ++changed;
    }
    for (const auto& [key, review] : *S().dip_sample_reviews) {
      if (review.crime != crime || review.findings.empty()) continue;
      S().dip_sample_reviews.Update(key, [](DipSampleReview& r) { r.findings.clear(); });
      ++changed;
    }
    changed += EraseNaming(S().repeat_victim_matches, crime);
    changed += EraseNaming(S().repeat_victim_decisions, crime);
    return changed;
  }

 private:
  State& S() { return shared_->state(); }

  std::vector<OutboxMessage> Claim(const std::string& worker, const std::string& lease_until,
                                   size_t limit,
                                   const std::function<bool(const OutboxMessage&)>& chosen) {
    std::vector<int64_t> ids;
    for (const auto& [id, m] : *S().outbox) {
      if (ids.size() == limit) break;
      if (chosen(m)) ids.push_back(id);
    }
    std::vector<OutboxMessage> out;
    for (const int64_t id : ids) {
      S().outbox.Update(id, [&](OutboxMessage& stored) {
        stored.status = domain::OutboxStatus::kSending;
        stored.claimed_by = worker;
        stored.lease_until = lease_until;
        out.push_back(stored);
      });
    }
    return out;
  }

  // WHERE settled = 0 AND case_closed = 0 AND <scope> AND trigger_date <= as_of.
  static bool IsOpen(const ObligationRow& o, const Scope& scope, core::Date as_of) {
    return !o.settled && !o.case_closed && InScope(scope, o.officer, o.unit) &&
           o.trigger_date <= as_of;
  }

  // people.display_name by the LEFT JOIN: empty when there is no such person.
  std::string PersonName(const std::string& crime, const std::string& person) {
    const auto it = S().people->find(crime);
    if (it == S().people->end()) return "";
    for (const auto& p : it->second) {
      if (p.person == person) return p.display_name;
    }
    return "";
  }

  static void Count(const ObligationRow& o, core::Date as_of, core::Date red_until,
                    OpenCounts& counts) {
    ++counts.total;
    if (o.deadline <= red_until) ++counts.due_by_red_until;
    if (o.deadline <= as_of) ++counts.due_by_as_of;
  }

  static std::string Group(const ObligationRow& o, const std::string& group_by) {
    if (group_by == "unit") return o.unit;
    if (group_by == "officer") return o.officer;
    if (group_by == "duty") return o.duty;
    if (group_by == "crime_type") return o.crime_type;
    if (group_by == "month") return o.deadline.ToString().substr(0, 7);
    return "force";
  }

  // rules::StatusOn (src/rules/status.hpp) as the SQLite store's CASE has it, WHEN for WHEN,
  // on the stored row: a met_at after `as_of` has not happened yet on `as_of`, and a
  // not-required rule applies from not_required_on (none: a row stored before migration
  // 0016, not required on every day).
  static std::string StatusOn(const ObligationRow& o, core::Date as_of) {
    const auto& met = o.met_at;
    if (met && *met <= o.deadline && *met <= as_of) return "met";
    if (!o.not_required.empty() && (!o.not_required_on || *o.not_required_on <= as_of))
      return "not_required";
    if (met && *met <= as_of) return "met_late";
    if (o.deadline >= as_of) return "open";
    return "overdue";
  }

  // The call-back with its case's officer and unit, or nullopt when there is no such case.
  std::optional<CallBack> WithCase(const StoredCallBack& stored) {
    const auto it = S().cases->find(stored.call_back.crime);
    if (it == S().cases->end()) return std::nullopt;
    CallBack out = stored.call_back;
    out.officer = it->second.officer;
    out.unit = it->second.unit;
    return out;
  }

  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<CaseStore> OpenCaseStoreOn(std::shared_ptr<Shared> shared) {
  return std::make_unique<MemoryCaseStore>(std::move(shared));
}

}  // namespace cf::storage::memory
