// The demo subject's design against the demo bundles' training split: the test images the demo study is scored on
// must be images the shipped bundles never saw. The training set is derived here from the bundles' own record
// (plugins/demo/metrics.json, written by train.py for the run that produced them) and from train.py's split line,
// not from the function under test.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/demo/NsdLikeDesign.h"
#include "core/ml/BundleCatalog.h"

using namespace vl;

namespace {

std::string readText(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct BundleSplit {
  std::size_t images = 0, trained = 0;
  int modulus = 0, heldRemainder = 0;
  bool trainedOn(std::int32_t index) const { return index % modulus != heldRemainder; }
};

// "index % M == R held out" from metrics.json, checked against train.py's `held = np.arange(len(images)) % M == R`.
BundleSplit bundleSplit() {
  const auto demo = core::builtInPluginDir() / "demo";
  const auto metrics = nlohmann::json::parse(readText(demo / "metrics.json"));
  const auto& bank = metrics.at("bank");
  BundleSplit split;
  split.images = bank.at("images").get<std::size_t>();
  split.trained = bank.at("train").get<std::size_t>();
  std::smatch match;
  const std::string recorded = bank.at("split").get<std::string>();
  EXPECT_TRUE(std::regex_search(recorded, match, std::regex(R"(index % (\d+) == (\d+) held out)"))) << recorded;
  split.modulus = std::stoi(match[1]);
  split.heldRemainder = std::stoi(match[2]);
  const std::string script = readText(demo / "train.py");
  EXPECT_TRUE(std::regex_search(script, match, std::regex(R"(held = np\.arange\(len\(images\)\) % (\d+) == (\d+))")))
      << "train.py's split line changed; re-derive the demo bundles' training set";
  EXPECT_EQ(std::stoi(match[1]), split.modulus);
  EXPECT_EQ(std::stoi(match[2]), split.heldRemainder);
  return split;
}

}  // namespace

TEST(DemoDesign, TestImagesAreNoneOfTheDemoBundlesTrainingImages) {
  const auto split = bundleSplit();
  ASSERT_EQ(split.images, 10000u);
  std::size_t trained = 0;
  for (std::size_t i = 0; i < split.images; ++i) trained += split.trainedOn(static_cast<std::int32_t>(i));
  EXPECT_EQ(trained, split.trained);  // the rule reproduces the 9,000 training images the record counts

  for (std::uint64_t seed : {1u, 2u, 7u}) {
    const auto design = core::makeDemoDesign(split.images, 9000, 300, 3, seed);
    ASSERT_EQ(design.testStimulus.size(), 300u);
    ASSERT_EQ(design.trainStimulus.size(), 9000u);
    for (const auto s : design.testStimulus) {
      EXPECT_FALSE(split.trainedOn(s)) << "seed " << seed << ": test image " << s << " trained the demo bundles";
      EXPECT_TRUE(core::heldOutFromDemoBundles(s));
    }
    std::set<std::int32_t> all(design.trainStimulus.begin(), design.trainStimulus.end());
    all.insert(design.testStimulus.begin(), design.testStimulus.end());
    EXPECT_EQ(all.size(), 9300u) << "no image both train and test, none twice";
  }
  // For the record: how many test images were bundle training images under the plain seeded split (demo study
  // version 2), and how many of today's training images come from the held-out 1,000.
  const auto before = core::makeNsdLikeDesign(split.images, 9000, 300, 3, 1);
  const auto now = core::makeDemoDesign(split.images, 9000, 300, 3, 1);
  const auto seen = std::count_if(before.testStimulus.begin(), before.testStimulus.end(),
                                  [&](std::int32_t s) { return split.trainedOn(s); });
  const auto heldOutTraining = std::count_if(now.trainStimulus.begin(), now.trainStimulus.end(),
                                             [&](std::int32_t s) { return !split.trainedOn(s); });
  std::printf("seed 1: %td of 300 test images were bundle training images before; now 0; %td of 9000 training "
              "images are bundle held-out images\n", seen, heldOutTraining);
  EXPECT_EQ(now.testStimulus.size(), 300u);

  // The held-out list is exactly the complement of the bundles' training set.
  const auto heldOut = core::demoBundleHeldOutStimuli(split.images);
  EXPECT_EQ(heldOut.size(), split.images - split.trained);
  for (const auto s : heldOut) EXPECT_FALSE(split.trainedOn(s));
}

TEST(DemoDesign, TestPoolLimitsTestImagesOnlyAndIsChecked) {
  const std::vector<std::int32_t> pool = {3, 5, 8, 13, 21, 34, 55, 89};
  const auto design = core::makeNsdLikeDesign(100, 60, 5, 2, 4, pool);
  ASSERT_EQ(design.testStimulus.size(), 5u);
  for (const auto s : design.testStimulus) EXPECT_TRUE(std::count(pool.begin(), pool.end(), s)) << s;
  std::set<std::int32_t> train(design.trainStimulus.begin(), design.trainStimulus.end());
  EXPECT_EQ(train.size(), 60u);
  for (const auto s : design.testStimulus) EXPECT_FALSE(train.count(s)) << s;
  // The pool's unused members may be training images; an empty pool keeps the plain seeded split.
  EXPECT_EQ(core::makeNsdLikeDesign(100, 60, 5, 2, 4, {}).testStimulus.size(), 5u);
  EXPECT_THROW(core::makeNsdLikeDesign(100, 60, 9, 2, 4, pool), std::invalid_argument);   // pool too small
  const std::vector<std::int32_t> outside = {1, 2, 100};
  EXPECT_THROW(core::makeNsdLikeDesign(100, 60, 2, 2, 4, outside), std::invalid_argument);
  EXPECT_THROW(core::makeDemoDesign(700, 400, 100, 3, 1), std::invalid_argument);  // 70 held out < 100
}
