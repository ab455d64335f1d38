#pragma once
// The Citizen Focus self-assessment (Home Office guide, 2007): six components of good
// follow-up with victims and witnesses, 21 key indicators, each scored 0-4 against level
// descriptors. Shipped as data (data/self-assessment/indicators.json, Open Government
// Licence) and compiled in.

#include <array>
#include <string>
#include <vector>

namespace cf::assess {

inline constexpr int kMaxScore = 4;

struct Indicator {
  std::string id;                                 // "2.6"
  std::string title;                              // "Ensure continuity of contact"
  std::array<std::string, kMaxScore + 1> levels;  // what each score 0-4 means for this indicator
  int component = 0;                              // its component's number
};

struct Component {
  int number = 0;
  std::string name;
  std::string guide_pages;  // "18-26": the guide's chapter on it
  std::vector<Indicator> indicators;
};

struct Framework {
  std::string title;
  std::string source;                            // the guide
  std::string attribution;                       // Open Government Licence
  std::array<std::string, kMaxScore + 1> scale;  // "Indicator not in place" ... "fully delivered"
  std::vector<Component> components;

  // nullptr when there is no such indicator or component.
  const Indicator* FindIndicator(const std::string& id) const;
  const Component* FindComponent(int number) const;
  size_t IndicatorCount() const;
};

// The built-in framework (the guide's 21 indicators). Parsed once.
const Framework& BuiltInFramework();

}  // namespace cf::assess
