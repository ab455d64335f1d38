#pragma once
// A needs assessment (MG11) as an event line, every question answered unless `extra` (a JSON
// merge patch: null removes an answer) says otherwise.
#include <nlohmann/json.hpp>
#include <string>

namespace cf {

inline std::string CompleteAssessment(const std::string& id, const std::string& crime,
                                      const std::string& at, const std::string& person,
                                      const nlohmann::json& extra = {}) {
  nlohmann::json e = {{"id", id},
                      {"type", "needs.assessed"},
                      {"crime", crime},
                      {"at", at},
                      {"person", person},
                      {"by", "PC101"},
                      {"screening",
                       {{"mental_health", false},
                        {"learning_or_communication", false},
                        {"physical_disability", false},
                        {"fear_or_distress", false},
                        {"targeted_repeatedly", false}}},
                      {"preferred_contact", "phone"},
                      {"willing_to_attend_court", true},
                      {"special_measures_needed", false},
                      {"interpreter_needed", false},
                      {"none", true}};
  if (person == "V1") e["vps_offered"] = true;
  if (!extra.is_null()) e.merge_patch(extra);
  return e.dump();
}

}  // namespace cf
