#include "core/ml/ModelManifest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/base/FormatError.h"
#include "core/io/JsonFile.h"

namespace vl::core {
namespace {
using nlohmann::json;

// Above this a model.json is not a manifest (they are a few hundred bytes); refuse before reading it.
constexpr std::uintmax_t kMaxManifestBytes = 1 << 20;
// Per-sample element bound for a declared tensor: the loader allocates a dummy batch of two from these shapes.
constexpr std::int64_t kMaxElementsPerSample = std::int64_t(1) << 26;

std::string typeName(const json& value) { return value.type_name(); }

// Reads fields of one JSON object and names them by their dotted path in errors.
class FieldReader {
public:
  FieldReader(const json& object, std::string path, const std::filesystem::path& file)
      : object_(object), path_(std::move(path)), file_(file) {}

  std::string field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw FormatError(file_, field(key), problem);
  }
  bool has(const std::string& key) const { return object_.contains(key) && !object_.at(key).is_null(); }
  const json& require(const std::string& key, const std::string& expected) const {
    if (!has(key)) fail(key, "missing; expected " + expected);
    return object_.at(key);
  }

  std::string string(const std::string& key, const std::string& expected) const {
    const json& value = require(key, expected);
    if (!value.is_string()) fail(key, "expected " + expected + ", got " + typeName(value));
    return value.get<std::string>();
  }
  std::optional<std::string> optionalString(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return string(key, "a string");
  }
  std::int64_t integer(const std::string& key, const std::string& expected) const {
    const json& value = require(key, expected);
    if (!value.is_number_integer()) fail(key, "expected " + expected + ", got " + value.dump());
    return value.get<std::int64_t>();
  }
  bool boolean(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    const json& value = object_.at(key);
    if (!value.is_boolean()) fail(key, "expected true or false, got " + value.dump());
    return value.get<bool>();
  }
  std::vector<double> numbers(const std::string& key, std::size_t count, const std::string& expected) const {
    const json& value = require(key, expected);
    if (!value.is_array() || value.size() != count) fail(key, "expected " + expected + ", got " + value.dump());
    std::vector<double> result;
    for (const json& item : value) {
      if (!item.is_number() || !std::isfinite(item.get<double>()))
        fail(key, "expected " + expected + ", got " + value.dump());
      result.push_back(item.get<double>());
    }
    return result;
  }
  FieldReader object(const std::string& key) const {
    const json& value = require(key, "an object");
    if (!value.is_object()) fail(key, "expected an object, got " + typeName(value));
    return FieldReader(value, field(key), file_);
  }

private:
  const json& object_;
  std::string path_;
  const std::filesystem::path& file_;
};

// A path inside the bundle folder: relative, no "..", so a bundle cannot point at files elsewhere.
std::filesystem::path bundlePath(const FieldReader& reader, const std::string& key, const std::string& expected) {
  const std::string text = reader.string(key, expected);
  const std::filesystem::path relative(text);
  if (text.empty() || relative.is_absolute())
    reader.fail(key, "expected a file name relative to the bundle folder, got \"" + text + "\"");
  for (const auto& part : relative)
    if (part == "..") reader.fail(key, "must stay inside the bundle folder (no \"..\"), got \"" + text + "\"");
  return relative;
}

std::vector<std::int64_t> readShape(const FieldReader& tensor, std::size_t rank, const std::string& example) {
  const std::string expected = "[-1, " + example + "] (-1 = batch)";
  const json& value = tensor.require("shape", "an array like " + expected);
  if (!value.is_array()) tensor.fail("shape", "expected an array like " + expected + ", got " + value.dump());
  if (value.size() != rank)
    tensor.fail("shape", "expected " + std::to_string(rank) + " dimensions like " + expected + ", got " + value.dump());
  std::vector<std::int64_t> shape;
  std::int64_t elements = 1;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& item = value[i];
    if (!item.is_number_integer()) tensor.fail("shape", "expected integers like " + expected + ", got " + value.dump());
    const auto size = item.get<std::int64_t>();
    if (i == 0 && size != -1)
      tensor.fail("shape", "the first dimension is the batch and must be -1, got " + value.dump());
    if (i > 0 && size <= 0) tensor.fail("shape", "dimensions after the batch must be positive, got " + value.dump());
    if (i > 0 && size > kMaxElementsPerSample)
      tensor.fail("shape", "more than " + std::to_string(kMaxElementsPerSample) + " values per sample: " + value.dump());
    if (i > 0) elements *= size;
    if (elements > kMaxElementsPerSample)
      tensor.fail("shape", "more than " + std::to_string(kMaxElementsPerSample) + " values per sample: " + value.dump());
    shape.push_back(size);
  }
  return shape;
}

