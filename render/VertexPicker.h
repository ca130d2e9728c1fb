#pragma once
// Which vertex is under a pixel: a cell pick against the full-resolution surfaces the scene draws, then the
// picked triangle's corner nearest to the hit point. Works on any shown surface (white, pial, inflated): vertex
// ids are shared by all surfaces of a hemisphere.
#include <optional>

#include "core/model/Surface.h"

namespace vl::render {

class SceneRenderer;

struct PickedVertex {
  core::Hemisphere hemisphere;
  std::int32_t vertex;
  core::Vec3f position;  // of the vertex on the shown surface
};

// x, y in render-window pixels with y = 0 at the bottom (VTK's convention). Needs a rendered frame.
std::optional<PickedVertex> pickVertex(SceneRenderer& scene, int x, int y);

}  // namespace vl::render
