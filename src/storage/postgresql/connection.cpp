#include "storage/postgresql/connection.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace cf::storage::postgresql {
namespace {

// Type OIDs (catalog/pg_type.h, stable since PostgreSQL 7): typed integers and reals, so that
// `SELECT ?` or `? + 1` is not left for the server to guess. Text goes untyped (0): the server
// takes the type of the column it is compared with or stored in.
constexpr Oid kInt8 = 20;
constexpr Oid kFloat8 = 701;
constexpr Oid kUntyped = 0;

// "?" becomes "$1", "$2", ... outside quoted text and identifiers. Returns the parameter count.
int Number(const std::string& sql, std::string& out) {
  out.clear();
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (const char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += fmt::format("${}", ++n);
    } else {
      out += c;
    }
  }
  return n;
}

void IgnoreNotice(void*, const char*) {}

std::string ErrorOf(PGconn* conn, PGresult* result) {
  std::string message = result != nullptr ? PQresultErrorMessage(result) : "";
  if (message.empty() && conn != nullptr) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

}  // namespace

bool IsUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string Connection::Redacted(const std::string& url) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db; password=... likewise.
  std::string out = url;
  const auto scheme = out.find("://");
  const auto at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    const auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  const auto pw = out.find("password=");
  if (pw != std::string::npos) {
    const auto end = out.find_first_of("& ", pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

Connection::Connection(const std::string& url, const core::Clock& clock)
    : sql::Connection(clock), url_(url) {
  Connect();
  Migrate();
}

Connection::~Connection() {
  statements_.clear();
  if (conn_ != nullptr) PQfinish(conn_);
}

void Connection::Connect() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = PQconnectdb(url_.c_str());
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = conn_ != nullptr ? ErrorOf(conn_, nullptr) : "out of memory";
    PQfinish(conn_);  // a constructor that throws runs no destructor
    conn_ = nullptr;
    throw StorageError(
        fmt::format("cannot connect to PostgreSQL at {}: {}", Redacted(url_), message));
  }
  ++session_;
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  // The stores keep days and times as ISO text and compare them as text: byte order, UTF-8.
  // A statement that runs past its limit is cancelled (SQLSTATE 57014) and reported.
  std::string settings = "SET client_encoding = 'UTF8'";
  if (url_.find("statement_timeout") == std::string::npos)
    settings += "; SET statement_timeout = '30s'";
  Exec(settings);
}

bool Connection::ReopenIfLost() {
  if (PQstatus(conn_) == CONNECTION_OK) return false;
  Connect();
  return true;
}

bool Connection::InTransaction() {
  const auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void Connection::Fail(PGresult* result, const std::string& sql) {
  const char* field = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = field != nullptr ? field : "";  // copied: PQclear frees it
  std::string message = ErrorOf(conn_, result);
  if (result != nullptr) PQclear(result);
  if (state == "57014")
    message = "the statement ran past its time limit (statement_timeout): " + message;
  throw StorageError(fmt::format("PostgreSQL: {} (in: {})", message, sql.substr(0, 120)));
}

void Connection::Exec(const std::string& sql) {
  // Outside a transaction a lost connection is opened again and the SQL run on the new one.
  // Inside one the transaction is gone with the connection: a ROLLBACK has nothing left to do,
  // anything else fails so that the caller's transaction fails whole.
  const bool idle = PQstatus(conn_) != CONNECTION_OK || !InTransaction();
  if (PQstatus(conn_) != CONNECTION_OK) {
    ReopenIfLost();
    if (sql == "ROLLBACK") return;
  }
  PGresult* r = PQexec(conn_, sql.c_str());
  if (PQstatus(conn_) != CONNECTION_OK && idle) {
    if (r != nullptr) PQclear(r);
    ReopenIfLost();
    r = PQexec(conn_, sql.c_str());
  }
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Fail(r, sql);
  const char* tuples = PQcmdTuples(r);
  changes_ = (tuples != nullptr && *tuples != '\0') ? std::strtoll(tuples, nullptr, 10) : 0;
  PQclear(r);
}

sql::Statement& Connection::Stmt(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    std::string numbered;
    const int params = Number(sql, numbered);
    it = statements_.emplace(sql, std::make_unique<Statement>(*this, std::move(numbered), params))
             .first;
    it->second->cached_ = true;
  }
  return it->second->Reset();
}

std::unique_ptr<sql::Statement> Connection::Prepare(const std::string& sql) {
  std::string numbered;
  const int params = Number(sql, numbered);
  return std::make_unique<Statement>(*this, std::move(numbered), params);
}

int64_t Connection::LastInsertId() {
  PGresult* r = PQexec(conn_, "SELECT lastval()");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) Fail(r, "SELECT lastval()");
  const int64_t id = std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
  PQclear(r);
  return id;
}

