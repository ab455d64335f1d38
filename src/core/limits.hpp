#pragma once
// The limits on what one request or one input may ask of the service, in one place
// (docs/security.md lists them). Anything over a limit is refused with an error that names
// the limit, before it is parsed or stored.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cf::core {

// Bodies, by route (the server answers 413 above them): forms, the JSON API, event imports
// through the API, and file uploads. kLargestBody is the hard cap the HTTP parser enforces
// for every route, before the route is known; beyond it the connection is closed.
inline constexpr size_t kFormBodyBytes = size_t{64} * 1024;
inline constexpr size_t kApiBodyBytes = size_t{1024} * 1024;
inline constexpr size_t kEventsBodyBytes = size_t{4} * 1024 * 1024;
inline constexpr size_t kUploadBodyBytes = size_t{4} * 1024 * 1024;
inline constexpr size_t kLargestBodyBytes = kEventsBodyBytes;
// Connections served at once; more wait to be accepted. With kLargestBodyBytes, what clients
// can make the server buffer is at most their product (512 MiB).
inline constexpr size_t kMaxConnections = 128;

// How long one HTTP request may work before it is stopped (core/budget.hpp) and answered 503.
inline constexpr std::chrono::milliseconds kRequestTime{20000};

// How far from today a date asked for may be ("as of" a day): seven years back (how long
// forces keep case records), a year ahead (planning). The engine's dates run beyond neither.
inline constexpr int kDaysBack = 7 * 365 + 2;
inline constexpr int kDaysAhead = 366;

// One line of JSON Lines (an event), and how deeply any JSON may nest.
inline constexpr size_t kEventLineBytes = size_t{64} * 1024;
inline constexpr size_t kJsonDepth = 32;

// The audit log: a page of it, and the most records one CSV export holds (more are refused,
// naming the limit: choose fewer days).
inline constexpr size_t kAuditPageRows = 50;
inline constexpr size_t kAuditExportRows = 100000;

// A field posted in a form or a JSON body, in characters: names, references, choices and
// short answers; free text (notes, reasons, summaries, template bodies). Which fields are free
// text is the HTTP layer's to say (http::FieldTooLong).
inline constexpr size_t kFieldChars = 500;
inline constexpr size_t kTextChars = 20000;

// Why a value is refused: longer than `limit` characters (UTF-8 code points), e.g. "summary is
// 20001 characters long; it may be at most 20000". `label` names it (shown only when short).
// nullopt: within the limit.
std::optional<std::string> TooLong(std::string_view label, std::string_view value, size_t limit);

// Why `text` is not JSON this service will parse: it nests deeper than `max_depth` arrays
// and objects. nullopt: within the limit (it may still be invalid JSON; the parser says so).
// Linear in the text and never recursive, so it is safe on any input.
std::optional<std::string> JsonTooDeep(std::string_view text, size_t max_depth = kJsonDepth);

}  // namespace cf::core