TensorDtype readDtype(const FieldReader& tensor, TensorDtype expected, bool required) {
  const std::string expectedName(tensorDtypeName(expected));
  if (!required && !tensor.has("dtype")) return expected;
  const std::string name = tensor.string("dtype", "\"" + expectedName + "\"");
  if (name != expectedName)
    tensor.fail("dtype", "expected \"" + expectedName + "\" for this kind of model, got \"" + name + "\"");
  return expected;
}

std::array<double, 2> readValueRange(const FieldReader& tensor) {
  const auto range = tensor.numbers("value_range", 2, "[low, high] such as [0.0, 1.0]");
  if (!(range[0] < range[1])) tensor.fail("value_range", "expected low < high, got [" +
                                            std::to_string(range[0]) + ", " + std::to_string(range[1]) + "]");
  return {range[0], range[1]};
}

void readMeanStd(const FieldReader& tensor, TensorSpec& spec) {
  if (!tensor.has("mean") && !tensor.has("std")) return;
  spec.mean = tensor.numbers("mean", 3, "three numbers (R, G, B)");
  spec.std = tensor.numbers("std", 3, "three positive numbers (R, G, B)");
  for (const double s : spec.std)
    if (!(s > 0)) tensor.fail("std", "expected three positive numbers (R, G, B)");
}

TokenizerSpec readTokenizer(const FieldReader& parent, const std::filesystem::path& folder,
                            std::int64_t tokensInShape) {
  const FieldReader tokenizer = parent.object("tokenizer");
  TokenizerSpec spec;
  spec.kind = tokenizer.string("kind", "\"word\"");
  if (spec.kind != "word")
    tokenizer.fail("kind", "\"" + spec.kind + "\" is not supported; this version reads \"word\" tokenizers only "
                                              "(see plugins/README.md for BPE text encoders)");
  spec.vocabulary = folder / bundlePath(tokenizer, "vocabulary", "a file name such as \"vocab.txt\"");
  const auto maxTokens = tokenizer.integer("max_tokens", "a positive integer");
  if (maxTokens <= 0 || maxTokens > 65536) tokenizer.fail("max_tokens", "expected 1..65536, got " + std::to_string(maxTokens));
  if (maxTokens != tokensInShape)
    tokenizer.fail("max_tokens", std::to_string(maxTokens) + " does not match the tensor shape's " +
                                     std::to_string(tokensInShape) + " tokens");
  spec.maxTokens = static_cast<int>(maxTokens);
  spec.lowercase = tokenizer.boolean("lowercase", true);
  spec.padId = tokenizer.has("pad_id") ? tokenizer.integer("pad_id", "a vocabulary index") : 0;
  spec.unknownId = tokenizer.has("unknown_id") ? tokenizer.integer("unknown_id", "a vocabulary index") : 1;
  if (spec.padId < 0) tokenizer.fail("pad_id", "expected a vocabulary index >= 0");
  if (spec.unknownId < 0) tokenizer.fail("unknown_id", "expected a vocabulary index >= 0");
  std::error_code error;
  if (!std::filesystem::is_regular_file(spec.vocabulary, error))
    tokenizer.fail("vocabulary", "file not found: " + spec.vocabulary.string());
  return spec;
}

