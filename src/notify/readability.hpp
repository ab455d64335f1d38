#pragma once
// Flesch reading ease of English text: 206.835 - 1.015 (words / sentences) - 84.6
// (syllables / words). 60 to 70 is plain English; higher is easier. Syllables are counted
// by the usual heuristic (groups of vowels, less a silent final "e"), which is close enough
// to hold letters to a standard in tests. Numbers, references and placeholders count as
// one-syllable words.

#include <string_view>

namespace cf::notify {

struct Readability {
  int words = 0;
  int sentences = 0;
  int syllables = 0;
  double flesch = 0;  // reading ease; 0 when there are no words
};

Readability MeasureReadability(std::string_view text);

}  // namespace cf::notify
