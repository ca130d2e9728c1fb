// libFuzzer target: model.json, the manifest of a model bundle (core/ml/ModelManifest: parsed without LibTorch,
// so this target compiles that one file instead of linking the LibTorch library). Everything a listing prints is
// touched (shapes, names, version) so a half-validated field shows. Only FormatError may escape.
#include <cstdint>
#include <string>

#include "core/base/FormatError.h"
#include "core/ml/ModelManifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto manifest = vl::core::parseModelManifest(text, "/fuzz/bundle/model.json");
    std::size_t touched = manifest.name.size() + manifest.labels.size() + manifest.torchVersion.size();
    touched += manifest.input.shapeText().size() + manifest.output.shapeText().size();
    (void)vl::core::parseMajorMinor(manifest.torchVersion);
    if (touched == 0) return 0;
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
