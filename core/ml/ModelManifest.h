#pragma once
// model.json: what a model bundle is (kind, input and output tensors, preprocessing, tokenizer, exporter's torch
// version). Parsing checks every field against the contract (plugins/README.md) and throws FormatError naming
// model.json and the field ("input.shape"), so a bad bundle is explained before any weights are read.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vl::core {

enum class ModelKind { ImageEmbedder, TextEmbedder, Generator, BrainDecoder, Captioner, ImageClassifier };

std::string_view modelKindName(ModelKind kind);  // "image_embedder", ...
std::optional<ModelKind> modelKindFromName(std::string_view name);

enum class TensorDtype { Float32, Int64 };
std::string_view tensorDtypeName(TensorDtype dtype);

// The "word" tokenizer (WordTokenizer.h); the only kind this loader implements.
struct TokenizerSpec {
  std::string kind = "word";
  std::filesystem::path vocabulary;  // absolute (resolved against the bundle folder)
  int maxTokens = 0;
  bool lowercase = true;
  std::int64_t padId = 0;
  std::int64_t unknownId = 1;
};

struct TensorSpec {
  std::vector<std::int64_t> shape;  // first entry -1 (the batch); the others > 0
  TensorDtype dtype = TensorDtype::Float32;
  std::optional<std::array<double, 2>> valueRange;  // images: what uint8 0..255 maps to (linearly)
  std::vector<double> mean, std;                    // per channel, empty when absent
  std::optional<TokenizerSpec> tokenizer;           // text_embedder input, captioner output
  bool normalized = false;                          // embedders: unit-L2-norm rows

  std::string shapeText() const;  // "[-1, 3, 64, 64]"
};

struct ModelManifest {
  std::filesystem::path file;  // the model.json this came from
  std::string name;
  ModelKind kind = ModelKind::ImageEmbedder;
  std::filesystem::path torchscript;  // absolute
  std::string torchVersion;           // as written, e.g. "1.13.1"
  int torchMajor = 0, torchMinor = 0;
  std::optional<std::string> sha256;  // lower-case hex
  TensorSpec input, output;
  std::vector<std::string> labels;  // image_classifier: the category of each output column (output.labels)
  std::string licence, description;

  std::filesystem::path folder() const { return file.parent_path(); }
};

// Reads <bundleFolder>/model.json. Throws FormatError(model.json, field, problem) for any missing or wrong field
// and for a vocabulary file that does not exist; does not open the TorchScript file.
ModelManifest readModelManifest(const std::filesystem::path& bundleFolder);
ModelManifest parseModelManifest(const std::string& jsonText, const std::filesystem::path& manifestFile);

// "1.13.1" -> {1, 13}; std::nullopt when it does not start with MAJOR.MINOR.
std::optional<std::pair<int, int>> parseMajorMinor(std::string_view version);

}  // namespace vl::core
