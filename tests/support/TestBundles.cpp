#include "tests/support/TestBundles.h"

#include <torch/script.h>

#include <fstream>
#include <stdexcept>

namespace vl::fixtures {
namespace {
std::vector<float> sequence(std::size_t count, float scale, float offset) {
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) values[i] = float(int((i * 37 + 11) % 23) - 11) * scale + offset;
  return values;
}

nlohmann::json baseManifest(const std::string& name, const std::string& kind) {
  return {{"format", "voxellens-model"}, {"version", 1},          {"name", name},
          {"kind", kind},                {"torchscript", "model.pt"}, {"torch_version", "1.13.1"},
          {"licence", "CC0-1.0"},        {"description", "test bundle"}};
}

void writeVocabulary(const std::filesystem::path& folder) {
  std::string text;
  for (const auto& word : kTextVocabulary) text += word + "\n";
  writeText(folder / "vocab.txt", text);
}
}  // namespace

const std::vector<float> kImageW = {0.5f, -1.0f, 0.25f, 1.5f, 0.5f, -0.75f, -0.2f, 0.3f, 1.1f, 0.9f, 0.1f, 0.4f};
const std::vector<float> kImageB = {0.1f, -0.2f, 0.05f, 0.3f};
const std::vector<std::string> kTextVocabulary = {"<pad>", "<unk>", "a", "red", "face", "small", "house", "42"};
const std::vector<float> kTextE = {0, 0, 0,  1, 1, 1,  1, 0, 0,  0, 2, 0,  0, 0, 3,  1, 2, 0,  -1, 0, 1,  0.5f, 0.5f, -2};
const std::vector<float> kGeneratorW = sequence(48 * 4, 0.15f, 0.0f);
const std::vector<float> kGeneratorB = sequence(48, 0.05f, 0.1f);
const std::vector<float> kDecoderW = {1, 0, 0, 2, -1, 0, 1, 0, 0, 0.5f, 0.25f, 0.25f, 0.25f, 0.25f, 0};
const std::vector<float> kDecoderB = {0.5f, -0.5f, 0};

void saveTorchScript(const std::filesystem::path& file, const std::vector<TestParameter>& parameters,
                     const std::string& source) {
  torch::jit::Module module("__torch__.TestModel");
  for (const auto& parameter : parameters) {
    auto tensor = torch::tensor(parameter.values, torch::kFloat).view(parameter.shape).clone();
    module.register_parameter(parameter.name, tensor, /*is_buffer=*/false);
  }
  module.define(source);
  module.save(file.string());
}

void writeText(const std::filesystem::path& file, const std::string& text) {
  std::ofstream stream(file, std::ios::binary);
  stream << text;
  if (!stream) throw std::runtime_error("cannot write " + file.string());
}

void writeManifest(const std::filesystem::path& folder, const nlohmann::json& manifest) {
  std::filesystem::create_directories(folder);
  writeText(folder / "model.json", manifest.dump(2));
}

nlohmann::json imageEmbedderManifest() {
  auto manifest = baseManifest("test-image", "image_embedder");
  manifest["input"] = {{"shape", {-1, 3, 8, 8}},
                       {"dtype", "float32"},
                       {"value_range", {0.0, 1.0}},
                       {"mean", {0.5, 0.4, 0.3}},
                       {"std", {0.25, 0.2, 0.1}}};
  manifest["output"] = {{"shape", {-1, 4}}, {"normalized", true}};
  return manifest;
}

nlohmann::json textEmbedderManifest() {
  auto manifest = baseManifest("test-text", "text_embedder");
  manifest["input"] = {{"shape", {-1, 6}},
                       {"dtype", "int64"},
                       {"tokenizer",
                        {{"kind", "word"},
                         {"vocabulary", "vocab.txt"},
                         {"max_tokens", 6},
                         {"lowercase", true},
                         {"pad_id", 0},
                         {"unknown_id", 1}}}};
  manifest["output"] = {{"shape", {-1, 3}}, {"normalized", true}};
  return manifest;
}

nlohmann::json generatorManifest() {
  auto manifest = baseManifest("test-generator", "generator");
  manifest["input"] = {{"shape", {-1, 4}}, {"dtype", "float32"}};
  manifest["output"] = {{"shape", {-1, 3, 4, 4}}, {"value_range", {0.0, 1.0}}};
  return manifest;
}

nlohmann::json brainDecoderManifest() {
  auto manifest = baseManifest("test-decoder", "brain_decoder");
  manifest["input"] = {{"shape", {-1, 5}}, {"dtype", "float32"}};
  manifest["output"] = {{"shape", {-1, 3}}, {"normalized", false}};
  return manifest;
}

