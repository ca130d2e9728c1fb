// Model bundles end to end: modules built here with LibTorch's C++ API and known weights, loaded, validated and
// run; the outputs are compared with values computed independently in the test. Bad bundles are refused with a
// FormatError naming the file and the field, never loaded and never a crash.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <thread>

#include "core/base/FormatError.h"
#include "core/fitting/SelectionContext.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/Sha256.h"
#include "core/ml/TorchModuleAccess.h"
#include "core/ml/WordTokenizer.h"
#include "tests/support/ScopedVariable.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"

using namespace vl::core;
using nlohmann::json;
namespace fx = vl::fixtures;

namespace {
StimulusImage uniformImage(int width, int height, std::array<std::uint8_t, 3> colour) {
  StimulusImage image{width, height, {}};
  for (int i = 0; i < width * height; ++i) image.rgb.insert(image.rgb.end(), colour.begin(), colour.end());
  return image;
}

// The test image embedder computed by hand: per-channel pixel means, preprocessing, W v + b, normalised.
std::vector<double> expectedImageEmbedding(const StimulusImage& image) {
  const double mean[3] = {0.5, 0.4, 0.3}, std[3] = {0.25, 0.2, 0.1};
  double v[3] = {0, 0, 0};
  const std::size_t pixels = std::size_t(image.width) * image.height;
  for (std::size_t p = 0; p < pixels; ++p)
    for (int c = 0; c < 3; ++c) v[c] += image.rgb[p * 3 + c] / 255.0;
  for (int c = 0; c < 3; ++c) v[c] = (v[c] / double(pixels) - mean[c]) / std[c];
  std::vector<double> y(4);
  double norm = 0;
  for (int d = 0; d < 4; ++d) {
    y[d] = fx::kImageB[d];
    for (int c = 0; c < 3; ++c) y[d] += fx::kImageW[d * 3 + c] * v[c];
    norm += y[d] * y[d];
  }
  for (auto& value : y) value /= std::sqrt(norm);
  return y;
}

void expectRow(const Matrix& matrix, std::size_t row, const std::vector<double>& expected, double tolerance) {
  ASSERT_EQ(matrix.cols, expected.size());
  for (std::size_t c = 0; c < expected.size(); ++c)
    EXPECT_NEAR(matrix(row, c), expected[c], tolerance) << "row " << row << " column " << c;
}

// Loads `folder` expecting a FormatError about `file` (a file name) at `where`, whose text contains `part`.
void expectRefused(const std::filesystem::path& folder, const std::string& file, const std::string& where,
                   const std::string& part) {
  try {
    ModelBundle::load(folder);
    ADD_FAILURE() << "loaded a bad bundle (expected " << file << " " << where << ": " << part << ")";
  } catch (const FormatError& error) {
    EXPECT_EQ(error.file().filename(), file) << error.what();
    EXPECT_EQ(error.where(), where) << error.what();
    EXPECT_NE(std::string(error.what()).find(part), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos) << "not one line: " << error.what();
  }
}
}  // namespace

TEST(ModelBundle, ImageEmbedderGivesTheHandComputedEmbeddings) {
  fx::TempDir dir;
  fx::writeImageEmbedder(dir.path);
  const auto bundle = ModelBundle::load(dir.path);
  EXPECT_EQ(bundle->kind(), ModelKind::ImageEmbedder);
  EXPECT_EQ(bundle->validation().outputShape, (std::vector<std::int64_t>{2, 4}));
  EXPECT_LT(bundle->validation().maxNormError, 1e-5);

  StimulusImage gradient{8, 8, {}};
  for (int i = 0; i < 64; ++i) gradient.rgb.insert(gradient.rgb.end(), {std::uint8_t(i * 4), std::uint8_t(255 - i), 17});
  const std::vector<StimulusImage> images = {uniformImage(8, 8, {255, 0, 0}), uniformImage(8, 8, {10, 200, 90}),
                                             gradient};
  const ImageEmbedder embedder(bundle);
  EXPECT_EQ(embedder.dimension(), 4u);
  const Matrix embeddings = embedder.embed(images);
  ASSERT_EQ(embeddings.rows, 3u);
  for (std::size_t i = 0; i < images.size(); ++i) expectRow(embeddings, i, expectedImageEmbedding(images[i]), 1e-5);
}

