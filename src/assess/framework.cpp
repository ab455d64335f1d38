#include "assess/framework.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/embedded.hpp"

namespace cf::assess {
namespace {

Framework Parse(std::string_view text) {
  const auto j = nlohmann::json::parse(text);
  Framework f;
  f.title = j.at("title").get<std::string>();
  f.source = j.at("source").get<std::string>();
  f.attribution =
      "Contains public sector information licensed under the Open Government Licence v3.0. "
      "Indicators from " +
      f.source + ". \u00a9 Crown copyright 2007.";
  for (int s = 0; s <= kMaxScore; ++s)
    f.scale[s] = j.at("scale").at(std::to_string(s)).get<std::string>();
  // The printed guide's "fully deserved" is a misprint of "delivered" (scale_note).
  if (const auto at = f.scale[kMaxScore].find("fully deserved"); at != std::string::npos) {
    f.scale[kMaxScore].replace(at, 14, "fully delivered");
  }
  for (const auto& c : j.at("components")) {
    Component component;
    component.number = c.at("number").get<int>();
    component.name = c.at("name").get<std::string>();
    component.guide_pages = c.at("guide_pages").get<std::string>();
    for (const auto& i : c.at("indicators")) {
      Indicator indicator;
      indicator.id = i.at("id").get<std::string>();
      indicator.title = i.at("title").get<std::string>();
      indicator.component = component.number;
      for (int s = 0; s <= kMaxScore; ++s)
        indicator.levels[s] = i.at("levels").at(std::to_string(s)).get<std::string>();
      component.indicators.push_back(std::move(indicator));
    }
    f.components.push_back(std::move(component));
  }
  return f;
}

}  // namespace

const Indicator* Framework::FindIndicator(const std::string& id) const {
  for (const auto& c : components) {
    for (const auto& i : c.indicators) {
      if (i.id == id) return &i;
    }
  }
  return nullptr;
}

const Component* Framework::FindComponent(int number) const {
  for (const auto& c : components) {
    if (c.number == number) return &c;
  }
  return nullptr;
}

size_t Framework::IndicatorCount() const {
  size_t n = 0;
  for (const auto& c : components) n += c.indicators.size();
  return n;
}

const Framework& BuiltInFramework() {
  static const Framework kFramework = [] {
    const auto text = core::FindEmbedded("data/self-assessment/indicators.json");
    if (!text) throw std::logic_error("data/self-assessment/indicators.json is not compiled in");
    return Parse(*text);
  }();
  return kFramework;
}

}  // namespace cf::assess
