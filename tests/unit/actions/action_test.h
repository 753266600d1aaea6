// Base fixture of the action tests: a registry, an in-memory store, and
// run(), which validates the arguments against the action's schema and then
// calls its handler, as the runtime does (without the gateway or trials).
// Fixtures register the actions they need and set env_ / config_.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "actions/registry.h"
#include "store/store.h"

namespace mlt::test {

class ActionTest : public ::testing::Test {
 protected:
  Json run(const std::string& action, const Json& args) {
    registry_.validate(action, args);
    ActionContext ctx{*store_, env_, config_, "test", std::nullopt, {}, {}};
    return registry_.get(action).run(args, ctx);
  }

  ActionRegistry registry_;
  std::unique_ptr<Store> store_ = Store::in_memory();
  Env env_;
  Config config_;
};

}  // namespace mlt::test
