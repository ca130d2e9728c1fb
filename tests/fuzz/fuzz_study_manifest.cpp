// libFuzzer target: study.json, the manifest every study folder starts from (core/study/StudyManifest). The bytes
// become <private folder>/study.json and are read twice: without the existence checks (so the parser meets every
// field) and with them (so resolving relative paths meets every lying path). Only FormatError may escape.
#include <cstdint>
#include <filesystem>

#include "core/base/FormatError.h"
#include "core/study/StudyManifest.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = vl::fuzzing::writeFuzzInput(data, size, "study.json");
  for (const bool checkFiles : {false, true}) {
    try {
      const auto manifest = vl::core::readStudyManifest(file.parent_path(), checkFiles);
      for (const auto& layer : manifest.layers) (void)manifest.resolve(layer.file);
    } catch (const vl::core::FormatError&) {
    }
  }
  return 0;
}
