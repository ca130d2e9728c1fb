// `voxellens decode --study --method bundle --decoder DIR`: a user's own brain_decoder bundle in place of the fitted
// decoders. The bundle here holds the study's own ridge decoder (its weights spread over every response column), so
// it must identify the test images exactly as the ridge decoder does; a bundle of the wrong size, one given a target
// and a missing --decoder are refused with status 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "app/cli/ModelCommands.h"
#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/ml/BundleRunners.h"
#include "core/study/StudyFolderLoader.h"
#include "tests/support/TempDir.h"
#include "tests/support/RidgeDecoderBundle.h"
#include "tests/support/TestBundles.h"

namespace vl::app {
namespace {
namespace fs = std::filesystem;

TEST(StudyDecodeDemo, ADecoderBundleHoldingTheRidgeDecoderIdentifiesAsItDoes) {
  const auto studyFolder = core::defaultDemoStudyFolder();
  const auto loaded = core::loadStudyFolder(studyFolder);
  const auto& experiment = *loaded.study->experiment();
  const auto models = core::prepareStudyModels(experiment, core::ImageEmbedder(core::studyImageEmbedder()));
  const auto& ridge = models.decoder;
  const auto columns = std::int64_t(experiment.test->columns), dimension = std::int64_t(ridge.fit.weights.cols);
  fixtures::TempDir dir;
  fixtures::writeRidgeDecoderBundle(dir.path / "ridge-as-bundle", "ridge-as-bundle", ridge, experiment.test->columns);
  fixtures::writeLinearBrainDecoder(dir.path / "one-short", "one-short", columns - 1, dimension,
                                    std::vector<float>(std::size_t((columns - 1) * dimension), 0.f),
                                    std::vector<float>(std::size_t(dimension), 0.f));

  const auto out = dir.path / "decoded";
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {"voxellens-full", "decode", "--study", studyFolder.string(), "--out", out.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return runCommandLine(argv, &fullCommandLine());
  };
  const auto bundle = (dir.path / "ridge-as-bundle").string();
  ASSERT_EQ(run({"--method", "bundle", "--decoder", bundle}), 0);
  std::ifstream file(out / "metrics.json");
  const auto metrics = nlohmann::json::parse(file);
  const auto& decoded = metrics.at("methods").at("decoder_bundle");
  EXPECT_EQ(decoded.at("bundle"), "ridge-as-bundle");
  EXPECT_FALSE(metrics.at("methods").contains("ridge"));  // --method bundle runs the bundle alone
  const auto& identification = decoded.at("identification");
  EXPECT_EQ(identification.at("ways"), 300);
  EXPECT_EQ(identification.at("columns"), columns);
  // LibTorch's product and the ridge's BLAS one differ in the last bits: a near tie may fall the other way (one
  // test image in 300).
  EXPECT_NEAR(identification.at("top1_brain_to_image").get<double>(), ridge.topOne, 1.0 / 300 + 1e-9);
  EXPECT_NEAR(identification.at("top1_image_to_brain").get<double>(), ridge.topOneImageToBrain, 1.0 / 300 + 1e-9);
  EXPECT_GT(ridge.topOne, 0.15);  // far above chance (1/300): the comparison means something
  EXPECT_TRUE(identification.contains("noise_free"));  // the demo study has its truth
  const auto& highLevel = decoded.at("reconstruction").at("high_level");
  EXPECT_GT(highLevel.at("two_way_embedding").get<double>(), 0.6);  // chance 0.5
  bool named = false;
  for (const auto& model : metrics.at("provenance").at("models"))
    named = named || model.dump().find("ridge-as-bundle") != std::string::npos;
  EXPECT_TRUE(named) << "the provenance names the decoder bundle";

  EXPECT_EQ(run({"--method", "bundle"}), 2);                                                // no --decoder
  EXPECT_EQ(run({"--method", "bundle", "--decoder", (dir.path / "one-short").string()}), 2);  // one column short
  EXPECT_EQ(run({"--method", "bundle", "--decoder", bundle, "--roi", "FFA"}), 2);           // a target
  EXPECT_EQ(run({"--method", "ridge", "--decoder", bundle}), 2);                            // not run by ridge
}

}  // namespace
}  // namespace vl::app