// An image classifier's category names, one per output column, distinct and not empty.
std::vector<std::string> readLabels(const FieldReader& output, std::int64_t columns) {
  const auto& value = output.require("labels", "a list of " + std::to_string(columns) + " category names");
  if (!value.is_array() || std::int64_t(value.size()) != columns)
    output.fail("labels", "expected a list of " + std::to_string(columns) + " category names (one per output column), got " +
                              value.dump());
  std::vector<std::string> labels;
  for (const auto& item : value) {
    if (!item.is_string() || item.get<std::string>().empty())
      output.fail("labels", "expected non-empty strings, got " + item.dump());
    const auto name = item.get<std::string>();
    if (std::find(labels.begin(), labels.end(), name) != labels.end())
      output.fail("labels", "\"" + name + "\" appears twice");
    labels.push_back(name);
  }
  return labels;
}

// The per-kind rules of the contract: what the input and output tensors are.
void readTensors(const FieldReader& root, ModelManifest& manifest) {
  const FieldReader input = root.object("input");
  const FieldReader output = root.object("output");
  TensorSpec& in = manifest.input;
  TensorSpec& out = manifest.output;
  switch (manifest.kind) {
    case ModelKind::ImageEmbedder:
      in.shape = readShape(input, 4, "3, H, W");
      if (in.shape[1] != 3) input.fail("shape", "image models take RGB: expected 3 channels, got " + in.shapeText());
      in.dtype = readDtype(input, TensorDtype::Float32, true);
      in.valueRange = readValueRange(input);
      readMeanStd(input, in);
      out.shape = readShape(output, 2, "D");
      out.dtype = readDtype(output, TensorDtype::Float32, false);
      break;
    case ModelKind::TextEmbedder:
      in.shape = readShape(input, 2, "max_tokens");
      in.dtype = readDtype(input, TensorDtype::Int64, true);
      in.tokenizer = readTokenizer(input, manifest.folder(), in.shape[1]);
      out.shape = readShape(output, 2, "D");
      out.dtype = readDtype(output, TensorDtype::Float32, false);
      break;
    case ModelKind::Generator:
      in.shape = readShape(input, 2, "D");
      in.dtype = readDtype(input, TensorDtype::Float32, true);
      out.shape = readShape(output, 4, "3, H, W");
      if (out.shape[1] != 3) output.fail("shape", "generators make RGB images: expected 3 channels, got " + out.shapeText());
      out.dtype = readDtype(output, TensorDtype::Float32, false);
      out.valueRange = readValueRange(output);
      break;
    case ModelKind::ImageClassifier:
      in.shape = readShape(input, 4, "3, H, W");
      if (in.shape[1] != 3) input.fail("shape", "image models take RGB: expected 3 channels, got " + in.shapeText());
      in.dtype = readDtype(input, TensorDtype::Float32, true);
      in.valueRange = readValueRange(input);
      readMeanStd(input, in);
      out.shape = readShape(output, 2, "C");
      out.dtype = readDtype(output, TensorDtype::Float32, false);
      manifest.labels = readLabels(output, out.shape[1]);
      break;
    case ModelKind::BrainDecoder:
      in.shape = readShape(input, 2, "V");
      in.dtype = readDtype(input, TensorDtype::Float32, true);
      out.shape = readShape(output, 2, "D");
      out.dtype = readDtype(output, TensorDtype::Float32, false);
      break;
    case ModelKind::Captioner:
      in.shape = readShape(input, 2, "D");
      in.dtype = readDtype(input, TensorDtype::Float32, true);
      out.shape = readShape(output, 2, "L");
      out.dtype = readDtype(output, TensorDtype::Int64, true);
      out.tokenizer = readTokenizer(output, manifest.folder(), out.shape[1]);
      break;
  }
  out.normalized = output.boolean("normalized", false);
  if (out.normalized && manifest.kind != ModelKind::ImageEmbedder && manifest.kind != ModelKind::TextEmbedder &&
      manifest.kind != ModelKind::BrainDecoder)
    output.fail("normalized", "only embedders and decoders produce rows that can be normalized");
}
}  // namespace

std::string_view modelKindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::ImageEmbedder: return "image_embedder";
    case ModelKind::TextEmbedder: return "text_embedder";
    case ModelKind::Generator: return "generator";
    case ModelKind::BrainDecoder: return "brain_decoder";
    case ModelKind::Captioner: return "captioner";
    case ModelKind::ImageClassifier: return "image_classifier";
  }
  return "unknown";
}