TEST(ModelBundle, ImageEmbedderScalesAndCentreCropsOtherSizes) {
  fx::TempDir dir;
  fx::writeImageEmbedder(dir.path);
  const ImageEmbedder embedder(ModelBundle::load(dir.path));
  // 16 x 8: scaled by 1 to cover 8 x 8, the centre 8 columns are kept: red | green (8 columns) | blue.
  StimulusImage wide{16, 8, {}};
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 16; ++x) {
      const std::array<std::uint8_t, 3> colour =
          x < 4 ? std::array<std::uint8_t, 3>{255, 0, 0} : x < 12 ? std::array<std::uint8_t, 3>{0, 255, 0}
                                                                  : std::array<std::uint8_t, 3>{0, 0, 255};
      wide.rgb.insert(wide.rgb.end(), colour.begin(), colour.end());
    }
  const auto large = uniformImage(32, 32, {40, 80, 160});
  const Matrix embeddings = embedder.embed({wide, large});
  expectRow(embeddings, 0, expectedImageEmbedding(uniformImage(8, 8, {0, 255, 0})), 1e-5);
  expectRow(embeddings, 1, expectedImageEmbedding(uniformImage(8, 8, {40, 80, 160})), 1e-5);

  StimulusImage broken{8, 8, std::vector<std::uint8_t>(10)};
  EXPECT_THROW(embedder.embed({broken}), std::invalid_argument);
}

TEST(ModelBundle, BatchingProgressAndCancellationDoNotChangeResults) {
  fx::TempDir dir;
  fx::writeImageEmbedder(dir.path);
  ImageEmbedder embedder(ModelBundle::load(dir.path));
  std::vector<StimulusImage> images;
  for (int i = 0; i < 7; ++i) images.push_back(uniformImage(8, 8, {std::uint8_t(30 * i), 100, std::uint8_t(250 - 20 * i)}));
  const Matrix whole = embedder.embed(images);
  embedder.batchSize = 3;
  std::vector<double> fractions;
  const JobContext context({}, [&](const JobProgress& progress) { fractions.push_back(progress.fraction); });
  const Matrix batched = embedder.embed(images, context);
  ASSERT_EQ(batched.rows, 7u);
  for (std::size_t i = 0; i < whole.data.size(); ++i) EXPECT_NEAR(batched.data[i], whole.data[i], 1e-6);
  EXPECT_EQ(fractions.size(), 3u);
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);

  std::stop_source stop;
  stop.request_stop();
  EXPECT_THROW(embedder.embed(images, JobContext(stop.get_token(), {})), JobCancelled);
}

TEST(ModelBundle, TextEmbedderTokenizesAndEmbeds) {
  fx::TempDir dir;
  fx::writeTextEmbedder(dir.path);
  const auto bundle = ModelBundle::load(dir.path);
  ASSERT_NE(bundle->tokenizer(), nullptr);
  EXPECT_EQ(bundle->tokenizer()->encode("A red face, somewhere"), (std::vector<std::int64_t>{2, 3, 4, 1, 0, 0}));
  const TextEmbedder embedder(bundle);
  const Matrix embeddings = embedder.embed({"A red face, somewhere", "house", "", "small house 42"});
  ASSERT_EQ(embeddings.rows, 4u);
  auto expected = [](std::vector<int> ids) {
    std::vector<double> sum(3, 0);
    for (int id : ids)
      for (int d = 0; d < 3; ++d) sum[d] += fx::kTextE[id * 3 + d] / double(ids.size());
    double norm = std::sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
    for (auto& v : sum) v /= std::max(norm, 1e-8);
    return sum;
  };
  expectRow(embeddings, 0, expected({2, 3, 4, 1}), 1e-6);
  expectRow(embeddings, 1, expected({6}), 1e-6);
  expectRow(embeddings, 2, {0, 0, 0}, 1e-6);  // only padding: the model's own clamp gives zeros
  expectRow(embeddings, 3, expected({5, 6, 7}), 1e-6);
}

TEST(ModelBundle, GeneratorMakesTheExpectedPixels) {
  fx::TempDir dir;
  fx::writeGenerator(dir.path);
  const Generator generator(ModelBundle::load(dir.path));
  Matrix z(2, 4, std::vector<float>{0.5f, -0.5f, 0.5f, -0.5f, 1, 0, 0, 0});
  const auto images = generator.generate(z);
  ASSERT_EQ(images.size(), 2u);
  for (std::size_t b = 0; b < 2; ++b) {
    ASSERT_EQ(images[b].width, 4);
    ASSERT_EQ(images[b].height, 4);
    ASSERT_EQ(images[b].rgb.size(), 48u);
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
          const int unit = c * 16 + y * 4 + x;  // view(-1, 3, 4, 4) of the 48 outputs
          double value = fx::kGeneratorB[unit];
          for (int d = 0; d < 4; ++d) value += fx::kGeneratorW[unit * 4 + d] * z(b, d);
          const double pixel = std::round(255.0 / (1.0 + std::exp(-value)));
          EXPECT_NEAR(images[b].rgb[(y * 4 + x) * 3 + c], pixel, 1.0) << b << " " << c << " " << y << " " << x;
        }
  }
  EXPECT_THROW(generator.generate(Matrix(1, 3)), std::invalid_argument);
}

