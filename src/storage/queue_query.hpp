#pragma once
// The work queue's rules in memory (QueueQuery in case_store.hpp), for a store that does not
// run SQL, and for cases computed for a day from their log: which rows are lines, how many
// updates a line stands for, the order and the page. The SQLite store does the same in SQL;
// tests/storage_contract_test.cpp holds the two to one answer.

#include <functional>
#include <string>
#include <vector>

#include "storage/case_store.hpp"

namespace cf::storage {

// The person's display name, by crime and person id.
using NameOf = std::function<std::string(const std::string& crime, const std::string& person)>;

// The lines among `rows` that `query` asks for, in the order of `rows`, each with the number
// of the person's other outstanding updates on query.as_of. `rows` must hold every obligation
// of each case they come from (the updates are counted among them). The scope is not checked.
std::vector<QueueLine> QueueLinesOf(const QueueQuery& query, const std::vector<ObligationRow>& rows,
                                    const NameOf& name_of);

// Sorts `lines` in query.sort's order (ties keep their order: storage order) and returns the
// page the query asks for, with the total.
QueuePage PageOf(const QueueQuery& query, std::vector<QueueLine> lines);

}  // namespace cf::storage
