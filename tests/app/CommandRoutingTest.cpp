// The front end lists the model commands by name (it cannot link them); voxellens-full must run exactly those. Both
// compile from one table of names (app/cli/ModelCommandNames.h); this checks that each has its code, help and run.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "app/cli/Commands.h"
#include "app/cli/ModelCommands.h"

TEST(CommandRouting, FullBinaryRunsEveryModelCommandTheFrontEndLists) {
  std::set<std::string> listed, runnable;
  for (const auto& c : vl::app::modelCommandSummaries()) listed.insert(c.name);
  for (const auto& c : vl::app::fullCommandLine().modelCommands) {
    runnable.insert(c.name);
    EXPECT_NE(c.run, nullptr) << c.name;
    EXPECT_NE(c.help, nullptr) << c.name;
  }
  EXPECT_EQ(listed, runnable);
  EXPECT_EQ(listed.count("fit-study"), 1u);
  for (const auto& c : vl::app::fileCommands()) EXPECT_EQ(runnable.count(c.name), 0u) << c.name << " is listed twice";
}

TEST(CommandRouting, FrontEndKeepsFileCommandsAndHelpAndHandsOverTheRest) {
  using vl::app::runsWithoutLibTorch;
  EXPECT_TRUE(runsWithoutLibTorch({"voxellens", "vol2surf", "a.nii", "b.gii", "c.func.gii"}));
  EXPECT_TRUE(runsWithoutLibTorch({"voxellens", "--help"}));
  EXPECT_FALSE(runsWithoutLibTorch({"voxellens"}));                     // the viewer
  EXPECT_FALSE(runsWithoutLibTorch({"voxellens", "lh.white"}));         // the viewer on a file
  EXPECT_FALSE(runsWithoutLibTorch({"voxellens", "--screenshot", "x.png"}));
  EXPECT_TRUE(runsWithoutLibTorch({"voxellens", "fit", "--help"}));  // the ridge is plain BLAS (no LibTorch)
  EXPECT_TRUE(runsWithoutLibTorch({"voxellens", "merge", "a", "b", "--out", "c"}));
  EXPECT_FALSE(runsWithoutLibTorch({"voxellens", "decode", "--help"}));
  EXPECT_FALSE(runsWithoutLibTorch({"voxellens", "--version"}));
}