TEST(ModelBundle, GeneratorGivesGradientsWithRespectToItsInput) {
  fx::TempDir dir;
  fx::writeGenerator(dir.path);
  const auto bundle = ModelBundle::load(dir.path);
  std::lock_guard lock(bundleMutex(*bundle));
  auto z = torch::zeros({1, 4}, torch::requires_grad());
  const auto image = torchModule(*bundle).forward({z}).toTensor();
  image.sum().backward();
  ASSERT_TRUE(z.grad().defined());
  // d/dz sum(sigmoid(Wz + b)) at z = 0 is sum_k sigmoid'(b_k) W_k.
  for (int d = 0; d < 4; ++d) {
    double expected = 0;
    for (int k = 0; k < 48; ++k) {
      const double s = 1.0 / (1.0 + std::exp(-double(fx::kGeneratorB[k])));
      expected += s * (1 - s) * fx::kGeneratorW[k * 4 + d];
    }
    EXPECT_NEAR(z.grad()[0][d].item<double>(), expected, 1e-5);
  }
  for (const auto& parameter : torchModule(*bundle).parameters()) EXPECT_FALSE(parameter.requires_grad());
}

TEST(ModelBundle, BrainDecoderAndCaptionerRun) {
  fx::TempDir dir;
  fx::writeBrainDecoder(dir.path / "decoder");
  const BrainDecoder decoder(ModelBundle::load(dir.path / "decoder"));
  EXPECT_EQ(decoder.voxelCount(), 5u);
  const Matrix decoded = decoder.decode(Matrix(1, 5, std::vector<float>{1, 2, 3, 4, 5}));
  expectRow(decoded, 0, {1 + 8 - 5 + 0.5, 2 + 2.5 - 0.5, 0.25 * (1 + 2 + 3 + 4)}, 1e-5);
  EXPECT_THROW(decoder.decode(Matrix(1, 4)), std::invalid_argument);

  fx::writeCaptioner(dir.path / "captioner");
  const Captioner captioner(ModelBundle::load(dir.path / "captioner"));
  const auto captions = captioner.caption(Matrix(1, 5, std::vector<float>{1, -1, 1, 1, -1}));
  EXPECT_EQ(captions, (std::vector<std::string>{"red a red red a"}));
}

TEST(ModelBundle, RunnersCheckTheKind) {
  fx::TempDir dir;
  fx::writeTextEmbedder(dir.path);
  const auto bundle = ModelBundle::load(dir.path);
  EXPECT_THROW(ImageEmbedder{bundle}, std::invalid_argument);
  EXPECT_THROW(Generator{bundle}, std::invalid_argument);
  EXPECT_THROW(TextEmbedder{nullptr}, std::invalid_argument);
}

TEST(ModelBundle, OneBundleServesSeveralThreads) {
  fx::TempDir dir;
  fx::writeImageEmbedder(dir.path);
  const ImageEmbedder embedder(ModelBundle::load(dir.path));
  const std::vector<StimulusImage> images(5, uniformImage(8, 8, {1, 2, 3}));
  const auto expected = expectedImageEmbedding(images[0]);
  std::vector<Matrix> results(4);
  {
    std::vector<std::jthread> threads;
    for (auto& result : results) threads.emplace_back([&] { result = embedder.embed(images); });
  }
  for (const auto& result : results)
    for (std::size_t r = 0; r < 5; ++r) expectRow(result, r, expected, 1e-5);
}

