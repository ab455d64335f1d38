#include "storage/sql/catalog.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cf::storage::sql {
namespace {

ColumnKind KindOf(std::string type) {
  std::transform(type.begin(), type.end(), type.begin(), ::toupper);
  if (type.find("INT") != std::string::npos) return ColumnKind::kInteger;
  if (type.find("REAL") != std::string::npos || type.find("DOUB") != std::string::npos ||
      type.find("FLOA") != std::string::npos)
    return ColumnKind::kReal;
  return ColumnKind::kText;
}

// PostgreSQL writes a default with its cast ('police'::text); SQLite as it was declared.
std::string DefaultOf(std::string value) {
  for (const char* cast : {"::text", "::bigint", "::integer", "::double precision"}) {
    const auto at = value.rfind(cast);
    if (at != std::string::npos && at + std::string(cast).size() == value.size()) value.erase(at);
  }
  return value;
}

std::vector<std::string> Names(Connection& conn, const std::string& query) {
  std::vector<std::string> out;
  auto& s = conn.Stmt(query);
  while (s.Step()) out.push_back(s.Text(0));
  return out;
}

Table ReadSqlite(Connection& conn, const std::string& name) {
  Table t;
  t.name = name;
  std::map<int64_t, std::string> key;
  {
    auto& s = conn.Stmt(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid");
    s.Bind(name);
    std::vector<std::pair<Column, int64_t>> columns;
    while (s.Step()) {
      Column c{s.Text(0), KindOf(s.Text(1)), s.Int(2) != 0, false,
               s.IsNull(3) ? std::string() : DefaultOf(s.Text(3))};
      if (s.Int(4) > 0) key[s.Int(4)] = c.name;
      columns.emplace_back(std::move(c), s.Int(4));
    }
    for (auto& [c, pk] : columns) {
      if (pk > 0) c.not_null = true;
      // An INTEGER PRIMARY KEY of one column is the row id: SQLite gives it a value.
      if (pk > 0 && key.size() == 1 && c.kind == ColumnKind::kInteger) c.generated = true;
      t.columns.push_back(std::move(c));
    }
  }
  for (const auto& [position, column] : key) t.primary_key.push_back(column);
  {
    auto& s = conn.Stmt(
        "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) WHERE origin <> 'pk' "
        "ORDER BY origin = 'u', name");
    s.Bind(name);
    while (s.Step()) {
      Index i{s.Text(2) == "u" ? "unique" : s.Text(0), {}, s.Int(1) != 0, s.Int(3) != 0};
      auto columns = conn.Prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno");
      columns->Bind(s.Text(0));
      while (columns->Step()) i.columns.push_back(columns->Text(0));
      t.indexes.push_back(std::move(i));
    }
  }
  {
    auto& s = conn.Stmt(
        "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?) "
        "ORDER BY id, seq");
    s.Bind(name);
    int64_t id = -1;
    while (s.Step()) {
      if (s.Int(0) != id) {
        id = s.Int(0);
        t.foreign_keys.push_back({{}, s.Text(1), {}, s.Text(4) == "CASCADE"});
      }
      t.foreign_keys.back().columns.push_back(s.Text(2));
      t.foreign_keys.back().references.push_back(s.Text(3));
    }
  }
  return t;
}

Table ReadPostgresql(Connection& conn, const std::string& name) {
  Table t;
  t.name = name;
  t.primary_key = [&] {
    std::vector<std::string> out;
    auto& s = conn.Stmt(
        "SELECT a.attname FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord) ON true "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
        "WHERE n.nspname = current_schema() AND c.relname = ? AND ix.indisprimary "
        "ORDER BY k.ord");
    s.Bind(name);
    while (s.Step()) out.push_back(s.Text(0));
    return out;
  }();
  {
    auto& s = conn.Stmt(
        "SELECT column_name, data_type, is_nullable, column_default, is_identity "
        "FROM information_schema.columns WHERE table_schema = current_schema() AND "
        "table_name = ? ORDER BY ordinal_position");
    s.Bind(name);
    while (s.Step()) {
      t.columns.push_back({s.Text(0), KindOf(s.Text(1)), s.Text(2) == "NO", s.Text(4) == "YES",
                           s.IsNull(3) ? std::string() : DefaultOf(s.Text(3))});
    }
  }
  {
    auto& s = conn.Stmt(
        "SELECT i.relname, ix.indisunique, ix.indpred IS NOT NULL, EXISTS (SELECT 1 FROM "
        "pg_constraint k WHERE k.conindid = ix.indexrelid) AS kept, a.attname "
        "FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid "
        "JOIN pg_class i ON i.oid = ix.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord) ON true "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
        "WHERE n.nspname = current_schema() AND c.relname = ? AND NOT ix.indisprimary "
        "ORDER BY kept, i.relname, k.ord");
    s.Bind(name);
    std::string current;
    while (s.Step()) {
      if (s.Text(0) != current) {
        current = s.Text(0);
        t.indexes.push_back({s.Int(3) != 0 ? "unique" : current, {}, s.Int(1) != 0, s.Int(2) != 0});
      }
      t.indexes.back().columns.push_back(s.Text(4));
    }
  }
  {
    auto& s = conn.Stmt(
        "SELECT k.conname, f.relname, a.attname, fa.attname, k.confdeltype "
        "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_class f ON f.oid = k.confrelid "
        "JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY u(att, fatt, ord) ON true "
        "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.att "
        "JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = u.fatt "
        "WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname = ? "
        "ORDER BY k.conname, u.ord");
    s.Bind(name);
    std::string current;
    while (s.Step()) {
      if (s.Text(0) != current) {
        current = s.Text(0);
        t.foreign_keys.push_back({{}, s.Text(1), {}, s.Text(4) == "c"});
      }
      t.foreign_keys.back().columns.push_back(s.Text(2));
      t.foreign_keys.back().references.push_back(s.Text(3));
    }
  }
  return t;
}

}  // namespace

std::vector<Table> ReadCatalog(Connection& conn) {
  const bool sqlite = conn.dialect() == Dialect::kSqlite;
  const auto names =
      Names(conn, sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                           "'sqlite_%' ORDER BY name"
                         : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                           "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
  std::vector<Table> out;
  out.reserve(names.size());
  for (const auto& name : names)
    out.push_back(sqlite ? ReadSqlite(conn, name) : ReadPostgresql(conn, name));
  // Foreign keys in one order for both: by the columns they hold.
  for (auto& t : out) {
    std::sort(t.foreign_keys.begin(), t.foreign_keys.end(),
              [](const ForeignKey& a, const ForeignKey& b) { return a.columns < b.columns; });
  }
  return out;
}

std::vector<Table> InReferenceOrder(std::vector<Table> tables) {
  std::vector<Table> out;
  std::set<std::string> placed;
  while (!tables.empty()) {
    const auto ready = std::find_if(tables.begin(), tables.end(), [&](const Table& t) {
      return std::all_of(t.foreign_keys.begin(), t.foreign_keys.end(), [&](const ForeignKey& f) {
        return f.table == t.name || placed.count(f.table) != 0;
      });
    });
    // A cycle of references (none in this schema): take the rest as they are.
    const auto next = ready == tables.end() ? tables.begin() : ready;
    placed.insert(next->name);
    out.push_back(std::move(*next));
    tables.erase(next);
  }
  return out;
}

}  // namespace cf::storage::sql
