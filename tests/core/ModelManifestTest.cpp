// model.json parsing: every missing or wrong field is a FormatError naming model.json and the field; the word
// tokenizer follows the contract exactly.
#include <gtest/gtest.h>

#include <functional>

#include "core/base/FormatError.h"
#include "core/ml/ModelManifest.h"
#include "core/ml/WordTokenizer.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"

using namespace vl::core;
using nlohmann::json;
namespace fx = vl::fixtures;

namespace {
// Expects readModelManifest to fail on `manifest` with a FormatError for model.json whose `where` is `field`.
void expectFieldError(const json& manifest, const std::string& field, const std::string& problemPart = "") {
  fx::TempDir dir;
  fx::writeManifest(dir.path, manifest);
  fx::writeText(dir.path / "vocab.txt", "<pad>\n<unk>\nword\n");
  try {
    readModelManifest(dir.path);
    ADD_FAILURE() << "accepted a manifest with a bad " << field << ": " << manifest.dump();
  } catch (const FormatError& error) {
    EXPECT_EQ(error.file().filename(), "model.json") << error.what();
    EXPECT_EQ(error.where(), field) << error.what();
    EXPECT_NE(error.problem().find(problemPart), std::string::npos) << error.what();
  }
}

json changed(json manifest, const std::function<void(json&)>& change) {
  change(manifest);
  return manifest;
}
}  // namespace

TEST(ModelManifest, ReadsEveryFieldOfAValidManifest) {
  fx::TempDir dir;
  auto manifest = fx::textEmbedderManifest();
  manifest["sha256"] = std::string(64, 'A');
  fx::writeManifest(dir.path, manifest);
  fx::writeText(dir.path / "vocab.txt", "<pad>\n<unk>\n");
  const auto read = readModelManifest(dir.path);
  EXPECT_EQ(read.name, "test-text");
  EXPECT_EQ(read.kind, ModelKind::TextEmbedder);
  EXPECT_EQ(read.torchscript, dir.path / "model.pt");
  EXPECT_EQ(read.torchMajor, 1);
  EXPECT_EQ(read.torchMinor, 13);
  EXPECT_EQ(read.sha256, std::string(64, 'a'));
  EXPECT_EQ(read.input.shape, (std::vector<std::int64_t>{-1, 6}));
  EXPECT_EQ(read.input.dtype, TensorDtype::Int64);
  ASSERT_TRUE(read.input.tokenizer);
  EXPECT_EQ(read.input.tokenizer->vocabulary, dir.path / "vocab.txt");
  EXPECT_EQ(read.input.tokenizer->maxTokens, 6);
  EXPECT_TRUE(read.output.normalized);
  EXPECT_EQ(read.output.shapeText(), "[-1, 3]");
  EXPECT_EQ(read.licence, "CC0-1.0");

  fx::writeManifest(dir.path, fx::imageEmbedderManifest());
  const auto image = readModelManifest(dir.path);
  EXPECT_EQ(image.input.valueRange, (std::array<double, 2>{0.0, 1.0}));
  EXPECT_EQ(image.input.mean, (std::vector<double>{0.5, 0.4, 0.3}));
  EXPECT_EQ(image.input.std, (std::vector<double>{0.25, 0.2, 0.1}));
}

