#pragma once
// A complete small study folder on disk (docs/study-format.md) for loader, GUI and CLI tests: two 642-vertex
// spheres; the left hemisphere's responses cover every third vertex, the right's all; 5 stimuli of 4x4 pixels;
// 6 training rows (value = row * 1000 + column) and 2 test rows of 0.5; one layer and one ROI set on the left.
#include <cstdint>
#include <vector>

#include "core/study/StudyManifest.h"
#include "core/model/Surface.h"
#include "tests/support/TempDir.h"

namespace vl::fixtures {

struct SmallStudyFolder {
  TempDir dir;
  core::Surface left, right;
  std::vector<std::int32_t> leftColumns;
  std::size_t columns = 0;
  std::vector<float> train;
  core::StudyManifest manifest;

  SmallStudyFolder();
};

}  // namespace vl::fixtures
