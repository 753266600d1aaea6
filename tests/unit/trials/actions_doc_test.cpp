// docs/actions.md is generated from the registry; this fails when it is stale.
#include "actions/actions_doc.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/test_paths.h"
#include "trials/runtime.h"

namespace mlt {

TEST(ActionsDoc, CheckedInReferenceMatchesTheRegistry) {
  test::TempDir dir;
  Config cfg;
  cfg.data_dir = dir.path();
  Runtime rt(cfg, Env{});
  const std::string generated = render_actions_markdown(rt.registry());
  std::ifstream in(test::source_dir() / "docs" / "actions.md");
  const std::string checked_in((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(checked_in, generated) << "docs/actions.md is stale: run `make docs`";
  for (const Action* a : rt.registry().list())
    EXPECT_NE(generated.find("## `" + a->name + "`"), std::string::npos) << a->name;
}

}  // namespace mlt
