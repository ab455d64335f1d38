#pragma once
// A subject access request (UK GDPR art. 15; DPA 2018 s.45 for law-enforcement processing):
// everything the store holds on one person, across every case they are on, as one JSON
// document for the force's data protection officer to review and release
// (docs/operations.md, "Personal data").
//
// Held on the person, case by case: their details as held now and each correction; the events
// that name them, and the case's own events (crime type, officer, hearings, closing) reduced
// to their codes and times, with any suspect's id taken out and suspects' events withheld
// (third parties' data, s.45(4)); the
// duties owed to them; the messages sent to them; referrals, call-backs, portal messages and
// survey answers; and what retention has already removed. Other people on the case are never
// included, nor survey answers that name no one on the case. Every export is audited.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/services.hpp"
#include "core/date.hpp"
#include "core/result.hpp"

namespace cf::app {

// Who the request is about: one person on one case (crime and person), or whoever on any case
// has this email address, this phone number (digits compared), or this name ("given family",
// case and spaces aside), each narrowed by a date of birth when given. At least one is given.
struct SubjectQuery {
  std::string crime;
  std::string person;
  std::string email;
  std::string phone;
  std::string name;
  std::optional<core::Date> date_of_birth;
};

// The export, made for `by`. kInvalidArgument for a query that names no one; kNotFound when
// nothing is held on such a person; kOutOfRange when more than 200 people (or 2,000 cases)
// match (narrow it).
core::Result<nlohmann::ordered_json> ExportSubjectAccess(Services& s, const SubjectQuery& query,
                                                         const std::string& by);
// Audits an export once it has been handed over (written): a record per person, as `by`
// ("subject_access_export").
void AuditSubjectAccess(Services& s, const nlohmann::ordered_json& export_document,
                        const std::string& by);

}  // namespace cf::app
