#include <catch2/catch.hpp>

#include "tests/test_support.h"

TEST_CASE("the chipwire binary runs", "[e2e]") {
  const auto r = chipwire::testing::run_chipwire({"--help"});
  CHECK(r.exit_code >= 0);
}
