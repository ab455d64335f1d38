#include "notify/sms.hpp"

#include <string>

namespace cf::notify {
namespace {

// The GSM 03.38 default alphabet and its extension table, as UTF-8.
const std::u32string& Basic() {
  static const std::u32string s =
      U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      U"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  return s;
}
const std::u32string& Extension() {
  static const std::u32string s = U"\f^{}\\[~]|€";
  return s;
}

// Decodes one UTF-8 code point at `i`, advancing it.
char32_t Next(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
  ++i;
  while (extra-- > 0 && i < s.size()) cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  return cp;
}

}  // namespace

SmsInfo MeasureSms(std::string_view text) {
  SmsInfo info;
  size_t septets = 0, utf16 = 0;
  for (size_t i = 0; i < text.size();) {
    const char32_t cp = Next(text, i);
    ++info.characters;
    utf16 += cp > 0xFFFF ? 2 : 1;
    if (Basic().find(cp) != std::u32string::npos) {
      septets += 1;
    } else if (Extension().find(cp) != std::u32string::npos) {
      septets += 2;
    } else {
      info.gsm7 = false;
    }
  }
  info.units = info.gsm7 ? septets : utf16;
  const size_t single = info.gsm7 ? 160 : 70;
  const size_t part = info.gsm7 ? 153 : 67;
  info.segments = info.units == 0 ? 0 : info.units <= single ? 1 : (info.units + part - 1) / part;
  return info;
}

}  // namespace cf::notify
