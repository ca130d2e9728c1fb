// The image_classifier kind (the synthesis judge): model.json needs one label per output column, the runner returns
// each image's row of probabilities and judgeCategories names the most probable label.
#include <gtest/gtest.h>

#include "core/base/FormatError.h"
#include "core/fitting/StimulusSynthesisJudges.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/ModelManifest.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"

namespace vl::core {
namespace {

nlohmann::json classifierManifest() {
  auto manifest = fixtures::imageEmbedderManifest();
  manifest["name"] = "test-judge";
  manifest["kind"] = "image_classifier";
  manifest["output"] = {{"shape", {-1, 3}}, {"labels", {"red", "green", "blue"}}};
  return manifest;
}

// Probabilities = softmax(10 x mean colour): the image's dominant channel wins.
void writeClassifier(const std::filesystem::path& folder, const nlohmann::json& manifest = classifierManifest()) {
  fixtures::writeManifest(folder, manifest);
  fixtures::saveTorchScript(folder / "model.pt", {}, R"JIT(
def forward(self, x):
    return torch.softmax(x.mean(dim=[2, 3]) * 10.0, 1)
)JIT");
}

StimulusImage solid(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  StimulusImage image{8, 8, {}};
  for (int i = 0; i < 64; ++i) image.rgb.insert(image.rgb.end(), {r, g, b});
  return image;
}

TEST(ImageClassifierBundle, ClassifiesAndNamesTheMostProbableLabel) {
  fixtures::TempDir dir;
  writeClassifier(dir.path);
  const auto bundle = ModelBundle::load(dir.path);
  EXPECT_EQ(bundle->kind(), ModelKind::ImageClassifier);
  EXPECT_EQ(modelKindName(ModelKind::ImageClassifier), "image_classifier");
  const ImageClassifier classifier(bundle);
  EXPECT_EQ(classifier.labels(), (std::vector<std::string>{"red", "green", "blue"}));
  const auto probabilities = classifier.classify({solid(250, 0, 0), solid(0, 0, 250)});
  ASSERT_EQ(probabilities.rows, 2u);
  ASSERT_EQ(probabilities.cols, 3u);
  EXPECT_NEAR(probabilities(0, 0) + probabilities(0, 1) + probabilities(0, 2), 1.0, 1e-5);
  const auto verdicts = judgeCategories(classifier, {solid(250, 0, 0), solid(0, 0, 250), solid(0, 240, 10)});
  EXPECT_EQ(verdicts[0].category, "red");
  EXPECT_EQ(verdicts[1].category, "blue");
  EXPECT_EQ(verdicts[2].category, "green");
  EXPECT_GT(verdicts[2].score, 0.9);
}

TEST(ImageClassifierBundle, LabelsMustMatchTheOutputColumns) {
  fixtures::TempDir dir;
  auto manifest = classifierManifest();
  manifest["output"]["labels"] = {"red", "green"};
  fixtures::writeManifest(dir.path, manifest);
  try {
    readModelManifest(dir.path);
    FAIL() << "two labels for three columns were accepted";
  } catch (const FormatError& error) {
    EXPECT_NE(std::string(error.what()).find("output.labels"), std::string::npos) << error.what();
  }
  manifest["output"].erase("labels");
  fixtures::writeManifest(dir.path, manifest);
  EXPECT_THROW(readModelManifest(dir.path), FormatError);
  manifest["output"]["labels"] = {"red", "red", "blue"};
  fixtures::writeManifest(dir.path, manifest);
  EXPECT_THROW(readModelManifest(dir.path), FormatError);
}

TEST(ImageClassifierBundle, AnEmbedderIsNotAClassifier) {
  fixtures::TempDir dir;
  fixtures::writeImageEmbedder(dir.path);
  EXPECT_THROW(ImageClassifier(ModelBundle::load(dir.path)), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core
