#include "storage/copy.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <optional>

#include "storage/account_store.hpp"
#include "storage/sql/catalog.hpp"
#include "storage/sql/stores.hpp"

namespace cf::storage {
namespace {

using sql::ColumnKind;
using sql::Table;

struct Value {
  bool null = true;
  int64_t integer = 0;
  double real = 0;
  std::string text;
};
using Row = std::vector<Value>;

Row ReadRow(const sql::Statement& s, const Table& t) {
  Row row(t.columns.size());
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const int col = static_cast<int>(i);
    Value& v = row[i];
    v.null = s.IsNull(col);
    if (v.null) continue;
    switch (t.columns[i].kind) {
      case ColumnKind::kInteger:
        v.integer = s.Int(col);
        break;
      case ColumnKind::kReal:
        v.real = s.Real(col);
        break;
      case ColumnKind::kText:
        v.text = s.Text(col);
        break;
    }
  }
  return row;
}

void BindRow(sql::Statement& s, const Table& t, const Row& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    const Value& v = row[i];
    if (v.null) {
      s.BindNull();
      continue;
    }
    switch (t.columns[i].kind) {
      case ColumnKind::kInteger:
        s.BindInt(v.integer);
        break;
      case ColumnKind::kReal:
        s.BindReal(v.real);
        break;
      case ColumnKind::kText:
        s.BindText(v.text);
        break;
    }
  }
}

// An order-free checksum of a table: each row's values hashed (BLAKE2b, 128 bits) and the
// hashes summed, so that the two databases may return rows in their own orders (a PostgreSQL
// collation other than C sorts text otherwise).
class TableSum {
 public:
  void Add(const Table& t, const Row& row) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, kBytes);
    for (size_t i = 0; i < row.size(); ++i) {
      const Value& v = row[i];
      std::string part;
      if (v.null) {
        part = "N";
      } else if (t.columns[i].kind == ColumnKind::kInteger) {
        part = fmt::format("I{}", v.integer);
      } else if (t.columns[i].kind == ColumnKind::kReal) {
        part = fmt::format("R{}", v.real);
      } else {
        part = fmt::format("T{}:", v.text.size()) + v.text;
      }
      part += '\x1f';
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                                part.size());
    }
    std::array<unsigned char, kBytes> digest{};
    crypto_generichash_final(&state, digest.data(), digest.size());
    for (size_t half = 0; half < 2; ++half) {
      uint64_t word = 0;
      std::memcpy(&word, digest.data() + 8 * half, 8);
      sum_[half] += word;  // wraps: a sum modulo 2^64
    }
    ++rows_;
  }
  int64_t rows() const { return rows_; }
  std::string Hex() const { return fmt::format("{:016x}{:016x}", sum_[0], sum_[1]); }

 private:
  static constexpr size_t kBytes = 16;
  std::array<uint64_t, 2> sum_{};
  int64_t rows_ = 0;
};

std::string Join(const std::vector<std::string>& names) {
  return fmt::format("{}", fmt::join(names, ", "));
}

std::vector<std::string> ColumnNames(const Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

// Reads `t` from `conn` a batch at a time in primary-key order (keyset paging: each batch
// starts after the last key of the one before), handing each batch to `each`.
void ForEachBatch(sql::Connection& conn, const Table& t, size_t batch,
                  const std::function<void(const std::vector<Row>&)>& each) {
  if (t.primary_key.empty())
    throw StorageError(fmt::format("table {} has no primary key: it cannot be copied", t.name));
  std::vector<size_t> key;
  for (const auto& k : t.primary_key) {
    const auto at = std::find_if(t.columns.begin(), t.columns.end(),
                                 [&](const sql::Column& c) { return c.name == k; });
    key.push_back(static_cast<size_t>(at - t.columns.begin()));
  }
  const std::string columns = Join(ColumnNames(t));
  const std::string order = Join(t.primary_key);
  std::string marks;
  for (size_t i = 0; i < key.size(); ++i) marks += i ? ", ?" : "?";
  const std::string first =
      fmt::format("SELECT {} FROM {} ORDER BY {} LIMIT ?", columns, t.name, order);
  const std::string next = fmt::format("SELECT {} FROM {} WHERE ({}) > ({}) ORDER BY {} LIMIT ?",
                                       columns, t.name, order, marks, order);
  std::optional<Row> last;
  while (true) {
    auto& s = conn.Stmt(last ? next : first);
    if (last) {
      Table key_table;
      Row key_row;
      for (const size_t k : key) {
        key_table.columns.push_back(t.columns[k]);
        key_row.push_back((*last)[k]);
      }
      BindRow(s, key_table, key_row);
    }
    s.Bind(static_cast<int64_t>(batch));
    std::vector<Row> rows;
    while (s.Step()) rows.push_back(ReadRow(s, t));
    s.Reset();
    if (rows.empty()) return;
    each(rows);
    if (rows.size() < batch) return;
    last = rows.back();
  }
}

int64_t CountRows(sql::Connection& conn, const std::string& table) {
  auto& s = conn.Stmt(fmt::format("SELECT count(*) FROM {}", table));
  s.Step();
  const int64_t n = s.Int(0);
  s.Reset();
  return n;
}

void Sum(sql::Connection& conn, const Table& t, TableSum& sum) {
  ForEachBatch(conn, t, 5000, [&](const std::vector<Row>& rows) {
    for (const auto& row : rows) sum.Add(t, row);
  });
}

// The tables the copy moves: all but the migrations' own record, which each store keeps for
// itself (both are at this version's migrations once opened).
std::vector<Table> CopiedTables(sql::Connection& conn) {
  auto tables = sql::InReferenceOrder(sql::ReadCatalog(conn));
  tables.erase(std::remove_if(tables.begin(), tables.end(),
                              [](const Table& t) { return t.name == "schema_migrations"; }),
               tables.end());
  return tables;
}

// After rows were copied with their ids, PostgreSQL's identity columns must generate ids
// after the largest one copied.
void AdvanceIdentities(sql::Connection& conn, const Table& t) {
  if (conn.dialect() != sql::Dialect::kPostgresql) return;
  for (const auto& c : t.columns) {
    if (!c.generated) continue;
    conn.Exec(fmt::format(
        "SELECT setval(pg_get_serial_sequence('{0}', '{1}'), (SELECT coalesce(max({1}), 0) + 1 "
        "FROM {0}), false)",
        t.name, c.name));
  }
}

}  // namespace

