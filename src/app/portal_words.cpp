#include "app/portal_words.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "core/embedded.hpp"

namespace cf::app {
namespace {

using Catalogue = std::map<std::string, std::string, std::less<>>;

void Flatten(const toml::table& table, const std::string& prefix, Catalogue& out) {
  for (const auto& [key, node] : table) {
    const std::string name =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* inner = node.as_table()) {
      Flatten(*inner, name, out);
    } else if (const auto* text = node.as_string()) {
      out.emplace(name, text->get());
    } else {
      throw std::logic_error("data/portal: " + name + " is not text");
    }
  }
}

Catalogue Load(std::string_view lang) {
  const std::string path = "data/portal/" + std::string(lang) + ".toml";
  const auto text = core::FindEmbedded(path);
  if (!text) throw std::logic_error(path + " missing from the binary");
  Catalogue out;
  try {
    Flatten(toml::parse(*text, path), "", out);
  } catch (const toml::parse_error& e) {
    throw std::logic_error(path + ": " + std::string(e.description()));
  }
  return out;
}

const Catalogue& CatalogueOf(std::string_view lang) {
  static const Catalogue en = Load("en");
  static const Catalogue cy = Load("cy");
  return lang == "cy" ? cy : en;
}

}  // namespace

std::string PortalLanguage(std::string_view language) {
  std::string lower(language);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "cy" || lower == "welsh" || lower == "cymraeg" ? "cy" : "en";
}

const std::string& PortalWords(std::string_view lang, std::string_view key) {
  const Catalogue& words = CatalogueOf(lang);
  const auto it = words.find(key);
  if (it == words.end()) {
    throw std::logic_error("data/portal/" + std::string(lang == "cy" ? "cy" : "en") +
                           ".toml has no " + std::string(key));
  }
  return it->second;
}

std::string PortalSay(std::string_view lang, std::string_view key,
                      std::initializer_list<std::pair<std::string_view, std::string>> values) {
  const std::string& text = PortalWords(lang, key);
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "{{") == 0) {  // a page's own value: left for the page
      out += "{{";
      i += 2;
      continue;
    }
    bool filled = false;
    if (text[i] == '{') {
      const size_t close = text.find('}', i);
      if (close != std::string::npos) {
        const std::string_view name(text.data() + i + 1, close - i - 1);
        for (const auto& [hole, value] : values) {
          if (hole == name) {
            out += value;
            i = close + 1;
            filled = true;
            break;
          }
        }
      }
    }
    if (!filled) out += text[i++];
  }
  return out;
}

std::string PortalCrimeType(std::string_view lang, const std::string& crime_type) {
  const Catalogue& words = CatalogueOf(lang);
  const auto it = words.find("crime_type." + crime_type);
  return it == words.end() ? crime_type : it->second;
}

std::vector<std::string> PortalWordKeys(std::string_view lang) {
  std::vector<std::string> keys;
  for (const auto& [key, text] : CatalogueOf(lang)) keys.push_back(key);
  return keys;
}

}  // namespace cf::app
