#pragma once
// The ROI the user selected (a label of one ROI set), drawn with a bright thick outline and a brighter fill.
// View state, not document state: it lives in the scene, not in the Study.
#include <array>
#include <cstddef>
#include <cstdint>

namespace vl::render {

struct RoiHighlight {
  std::size_t roiSet = 0;  // index into Study::roiSets()
  std::int32_t key = 0;
  bool operator==(const RoiHighlight&) const = default;
};

inline constexpr std::array<float, 3> kHighlightColour{1.0f, 0.92f, 0.2f};

}  // namespace vl::render
