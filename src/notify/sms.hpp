#pragma once
// How a text message will be sent and charged: GSM 03.38 7-bit when every character is in
// the GSM alphabet (extension characters such as € and [ take two septets), otherwise UCS-2
// (Welsh ŵ and ŷ, Polish ł and Urdu need it). 160 septets or 70 UCS-2 units fit in one
// message; longer ones are split into segments of 153 or 67 (the rest carries the join).

#include <cstddef>
#include <string_view>

namespace cf::notify {

struct SmsInfo {
  bool gsm7 = true;
  size_t characters = 0;  // as the person sees them
  size_t units = 0;       // septets (GSM) or UTF-16 code units (UCS-2)
  size_t segments = 0;    // 0 for an empty message
};

// REQUIRES: `text` is valid UTF-8.
SmsInfo MeasureSms(std::string_view text);

}  // namespace cf::notify