TEST(ModelBundle, RefusesBadBundlesWithTheReason) {
  fx::TempDir dir;
  const auto& root = dir.path;
  json manifest;

  manifest = fx::imageEmbedderManifest();
  manifest["output"]["shape"] = {-1, 5};
  fx::writeImageEmbedder(root / "wrong-output", manifest);
  expectRefused(root / "wrong-output", "model.json", "output.shape", "returned [2, 4]");

  // W is 4 x 1: the module expects one input channel, model.json (and the contract) gives three.
  fx::writeImageEmbedder(root / "one-channel");
  fx::saveTorchScript(root / "one-channel" / "model.pt", {{"W", {4, 1}, {1, 2, 3, 4}}}, R"JIT(
def forward(self, x):
    return x.mean(dim=[2, 3]).matmul(self.W.t())
)JIT");
  expectRefused(root / "one-channel", "model.pt", "validation", "cannot be multiplied");

  fx::writeImageEmbedder(root / "nan", fx::imageEmbedderManifest(), "return y * float('nan')");
  expectRefused(root / "nan", "model.pt", "validation", "NaN");

  fx::writeImageEmbedder(root / "unnormalised", fx::imageEmbedderManifest(), "return y * 3.0");
  expectRefused(root / "unnormalised", "model.json", "output.normalized", "L2 norms");

  fx::writeImageEmbedder(root / "tuple", fx::imageEmbedderManifest(), "return (y, y)");
  expectRefused(root / "tuple", "model.pt", "validation", "expected one tensor");

  manifest = fx::imageEmbedderManifest();
  manifest["torch_version"] = "9.0.0";
  fx::writeImageEmbedder(root / "future", manifest);
  expectRefused(root / "future", "model.json", "torch_version", "9.0.0, newer than this LibTorch 1.13");

  fx::writeImageEmbedder(root / "missing");
  std::filesystem::remove(root / "missing" / "model.pt");
  expectRefused(root / "missing", "model.json", "torchscript", "file not found");

  fx::writeImageEmbedder(root / "corrupt");
  std::string noise(4096, '\0');
  std::mt19937 random(3);
  for (auto& byte : noise) byte = char(random());
  fx::writeText(root / "corrupt" / "model.pt", noise);
  expectRefused(root / "corrupt", "model.pt", "", "not a loadable TorchScript file");

  fx::writeImageEmbedder(root / "truncated");
  const auto whole = sha256HexOfFile(root / "truncated" / "model.pt");
  std::filesystem::resize_file(root / "truncated" / "model.pt", 300);
  expectRefused(root / "truncated", "model.pt", "", "not a loadable TorchScript file");

  manifest = fx::imageEmbedderManifest();
  manifest["sha256"] = whole;  // the digest of the complete file, so the loader must notice the change
  fx::writeImageEmbedder(root / "checksum", manifest);
  EXPECT_NO_THROW(ModelBundle::load(root / "checksum"));
  fx::writeImageEmbedder(root / "checksum", manifest, "return y / y.norm(2, [1], True) * 1.0");
  expectRefused(root / "checksum", "model.pt", "", "SHA-256 is ");

  manifest = fx::imageEmbedderManifest();
  manifest["input"]["mean"] = {0.5, 0.5};
  fx::writeImageEmbedder(root / "manifest", manifest);
  expectRefused(root / "manifest", "model.json", "input.mean", "three numbers");

  fx::writeTextEmbedder(root / "vocabulary");
  fx::writeText(root / "vocabulary" / "vocab.txt", "<pad>\n<unk>\nred\nred\n");
  expectRefused(root / "vocabulary", "vocab.txt", "line 4", "duplicate word \"red\"");
}

// A CNN-sized embedder (two convolutions, global pooling, 128 outputs) loads, validates and embeds a batch of 256
// images to unit vectors. Its load time and throughput are measured by `voxellens bench models`, not here.
TEST(ModelBundle, SmallCnnEmbedsABatchToUnitVectors) {
  fx::TempDir dir;
  fx::writeSmallCnnEmbedder(dir.path, 64);
  const auto bundle = ModelBundle::load(dir.path);
  ImageEmbedder embedder(bundle);
  std::vector<StimulusImage> images;
  for (int i = 0; i < 256; ++i) images.push_back(uniformImage(64, 64, {std::uint8_t(i), 128, std::uint8_t(255 - i)}));
  const Matrix embeddings = embedder.embed(images);
  ASSERT_EQ(embeddings.rows, 256u);
  ASSERT_EQ(embeddings.cols, 128u);
  for (std::size_t r = 0; r < embeddings.rows; ++r) {
    double norm = 0;
    for (std::size_t c = 0; c < embeddings.cols; ++c) norm += double(embeddings(r, c)) * embeddings(r, c);
    EXPECT_NEAR(norm, 1.0, 1e-4);
  }
}

// The selectivity explorer finds an installed captioner whose input is an embedding of the image embedder's size.
TEST(ModelBundle, MatchingCaptionerIsFoundByItsInputSize) {
  fx::TempDir dir;
  fx::writeCaptioner(dir.path / "captioner");
  const fx::ScopedVariable plugins("VOXELLENS_PLUGINS", dir.path.string());
  const auto found = matchingCaptioner(5);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->name(), "test-captioner");
  EXPECT_EQ(matchingCaptioner(128), nullptr);
}
