#pragma once
// What every command and request works with, wired once by the composition root
// (cli::Context) and handed to the server and to each command: the clock, the working-day
// calendar, the rule library and engine, and the stores of one database over one
// connection. Nothing else opens a store, builds an engine or reads the time.
//
// Thread-compatible: the stores share one SQLite connection, so a Services belongs to one
// thread (each of the server's threads has its own: cli::Context::OpenMoreServices).

#include "calendar/working_day_calendar.hpp"
#include "core/clock.hpp"
#include "rules/engine.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/account_store.hpp"
#include "storage/assessment_store.hpp"
#include "storage/case_store.hpp"
#include "storage/portal_store.hpp"
#include "storage/quality_store.hpp"

namespace cf::app {

struct Services {
  // REQUIRES: engine_in was built from library_in and calendar_in.
  Services(const core::Clock& clock_in, const calendar::WorkingDayCalendar& calendar_in,
           const rules::RuleLibrary& library_in, const rules::ObligationEngine& engine_in,
           storage::CaseStore& cases_in, storage::AccountStore& accounts_in,
           storage::AssessmentStore& assessments_in, storage::PortalStore& portal_in,
           storage::QualityStore& quality_in)
      : clock(clock_in),
        calendar(calendar_in),
        library(library_in),
        engine(engine_in),
        cases(cases_in),
        accounts(accounts_in),
        assessments(assessments_in),
        portal(portal_in),
        quality(quality_in) {}

  const core::Clock& clock;
  const calendar::WorkingDayCalendar& calendar;
  const rules::RuleLibrary& library;
  const rules::ObligationEngine& engine;
  storage::CaseStore& cases;
  storage::AccountStore& accounts;
  storage::AssessmentStore& assessments;
  storage::PortalStore& portal;
  storage::QualityStore& quality;

  core::Instant Now() const { return clock.Now(); }
  // Today in Europe/London on the clock (a training copy's fixed day, say).
  core::Date Today() const { return clock.Today(); }
};

}  // namespace cf::app
