// Fuzzes what the server parses from a request before any handler checks it: a posted form
// (http::ParseForm), the Cookie header (http::ParseCookies) and the query string, which
// http::Query reads with RESTinio's try_parse_query. Beyond "no crash", it asserts:
// - a form's fields, percent-encoded again, parse back the same;
// - cookies, written back as "name=value; ...", parse back the same;
// - the query parser never throws: it fails as a value, or gives parameters that read back as
//   strings.
#include <cstddef>
#include <cstdint>
#include <map>
#include <restinio/cast_to.hpp>
#include <restinio/uri_helpers.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/pages.hpp"

namespace {

std::string PercentEncoded(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto form = cf::http::ParseForm(text);
  std::string encoded;
  for (const auto& [name, value] : form) {
    encoded += (encoded.empty() ? "" : "&") + PercentEncoded(name) + "=" + PercentEncoded(value);
    CF_FUZZ_CHECK(cf::http::FormValue(form, name) == value);
  }
  CF_FUZZ_CHECK_MSG(cf::http::ParseForm(encoded) == form, encoded);

  const auto cookies = cf::http::ParseCookies(text);
  std::string header;
  for (const auto& [name, value] : cookies) {
    header += (header.empty() ? "" : "; ") + name + "=" + value;
  }
  CF_FUZZ_CHECK_MSG(cf::http::ParseCookies(header) == cookies, header);

  // As http::Query reads a parameter: a malformed query is a value (the handler answers 400),
  // never an exception.
  const auto query =
      restinio::try_parse_query<restinio::parse_query_traits::restinio_defaults>(text);
  if (query) {
    for (const auto& param : *query) {
      CF_FUZZ_CHECK(query->has(param.first));
      (void)restinio::cast_to<std::string>((*query)[param.first]);
    }
  }
  return 0;
}
