#pragma once
// Writes case events as JSON Lines (events.md), the inverse of EventReader.

#include <string>
#include <string_view>

#include "domain/case_file.hpp"

namespace cf::events {

// One line (without the newline). Keys are sorted and there is no white space, so without
// `extra_fields` the line is its own canonical form (ContentHash of it is the event's hash).
// `extra_fields` is a JSON object's members without the braces (`"name":{"given":"Ann"}`), for
// descriptive fields the engine does not read; empty for none. REQUIRES: extra_fields is valid JSON
// member syntax.
std::string ToJsonLine(std::string_view crime, const domain::Event& e,
                       std::string_view extra_fields = {});

// RFC 3339 UTC text of an instant: 2024-03-01T14:20:00Z (milliseconds when not whole).
std::string FormatInstant(core::Instant t);

}  // namespace cf::events