std::optional<ModelKind> modelKindFromName(std::string_view name) {
  for (const auto kind : {ModelKind::ImageEmbedder, ModelKind::TextEmbedder, ModelKind::Generator,
                          ModelKind::BrainDecoder, ModelKind::Captioner, ModelKind::ImageClassifier})
    if (modelKindName(kind) == name) return kind;
  return std::nullopt;
}

std::string_view tensorDtypeName(TensorDtype dtype) { return dtype == TensorDtype::Int64 ? "int64" : "float32"; }

std::string TensorSpec::shapeText() const {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::optional<std::pair<int, int>> parseMajorMinor(std::string_view version) {
  int parts[2] = {0, 0};
  std::size_t position = 0;
  for (int part = 0; part < 2; ++part) {
    if (part == 1) {
      if (position >= version.size() || version[position] != '.') return std::nullopt;
      ++position;
    }
    const std::size_t start = position;
    while (position < version.size() && std::isdigit(static_cast<unsigned char>(version[position])) &&
           position - start < 6)
      parts[part] = parts[part] * 10 + (version[position++] - '0');
    if (position == start) return std::nullopt;
  }
  return std::pair{parts[0], parts[1]};
}

ModelManifest parseModelManifest(const std::string& jsonText, const std::filesystem::path& manifestFile) {
  const json document = parseJsonText(jsonText, manifestFile);
  if (!document.is_object()) throw FormatError(manifestFile, "", "expected a JSON object, got " + typeName(document));
  const FieldReader root(document, "", manifestFile);

  const std::string format = root.string("format", "\"voxellens-model\"");
  if (format != "voxellens-model") root.fail("format", "expected \"voxellens-model\", got \"" + format + "\"");
  const auto version = root.integer("version", "1");
  if (version != 1) root.fail("version", "this VoxelLens reads version 1, got " + std::to_string(version));

  ModelManifest manifest;
  manifest.file = manifestFile;
  manifest.name = root.string("name", "a non-empty string");
  if (manifest.name.empty()) root.fail("name", "expected a non-empty string");
  const std::string kindName = root.string("kind", "a model kind");
  const auto kind = modelKindFromName(kindName);
  if (!kind)
    root.fail("kind", "unknown kind \"" + kindName +
                          "\"; expected image_embedder, text_embedder, generator, brain_decoder, captioner or image_classifier");
  manifest.kind = *kind;
  manifest.torchscript = manifest.folder() / bundlePath(root, "torchscript", "a file name such as \"model.pt\"");
  manifest.torchVersion = root.string("torch_version", "the exporter's torch version such as \"1.13.1\"");
  const auto majorMinor = parseMajorMinor(manifest.torchVersion);
  if (!majorMinor)
    root.fail("torch_version", "expected MAJOR.MINOR[.PATCH] such as \"1.13.1\", got \"" + manifest.torchVersion + "\"");
  std::tie(manifest.torchMajor, manifest.torchMinor) = *majorMinor;
  if (auto digest = root.optionalString("sha256")) {
    std::string lower;
    for (const char c : *digest) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.size() != 64 || lower.find_first_not_of("0123456789abcdef") != std::string::npos)
      root.fail("sha256", "expected 64 hexadecimal digits, got \"" + *digest + "\"");
    manifest.sha256 = lower;
  }
  readTensors(root, manifest);
  manifest.licence = root.optionalString("licence").value_or("");
  manifest.description = root.optionalString("description").value_or("");
  return manifest;
}

ModelManifest readModelManifest(const std::filesystem::path& bundleFolder) {
  const auto file = bundleFolder / "model.json";
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    throw FormatError(file, "", "not found: a model bundle is a folder with model.json beside its TorchScript file");
  const auto size = std::filesystem::file_size(file, error);
  if (error || size > kMaxManifestBytes)
    throw FormatError(file, "", "larger than 1 MB; expected a small JSON manifest");
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  if (!stream) throw FormatError(file, "", "cannot be read");
  return parseModelManifest(text.str(), file);
}

}  // namespace vl::core
