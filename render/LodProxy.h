#pragma once
// The coarse stand-in drawn while the user drags the camera: a decimation of the full surface plus, for
// each proxy vertex, the nearest full-resolution vertex, so that any per-vertex colouring of the full mesh maps
// onto the proxy exactly (same colours, same ROI boundaries to within the proxy's resolution).
#include <cstdint>
#include <memory>
#include <vector>

#include "core/geometry/MeshOrientation.h"
#include "core/jobs/JobContext.h"
#include "core/model/Surface.h"

namespace vl::render {

struct LodProxy {
  std::shared_ptr<const core::Surface> source;  // the full surface this proxy stands for
  core::Surface mesh;
  std::vector<std::int32_t> sourceVertex;  // per proxy vertex, the nearest vertex of `source`
  // Which side each mesh's triangles face when it is closed (core/geometry/MeshOrientation.h): the actor culls the
  // hidden side, which on a closed cortical surface seen from outside changes no pixel and saves the software
  // rasteriser about half of the triangles. Found here because this is the surface's one background preparation.
  core::SurfaceFacing sourceFacing = core::SurfaceFacing::Undetermined;
  core::SurfaceFacing meshFacing = core::SurfaceFacing::Undetermined;
};

// Safe to call on a worker thread (no rendering involved). targetTriangles is approximate.
LodProxy buildLodProxy(std::shared_ptr<const core::Surface> source, std::size_t targetTriangles,
                       const core::JobContext& context = {});

}  // namespace vl::render
