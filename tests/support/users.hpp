#pragma once
// A staff account for tests: the sign-in name, role (its name), unit and officer id; the rest
// empty.
#include <string>

#include "storage/account_store.hpp"

namespace cf {

inline storage::User StaffUser(const std::string& name, const std::string& role,
                               const std::string& unit, const std::string& officer,
                               const std::string& password_hash = "") {
  storage::User u;
  u.name = name;
  u.role = domain::ParseStaffRole(role).value();  // a test names a known role
  u.unit = unit;
  u.officer = officer;
  u.password_hash = password_hash;
  return u;
}

}  // namespace cf
