#pragma once
// The product's services over the in-memory repositories and a fake clock, for tests of its
// use cases (app/): a fixture derives from it and works with clock_, stores_ and s_, as the
// composition root would wire them over SQLite.
#include <gtest/gtest.h>

#include "app/services.hpp"
#include "calendar/calendar_loader.hpp"
#include "core/clock.hpp"
#include "storage/memory/memory_store.hpp"

namespace cf {

class MemoryServicesTest : public ::testing::Test {
 protected:
  explicit MemoryServicesTest(core::Instant now) : clock_(now) {}

  core::FakeClock clock_;
  const rules::RuleLibrary lib_ = rules::RuleLibrary::BuiltIn().value();
  storage::MemoryStores stores_ = storage::OpenMemoryStores(clock_);
  const rules::ObligationEngine engine_{lib_, calendar::EnglandAndWales()};
  app::Services s_{clock_,
                   calendar::EnglandAndWales(),
                   lib_,
                   engine_,
                   *stores_.cases,
                   *stores_.accounts,
                   *stores_.assessments,
                   *stores_.portal,
                   *stores_.quality};
};

}  // namespace cf
