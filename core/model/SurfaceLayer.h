#pragma once
// Per-vertex data shown on the surfaces of both hemispheres: shading (curvature, sulcal depth), scalar maps
// (betas, R^2, selectivity) and parcellations (label keys). Values only: how they look is a LayerDisplay.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/Surface.h"

namespace vl::core {

enum class LayerKind { Shading, Scalar, Parcellation };

struct SurfaceLayer {
  std::string name;
  LayerKind kind = LayerKind::Scalar;
  // values[0] for the left hemisphere, values[1] for the right; one value per vertex, NaN where undefined.
  // An empty vector means the layer has no data on that hemisphere.
  std::array<std::vector<float>, 2> values;

  const std::vector<float>& valuesFor(Hemisphere hemisphere) const {
    return values[hemisphereIndex(hemisphere)];
  }
  std::vector<float>& valuesFor(Hemisphere hemisphere) { return values[hemisphereIndex(hemisphere)]; }
};

}  // namespace vl::core
