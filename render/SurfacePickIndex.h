#pragma once
// A cell locator over one full-resolution surface, so that picking a vertex under the mouse is fast enough for
// hover on a full hemisphere (a plain vtkCellPicker tests every triangle, too slow for that). Built on a worker thread from its own copy of the mesh; queried on the GUI thread.
#include <vtkSmartPointer.h>

#include <memory>
#include <optional>

#include "core/jobs/JobContext.h"
#include "core/model/Surface.h"

class vtkPolyData;
class vtkStaticCellLocator;

namespace vl::render {

struct SurfacePickIndex {
  std::shared_ptr<const core::Surface> source;  // the surface it indexes
  vtkSmartPointer<vtkPolyData> mesh;
  vtkSmartPointer<vtkStaticCellLocator> locator;
};

// Safe on a worker thread.
std::shared_ptr<const SurfacePickIndex> buildPickIndex(std::shared_ptr<const core::Surface> source,
                                                       const core::JobContext& context = {});

struct RayHit {
  double t = 0;            // along the ray, 0 at its start, 1 at its end
  std::int32_t triangle = 0;
  core::Vec3f point{};     // in the surface's own coordinates
};

// The first triangle the segment from -> to (surface coordinates) crosses.
std::optional<RayHit> intersectRay(const SurfacePickIndex& index, const double from[3], const double to[3]);

}  // namespace vl::render