std::vector<TableCopy> ChecksumStore(const std::string& db, const core::Clock& clock) {
  const auto conn = OpenConnection(db, clock);
  return ChecksumTables(*conn);
}

std::vector<TableCopy> ChecksumTables(sql::Connection& conn) {
  std::vector<TableCopy> out;
  for (const auto& t : CopiedTables(conn)) {
    TableSum sum;
    Sum(conn, t, sum);
    TableCopy copy;
    copy.table = t.name;
    copy.source_rows = sum.rows();
    copy.source_checksum = sum.Hex();
    out.push_back(std::move(copy));
  }
  std::sort(out.begin(), out.end(),
            [](const TableCopy& a, const TableCopy& b) { return a.table < b.table; });
  return out;
}

CopyReport CopyStore(const std::string& from, const std::string& to, const CopyOptions& options,
                     const core::Clock& clock) {
  if (sodium_init() < 0) throw StorageError("libsodium could not start");
  if (options.batch == 0) throw std::invalid_argument("CopyOptions::batch: at least 1 row");
  const auto source = OpenConnection(from, clock);
  const auto target = OpenConnection(to, clock);
  const auto tables = CopiedTables(*source);
  const auto target_tables = CopiedTables(*target);
  auto names = [](const std::vector<Table>& ts) {
    std::vector<std::string> out;
    out.reserve(ts.size());
    for (const auto& t : ts) out.push_back(t.name + "(" + Join(ColumnNames(t)) + ")");
    std::sort(out.begin(), out.end());
    return out;
  };
  if (names(tables) != names(target_tables))
    throw StorageError(
        "the two stores' tables differ (a store written by another version of Citizen Focus?): "
        "open each with this version first");
  if (!options.resume) {
    for (const auto& t : tables) {
      const int64_t n = CountRows(*target, t.name);
      if (n > 0)
        throw StorageError(fmt::format(
            "the target already holds data ({} rows in {}); nothing was copied. To finish an "
            "earlier copy into it, run again with --resume",
            n, t.name));
    }
  }
  CopyReport report;
  for (const auto& t : tables) {
    TableCopy copy;
    copy.table = t.name;
    const int64_t total = CountRows(*source, t.name);
    const std::string insert = fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING",
                                           t.name, Join(ColumnNames(t)), [&] {
                                             std::string marks;
                                             for (size_t i = 0; i < t.columns.size(); ++i)
                                               marks += i ? ", ?" : "?";
                                             return marks;
                                           }());
    TableSum source_sum;
    int64_t done = 0;
    ForEachBatch(*source, t, options.batch, [&](const std::vector<Row>& rows) {
      target->BeginWrite();
      try {
        for (const auto& row : rows) {
          auto& s = target->Stmt(insert);
          BindRow(s, t, row);
          s.Run();
          copy.copied += target->Changes();
          source_sum.Add(t, row);
        }
        target->Exec("COMMIT");
      } catch (...) {
        if (target->InTransaction()) target->Exec("ROLLBACK");
        throw;
      }
      done += static_cast<int64_t>(rows.size());
      if (options.progress) options.progress(t.name, done, total);
    });
    AdvanceIdentities(*target, t);
    copy.source_rows = source_sum.rows();
    copy.source_checksum = source_sum.Hex();
    TableSum target_sum;
    Sum(*target, t, target_sum);
    copy.target_rows = target_sum.rows();
    copy.target_checksum = target_sum.Hex();
    report.tables.push_back(std::move(copy));
  }
  return report;
}

}  // namespace cf::storage
