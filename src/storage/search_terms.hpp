#pragma once
// How the bureau's search text becomes terms (CaseRepository::SearchCases), one rule for
// every backend: words split at spaces, lower case; a word with no letters (a phone number or a
// date of birth, "07700", "12/03/1985") is searched by its digits. A person matches when their
// search text, with its spaces taken out, holds every term: so "Okafor LL55 4TY" and
// "LL554TY" both find the person at LL55 4TY.

#include <cctype>
#include <string>
#include <vector>

namespace cf::storage {

inline constexpr size_t kMaxSearchTerms = 8;  // more words than this are not searched for

inline std::vector<std::string> SearchTerms(const std::string& text) {
  std::vector<std::string> terms;
  std::string word;
  auto finish = [&] {
    if (word.empty() || terms.size() == kMaxSearchTerms) {
      word.clear();
      return;
    }
    bool letters = false;
    std::string digits;
    for (const char c : word) {
      letters = letters || std::isalpha(static_cast<unsigned char>(c)) != 0;
      if (c >= '0' && c <= '9') digits += c;
    }
    if (!letters && !digits.empty()) {
      terms.push_back(digits);
    } else if (letters) {
      terms.push_back(word);
    }
    word.clear();
  };
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      finish();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  finish();
  return terms;
}

// Search text as terms are matched against it: lower case, with no spaces.
inline std::string SearchHaystack(const std::string& search_text) {
  std::string out;
  for (const char c : search_text) {
    if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace cf::storage
