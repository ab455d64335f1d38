#pragma once
// Internal to cf_storage: what a store's schema holds, read from the database's own catalog
// (SQLite's pragmas, PostgreSQL's pg_catalog) in one shape for both dialects. migrate-db
// copies by it, and tests/postgresql_test.cpp checks that both dialects' migrations make
// the same tables, columns, keys and indexes.

#include <string>
#include <vector>

#include "storage/sql/connection.hpp"

namespace cf::storage::sql {

// The kind of value a column holds, whatever the dialect calls its type (INTEGER and BIGINT
// are both kInteger).
enum class ColumnKind { kInteger, kReal, kText };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
  bool not_null = false;      // a primary key's columns count as not null
  bool generated = false;     // SQLite's INTEGER PRIMARY KEY, PostgreSQL's identity column
  std::string default_value;  // as SQL, casts taken off: "0", "''", "'police'"; empty: none
};

// An index made by CREATE INDEX, or one that keeps a UNIQUE constraint (named "unique", as
// the two dialects name those differently). Primary keys are Table::primary_key.
struct Index {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  bool partial = false;
};

struct ForeignKey {
  std::vector<std::string> columns;
  std::string table;
  std::vector<std::string> references;
  bool cascade = false;  // ON DELETE CASCADE
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;
  std::vector<Index> indexes;  // by name; UNIQUE constraints after the named ones
  std::vector<ForeignKey> foreign_keys;
};

// Every table of the store (schema_migrations included), by name.
std::vector<Table> ReadCatalog(Connection& conn);

// The tables in an order in which each comes after those its foreign keys refer to.
std::vector<Table> InReferenceOrder(std::vector<Table> tables);

}  // namespace cf::storage::sql