nlohmann::json captionerManifest() {
  auto manifest = baseManifest("test-captioner", "captioner");
  manifest["input"] = {{"shape", {-1, 5}}, {"dtype", "float32"}};
  manifest["output"] = {{"shape", {-1, 5}},
                        {"dtype", "int64"},
                        {"tokenizer", {{"kind", "word"}, {"vocabulary", "vocab.txt"}, {"max_tokens", 5}}}};
  return manifest;
}

void writeImageEmbedder(const std::filesystem::path& folder, const nlohmann::json& manifest,
                        const std::string& finalLine) {
  writeManifest(folder, manifest);
  const auto columns = std::int64_t(kImageW.size() / 4);
  saveTorchScript(folder / "model.pt", {{"W", {4, columns}, kImageW}, {"b", {4}, kImageB}},
                  "def forward(self, x):\n"
                  "    pooled = x.mean(dim=[2, 3])\n"
                  "    y = pooled.matmul(self.W.t()) + self.b\n"
                  "    " + finalLine + "\n");
}

void writeTextEmbedder(const std::filesystem::path& folder, const nlohmann::json& manifest) {
  writeManifest(folder, manifest);
  writeVocabulary(folder);
  saveTorchScript(folder / "model.pt", {{"E", {std::int64_t(kTextVocabulary.size()), 3}, kTextE}},
                  R"JIT(
def forward(self, ids):
    mask = ids.ne(0).unsqueeze(2).float()
    summed = (torch.embedding(self.E, ids) * mask).sum(dim=1)
    y = summed / mask.sum(dim=1).clamp(min=1.0)
    return y / y.norm(2, [1], True).clamp(min=1e-8)
)JIT");
}

void writeGenerator(const std::filesystem::path& folder, const nlohmann::json& manifest) {
  writeManifest(folder, manifest);
  saveTorchScript(folder / "model.pt", {{"W", {48, 4}, kGeneratorW}, {"b", {48}, kGeneratorB}}, R"JIT(
def forward(self, z):
    return torch.sigmoid(z.matmul(self.W.t()) + self.b).view(-1, 3, 4, 4)
)JIT");
}

void writeLinearBrainDecoder(const std::filesystem::path& folder, const std::string& name, std::int64_t columns,
                             std::int64_t dimension, const std::vector<float>& weights, const std::vector<float>& bias) {
  auto manifest = baseManifest(name, "brain_decoder");
  manifest["input"] = {{"shape", {-1, columns}}, {"dtype", "float32"}};
  manifest["output"] = {{"shape", {-1, dimension}}, {"normalized", false}};
  writeManifest(folder, manifest);
  saveTorchScript(folder / "model.pt", {{"W", {dimension, columns}, weights}, {"b", {dimension}, bias}}, R"JIT(
def forward(self, r):
    return r.matmul(self.W.t()) + self.b
)JIT");
}

void writeBrainDecoder(const std::filesystem::path& folder, const nlohmann::json& manifest) {
  writeManifest(folder, manifest);
  saveTorchScript(folder / "model.pt", {{"W", {3, 5}, kDecoderW}, {"b", {3}, kDecoderB}}, R"JIT(
def forward(self, r):
    return r.matmul(self.W.t()) + self.b
)JIT");
}

void writeCaptioner(const std::filesystem::path& folder, const nlohmann::json& manifest) {
  writeManifest(folder, manifest);
  writeVocabulary(folder);
  saveTorchScript(folder / "model.pt", {}, R"JIT(
def forward(self, z):
    return z.gt(0.0).long() + 2
)JIT");
}

void writeSmallCnnEmbedder(const std::filesystem::path& folder, int size) {
  auto manifest = imageEmbedderManifest();
  manifest["name"] = "test-small-cnn";
  manifest["input"]["shape"] = {-1, 3, size, size};
  manifest["output"]["shape"] = {-1, 128};
  writeManifest(folder, manifest);
  torch::manual_seed(7);
  auto random = [](std::vector<std::int64_t> shape, float scale) {
    const auto tensor = (torch::randn(shape) * scale).contiguous();
    return TestParameter{"", shape, std::vector<float>(tensor.data_ptr<float>(), tensor.data_ptr<float>() + tensor.numel())};
  };
  auto c1 = random({16, 3, 3, 3}, 0.2f), c2 = random({32, 16, 3, 3}, 0.1f), l = random({128, 32}, 0.2f);
  c1.name = "c1";
  c2.name = "c2";
  l.name = "l";
  saveTorchScript(folder / "model.pt", {c1, c2, l}, R"JIT(
def forward(self, x):
    h = torch.relu(torch.conv2d(x, self.c1, None, [2, 2], [1, 1]))
    h = torch.relu(torch.conv2d(h, self.c2, None, [2, 2], [1, 1]))
    y = h.mean(dim=[2, 3]).matmul(self.l.t())
    return y / y.norm(2, [1], True)
)JIT");
}

}  // namespace vl::fixtures
