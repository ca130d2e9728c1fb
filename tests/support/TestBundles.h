#pragma once
// Model bundles written by tests: small TorchScript modules built with LibTorch's C++ API (no Python), with
// known weights so tests can compute the exact expected outputs, plus the model.json each needs. Tests change
// the manifests (nlohmann::json) to make bad bundles. LibTorch stays inside TestBundles.cpp.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vl::fixtures {

struct TestParameter {
  std::string name;
  std::vector<std::int64_t> shape;
  std::vector<float> values;  // row-major
};

// Saves a TorchScript module whose `forward` (and any helper methods) is `source`, with these parameters.
void saveTorchScript(const std::filesystem::path& file, const std::vector<TestParameter>& parameters,
                     const std::string& source);
void writeManifest(const std::filesystem::path& folder, const nlohmann::json& manifest);
void writeText(const std::filesystem::path& file, const std::string& text);

// Known weights of the test models.
// Image embedder: input [-1, 3, 8, 8], value_range [0, 1], mean {0.5, 0.4, 0.3}, std {0.25, 0.2, 0.1};
// forward: y = mean over pixels (per channel) @ W^T + b, then y / ||y||; D = 4.
extern const std::vector<float> kImageW;  // 4 x 3
extern const std::vector<float> kImageB;  // 4
// Text embedder: vocabulary kTextVocabulary, max_tokens 6, D = 3; forward: mean of E[id] over non-pad tokens,
// normalised.
extern const std::vector<std::string> kTextVocabulary;
extern const std::vector<float> kTextE;  // vocabulary x 3
// Generator: z [-1, 4] -> sigmoid(z @ W^T + b) viewed [-1, 3, 4, 4], value_range [0, 1].
extern const std::vector<float> kGeneratorW;  // 48 x 4
extern const std::vector<float> kGeneratorB;  // 48
// Brain decoder: r [-1, 5] -> r @ W^T + b, D = 3.
extern const std::vector<float> kDecoderW;  // 3 x 5
extern const std::vector<float> kDecoderB;  // 3

nlohmann::json imageEmbedderManifest();
nlohmann::json textEmbedderManifest();
nlohmann::json generatorManifest();
nlohmann::json brainDecoderManifest();
nlohmann::json captionerManifest();

// Each writes model.pt (+ vocab.txt) and the manifest (the default one unless given) into folder.
void writeImageEmbedder(const std::filesystem::path& folder, const nlohmann::json& manifest = imageEmbedderManifest(),
                        const std::string& finalLine = "return y / y.norm(2, [1], True)");
void writeTextEmbedder(const std::filesystem::path& folder, const nlohmann::json& manifest = textEmbedderManifest());
void writeGenerator(const std::filesystem::path& folder, const nlohmann::json& manifest = generatorManifest());
void writeBrainDecoder(const std::filesystem::path& folder, const nlohmann::json& manifest = brainDecoderManifest());
// A linear brain_decoder named `name`: r [-1, columns] -> r @ W^T + b, W `dimension` x `columns` row-major.
void writeLinearBrainDecoder(const std::filesystem::path& folder, const std::string& name, std::int64_t columns,
                             std::int64_t dimension, const std::vector<float>& weights, const std::vector<float>& bias);
// Captioner: z [-1, 5] -> ids (z > 0) + 2 ("a" or "red"), L = 5.
void writeCaptioner(const std::filesystem::path& folder, const nlohmann::json& manifest = captionerManifest());

// A CNN-sized image embedder for timing: two 3x3 convolutions (16 and 32 channels, stride 2), global pooling,
// linear to 128, normalised; input [-1, 3, size, size]. Random weights with a fixed seed.
void writeSmallCnnEmbedder(const std::filesystem::path& folder, int size);

}  // namespace vl::fixtures