const std::string* Connection::PreparedFor(Statement& s) {
  if (!s.cached_ || s.runs_ < 2) return nullptr;
  if (s.prepared_session_ == session_) {
    return s.types_ == s.prepared_types_ ? &s.prepared_name_ : nullptr;
  }
  std::string name = fmt::format("cf{}", ++prepared_);
  PGresult* r = PQprepare(conn_, name.c_str(), s.sql_.c_str(), s.params_, s.types_.data());
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    if (PQstatus(conn_) != CONNECTION_OK) {  // Run reconnects, or fails, as for any statement
      if (r != nullptr) PQclear(r);
      return nullptr;
    }
    Fail(r, s.sql_);
  }
  PQclear(r);
  s.prepared_name_ = std::move(name);
  s.prepared_session_ = session_;
  s.prepared_types_ = s.types_;
  return &s.prepared_name_;
}

PGresult* Connection::Run(Statement& s) {
  if (static_cast<int>(s.values_.size()) != s.params_)
    throw StorageError(fmt::format("PostgreSQL: {} parameters bound, the statement has {} (in: {})",
                                   s.values_.size(), s.params_, s.sql_.substr(0, 120)));
  std::vector<const char*> values(s.values_.size());
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = s.values_[i] ? s.values_[i]->c_str() : nullptr;
  const bool idle = PQstatus(conn_) != CONNECTION_OK || !InTransaction();
  for (int attempt = 0;; ++attempt) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      if (!idle) throw StorageError("PostgreSQL: the connection was lost during a transaction");
      ReopenIfLost();
    }
    if (attempt == 0 && s.runs_ < 2) ++s.runs_;  // counts to 2, the run that prepares
    const std::string* prepared = PreparedFor(s);
    PGresult* r = prepared != nullptr
                      ? PQexecPrepared(conn_, prepared->c_str(), s.params_, values.data(), nullptr,
                                       nullptr, 0)
                      : PQexecParams(conn_, s.sql_.c_str(), s.params_, s.types_.data(),
                                     values.data(), nullptr, nullptr, 0);
    if (PQstatus(conn_) != CONNECTION_OK && idle && attempt == 0) {
      if (r != nullptr) PQclear(r);
      continue;  // the server restarted while the connection was idle: once more, reconnected
    }
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Fail(r, s.sql_);
    const char* tuples = PQcmdTuples(r);
    changes_ = (tuples != nullptr && *tuples != '\0') ? std::strtoll(tuples, nullptr, 10) : 0;
    return r;
  }
}

Statement::Statement(Connection& conn, std::string sql, int params)
    : conn_(conn), sql_(std::move(sql)), params_(params) {
  values_.reserve(static_cast<size_t>(params));
  types_.reserve(static_cast<size_t>(params));
}

Statement::~Statement() {
  if (result_ != nullptr) PQclear(result_);
}

Statement& Statement::Reset() {
  if (result_ != nullptr) PQclear(result_);
  result_ = nullptr;
  row_ = -1;
  ran_ = false;
  values_.clear();
  types_.clear();
  return *this;
}

void Statement::Bound(std::optional<std::string> value, unsigned type) {
  values_.push_back(std::move(value));
  types_.push_back(type);
}

Statement& Statement::BindText(std::string_view v) {
  Bound(std::string(v), kUntyped);
  return *this;
}
Statement& Statement::BindInt(int64_t v) {
  Bound(std::to_string(v), kInt8);
  return *this;
}
Statement& Statement::BindReal(double v) {
  Bound(fmt::format("{}", v), kFloat8);
  return *this;
}
Statement& Statement::BindNull() {
  Bound(std::nullopt, kUntyped);
  return *this;
}

bool Statement::Step() {
  if (!ran_) {
    result_ = conn_.Run(*this);
    ran_ = true;
    row_ = -1;
  }
  if (result_ == nullptr) return false;
  ++row_;
  return row_ < PQntuples(result_);
}

std::string Statement::Text(int col) const {
  if (PQgetisnull(result_, row_, col) != 0) return {};
  return {PQgetvalue(result_, row_, col), static_cast<size_t>(PQgetlength(result_, row_, col))};
}

int64_t Statement::Int(int col) const {
  if (PQgetisnull(result_, row_, col) != 0) return 0;
  const char* v = PQgetvalue(result_, row_, col);
  if (v[0] == 't' && v[1] == '\0') return 1;  // a boolean expression (a = b) as a column
  if (v[0] == 'f' && v[1] == '\0') return 0;
  return std::strtoll(v, nullptr, 10);  // numeric sums ("12" or "12.0") read as their integer
}

double Statement::Real(int col) const {
  if (PQgetisnull(result_, row_, col) != 0) return 0;
  return std::strtod(PQgetvalue(result_, row_, col), nullptr);
}

bool Statement::IsNull(int col) const { return PQgetisnull(result_, row_, col) != 0; }

std::string Statement::ColumnName(int col) const {
  const char* name = result_ != nullptr ? PQfname(result_, col) : nullptr;
  return name != nullptr ? name : fmt::format("{}", col);
}

void Connection::Migrate() { MigrateFrom("src/storage/migrations/postgresql/"); }

}  // namespace cf::storage::postgresql
