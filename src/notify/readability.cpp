#include "notify/readability.hpp"

#include <cctype>
#include <string>

namespace cf::notify {
namespace {

bool Vowel(char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; }

int Syllables(const std::string& word) {
  if (word.empty() || !std::isalpha(static_cast<unsigned char>(word[0]))) return 1;
  int n = 0;
  bool previous = false;
  for (const char c : word) {
    const bool v = Vowel(c);
    if (v && !previous) ++n;
    previous = v;
  }
  // A silent final "e" ("make"), but not "-le" ("table") or a word of one vowel group.
  if (word.size() > 2 && word.back() == 'e' && word[word.size() - 2] != 'l' && n > 1) --n;
  if (word.size() > 3 && word.compare(word.size() - 2, 2, "ed") == 0 &&
      !Vowel(word[word.size() - 3]) && word[word.size() - 3] != 't' &&
      word[word.size() - 3] != 'd' && n > 1) {
    --n;  // "arrested" keeps it, "asked" does not
  }
  return n < 1 ? 1 : n;
}

}  // namespace

Readability MeasureReadability(std::string_view text) {
  Readability r;
  std::string word;
  bool in_sentence = false;
  auto end_word = [&] {
    if (word.empty()) return;
    ++r.words;
    r.syllables += Syllables(word);
    word.clear();
    in_sentence = true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) || c == '\'' || c >= 0x80 || ((c == '/' || c == '-') && !word.empty())) {
      word += static_cast<char>(std::tolower(c));
    } else {
      end_word();
      const bool stop = c == '.' || c == '!' || c == '?';
      const bool decimal =
          c == '.' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]));
      if (stop && !decimal && in_sentence) {
        ++r.sentences;
        in_sentence = false;
      }
    }
  }
  end_word();
  if (in_sentence) ++r.sentences;
  if (r.words > 0) {
    r.flesch =
        206.835 - 1.015 * r.words / r.sentences - 84.6 * static_cast<double>(r.syllables) / r.words;
  }
  return r;
}

}  // namespace cf::notify
