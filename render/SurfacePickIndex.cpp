#include "render/SurfacePickIndex.h"

#include <vtkPolyData.h>
#include <vtkStaticCellLocator.h>

#include "render/VtkMeshConversion.h"

namespace vl::render {

std::shared_ptr<const SurfacePickIndex> buildPickIndex(std::shared_ptr<const core::Surface> source,
                                                       const core::JobContext& context) {
  auto index = std::make_shared<SurfacePickIndex>();
  index->source = std::move(source);
  index->mesh = toPolyData(*index->source);
  context.throwIfStopped();
  index->locator = vtkSmartPointer<vtkStaticCellLocator>::New();
  index->locator->SetDataSet(index->mesh);
  index->locator->SetNumberOfCellsPerNode(8);  // small buckets: fast queries, memory is cheap at this size
  index->locator->BuildLocator();
  return index;
}

std::optional<RayHit> intersectRay(const SurfacePickIndex& index, const double from[3], const double to[3]) {
  double p1[3] = {from[0], from[1], from[2]}, p2[3] = {to[0], to[1], to[2]};
  double t = 0, x[3], pcoords[3];
  int subId = 0;
  vtkIdType cell = -1;
  if (!index.locator->IntersectWithLine(p1, p2, 0.0, t, x, pcoords, subId, cell) || cell < 0) return std::nullopt;
  return RayHit{t, static_cast<std::int32_t>(cell), {float(x[0]), float(x[1]), float(x[2])}};
}

}  // namespace vl::render