TEST(ModelManifest, NamesTheFieldOfEveryMistake) {
  const json image = fx::imageEmbedderManifest();
  expectFieldError(changed(image, [](json& m) { m.erase("format"); }), "format", "missing");
  expectFieldError(changed(image, [](json& m) { m["format"] = "onnx"; }), "format");
  expectFieldError(changed(image, [](json& m) { m["version"] = 2; }), "version");
  expectFieldError(changed(image, [](json& m) { m["name"] = ""; }), "name");
  expectFieldError(changed(image, [](json& m) { m.erase("kind"); }), "kind", "missing");
  expectFieldError(changed(image, [](json& m) { m["kind"] = "segmenter"; }), "kind", "segmenter");
  expectFieldError(changed(image, [](json& m) { m["torchscript"] = 3; }), "torchscript");
  expectFieldError(changed(image, [](json& m) { m["torchscript"] = "../other/model.pt"; }), "torchscript", "inside");
  expectFieldError(changed(image, [](json& m) { m["torchscript"] = "/etc/passwd"; }), "torchscript");
  expectFieldError(changed(image, [](json& m) { m.erase("torch_version"); }), "torch_version", "missing");
  expectFieldError(changed(image, [](json& m) { m["torch_version"] = "latest"; }), "torch_version");
  expectFieldError(changed(image, [](json& m) { m["sha256"] = "abc"; }), "sha256", "64");
  expectFieldError(changed(image, [](json& m) { m.erase("input"); }), "input", "missing");
  expectFieldError(changed(image, [](json& m) { m["input"].erase("shape"); }), "input.shape", "missing");
  expectFieldError(changed(image, [](json& m) { m["input"]["shape"] = "[-1, 3, 8, 8]"; }), "input.shape");
  expectFieldError(changed(image, [](json& m) { m["input"]["shape"] = {-1, 3, 8}; }), "input.shape", "4 dimensions");
  expectFieldError(changed(image, [](json& m) { m["input"]["shape"] = {2, 3, 8, 8}; }), "input.shape", "batch");
  expectFieldError(changed(image, [](json& m) { m["input"]["shape"] = {-1, 3, 0, 8}; }), "input.shape", "positive");
  expectFieldError(changed(image, [](json& m) { m["input"]["shape"] = {-1, 1, 8, 8}; }), "input.shape", "3 channels");
  expectFieldError(changed(image, [](json& m) { m["input"]["shape"] = {-1, 3, 100000, 100000}; }), "input.shape");
  expectFieldError(changed(image, [](json& m) { m["input"]["dtype"] = "int64"; }), "input.dtype", "float32");
  expectFieldError(changed(image, [](json& m) { m["input"].erase("value_range"); }), "input.value_range");
  expectFieldError(changed(image, [](json& m) { m["input"]["value_range"] = {1.0, 0.0}; }), "input.value_range",
                   "low < high");
  expectFieldError(changed(image, [](json& m) { m["input"]["mean"] = {0.5, 0.5}; }), "input.mean");
  expectFieldError(changed(image, [](json& m) { m["input"].erase("std"); }), "input.std", "missing");
  expectFieldError(changed(image, [](json& m) { m["input"]["std"] = {0.2, 0.0, 0.2}; }), "input.std", "positive");
  expectFieldError(changed(image, [](json& m) { m.erase("output"); }), "output", "missing");
  expectFieldError(changed(image, [](json& m) { m["output"]["shape"] = {-1, 4, 1}; }), "output.shape");
  expectFieldError(changed(image, [](json& m) { m["output"]["normalized"] = "yes"; }), "output.normalized");

  const json text = fx::textEmbedderManifest();
  expectFieldError(changed(text, [](json& m) { m["input"]["dtype"] = "float32"; }), "input.dtype", "int64");
  expectFieldError(changed(text, [](json& m) { m["input"].erase("tokenizer"); }), "input.tokenizer", "missing");
  expectFieldError(changed(text, [](json& m) { m["input"]["tokenizer"]["kind"] = "bpe"; }), "input.tokenizer.kind",
                   "not supported");
  expectFieldError(changed(text, [](json& m) { m["input"]["tokenizer"]["vocabulary"] = "missing.txt"; }),
                   "input.tokenizer.vocabulary", "not found");
  expectFieldError(changed(text, [](json& m) { m["input"]["tokenizer"]["max_tokens"] = 7; }),
                   "input.tokenizer.max_tokens", "does not match");
  expectFieldError(changed(text, [](json& m) { m["input"]["tokenizer"]["pad_id"] = -1; }), "input.tokenizer.pad_id");

  const json generator = fx::generatorManifest();
  expectFieldError(changed(generator, [](json& m) { m["output"]["shape"] = {-1, 1, 4, 4}; }), "output.shape",
                   "3 channels");
  expectFieldError(changed(generator, [](json& m) { m["output"].erase("value_range"); }), "output.value_range");
  expectFieldError(changed(generator, [](json& m) { m["output"]["normalized"] = true; }), "output.normalized");
  expectFieldError(changed(fx::captionerManifest(), [](json& m) { m["output"]["dtype"] = "float32"; }),
                   "output.dtype");
}

