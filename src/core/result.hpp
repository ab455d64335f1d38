#pragma once
// Expected failures as values. An operation that can fail for a reason a person can act on
// (bad input, not found, out of range) returns Result<T>; exceptions are kept for broken
// invariants and infrastructure failure, caught at one boundary per command.

#include <string>
#include <utility>
#include <variant>

namespace cf::core {

enum class ErrorCode {
  kInvalidArgument,  // the caller's input is malformed
  kOutOfRange,       // a date or number lies outside what the data covers
  kNotFound,
  kConflict,          // contradicts something already known
  kPermissionDenied,  // the caller's role or unit may not do this
  kUnauthenticated,   // no valid credentials
};

struct Error {
  ErrorCode code;
  std::string message;  // says what and where, for a person to act on
};

inline Error InvalidArgument(std::string message) {
  return {ErrorCode::kInvalidArgument, std::move(message)};
}
inline Error OutOfRange(std::string message) {
  return {ErrorCode::kOutOfRange, std::move(message)};
}
inline Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
inline Error Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
inline Error Unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message)};
}
inline Error PermissionDenied(std::string message) {
  return {ErrorCode::kPermissionDenied, std::move(message)};
}

// Holds either a T or an Error. Reading the wrong alternative is a broken invariant.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  // By value, so that `for (x : F().value())` never dangles.
  T value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{ErrorCode::kInvalidArgument, ""};
  bool ok_ = true;
};

}  // namespace cf::core
