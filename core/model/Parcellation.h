#pragma once
// An ROI set: a label key per vertex on each hemisphere and a table of label names and colours.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/Surface.h"

namespace vl::core {

struct Label {
  std::int32_t key = 0;
  std::string name;
  std::array<float, 4> rgba{0.5f, 0.5f, 0.5f, 1.0f};
};

struct Parcellation {
  std::string name;
  std::array<std::vector<std::int32_t>, 2> keys;  // per vertex, left then right hemisphere
  std::vector<Label> labels;

  const std::vector<std::int32_t>& keysFor(Hemisphere hemisphere) const {
    return keys[hemisphereIndex(hemisphere)];
  }
};

}  // namespace vl::core