TEST(ModelManifest, RejectsFilesThatAreNotManifests) {
  fx::TempDir dir;
  EXPECT_THROW(readModelManifest(dir.path), FormatError);  // no model.json
  fx::writeText(dir.path / "model.json", "{\"format\": \"voxellens-model\", ");
  try {
    readModelManifest(dir.path);
    ADD_FAILURE();
  } catch (const FormatError& error) {
    EXPECT_NE(error.problem().find("not valid JSON"), std::string::npos) << error.what();
  }
  fx::writeText(dir.path / "model.json", "[1, 2]");
  EXPECT_THROW(readModelManifest(dir.path), FormatError);
}

TEST(ModelManifest, ParsesTorchVersions) {
  EXPECT_EQ(parseMajorMinor("1.13.1"), (std::pair{1, 13}));
  EXPECT_EQ(parseMajorMinor("2.1"), (std::pair{2, 1}));
  EXPECT_EQ(parseMajorMinor("2.0.1+cpu"), (std::pair{2, 0}));
  EXPECT_FALSE(parseMajorMinor("2"));
  EXPECT_FALSE(parseMajorMinor("v2.0"));
  EXPECT_FALSE(parseMajorMinor(""));
}

TEST(WordTokenizer, FollowsTheContract) {
  TokenizerSpec spec;
  spec.maxTokens = 6;
  const WordTokenizer tokenizer(spec, fx::kTextVocabulary);  // <pad> <unk> a red face small house 42
  EXPECT_EQ(tokenizer.words("A red-FACE,small_house 42!"),
            (std::vector<std::string>{"a", "red", "face", "small", "house", "42"}));
  EXPECT_EQ(tokenizer.encode("A red FACE"), (std::vector<std::int64_t>{2, 3, 4, 0, 0, 0}));
  EXPECT_EQ(tokenizer.encode("a blue face"), (std::vector<std::int64_t>{2, 1, 4, 0, 0, 0}));
  EXPECT_EQ(tokenizer.encode("a red face, small house 42 and more"), (std::vector<std::int64_t>{2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(tokenizer.encode(""), (std::vector<std::int64_t>(6, 0)));
  EXPECT_EQ(tokenizer.encode("caf\xc3\xa9 red"), (std::vector<std::int64_t>{1, 3, 0, 0, 0, 0}));  // UTF-8 separates
  EXPECT_EQ(tokenizer.decode({2, 3, 99, 0, 4}), "a red <unk>");

  spec.lowercase = false;
  spec.padId = 7;
  spec.unknownId = 6;
  const WordTokenizer caseSensitive(spec, fx::kTextVocabulary);
  EXPECT_EQ(caseSensitive.encode("A red"), (std::vector<std::int64_t>{6, 3, 7, 7, 7, 7}));
}

TEST(WordTokenizer, RejectsBadVocabularies) {
  TokenizerSpec spec;
  spec.maxTokens = 4;
  spec.vocabulary = "vocab.txt";
  EXPECT_THROW(WordTokenizer(spec, std::vector<std::string>{}), FormatError);
  EXPECT_THROW(WordTokenizer(spec, std::vector<std::string>{"<pad>", "<unk>", "a", "a"}), FormatError);
  EXPECT_THROW(WordTokenizer(spec, std::vector<std::string>{"<pad>", "", "a"}), FormatError);
  EXPECT_THROW(WordTokenizer(spec, std::vector<std::string>{"<pad>"}), FormatError);  // unknown_id 1 outside
  fx::TempDir dir;
  fx::writeText(dir.path / "vocab.txt", "<pad>\r\n<unk>\r\nred\r\n");
  spec.vocabulary = dir.path / "vocab.txt";
  const WordTokenizer windows(spec);
  EXPECT_EQ(windows.encode("RED"), (std::vector<std::int64_t>{2, 0, 0, 0}));
}
