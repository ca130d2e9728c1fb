#include "render/LodProxy.h"

#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkQuadricClustering.h>
#include <vtkQuadricDecimation.h>
#include <vtkStaticPointLocator.h>

#include <algorithm>
#include <cmath>

#include "core/geometry/MeshOrientation.h"
#include "render/VtkMeshConversion.h"

namespace vl::render {

namespace {
// Quadric clustering: linear time, a fraction of a second for a 340k-triangle hemisphere.
vtkSmartPointer<vtkPolyData> cluster(vtkPolyData* full, const int divisions[3]) {
  vtkNew<vtkQuadricClustering> clustering;
  clustering->SetInputData(full);
  clustering->SetNumberOfDivisions(divisions[0], divisions[1], divisions[2]);
  clustering->UseInputPointsOff();
  clustering->CopyCellDataOff();
  clustering->Update();
  return clustering->GetOutput();
}

// Clustering with the division count corrected until the triangle count is within 15% of the target.
vtkSmartPointer<vtkPolyData> clusterTo(vtkPolyData* full, std::size_t targetTriangles) {
  double bounds[6];
  full->GetBounds(bounds);
  const double extent[3] = {std::max(bounds[1] - bounds[0], 1e-6), std::max(bounds[3] - bounds[2], 1e-6),
                            std::max(bounds[5] - bounds[4], 1e-6)};
  // Triangles scale with the surface area, i.e. with the square of the divisions: guess, measure, correct.
  double cell = std::cbrt(extent[0] * extent[1] * extent[2]) / 80.0;
  vtkSmartPointer<vtkPolyData> coarse;
  for (int attempt = 0; attempt < 4; ++attempt) {
    int divisions[3];
    for (int d = 0; d < 3; ++d) divisions[d] = std::max(2, static_cast<int>(std::lround(extent[d] / cell)));
    coarse = cluster(full, divisions);
    const double produced = std::max<vtkIdType>(1, coarse->GetNumberOfPolys());
    if (std::abs(produced - double(targetTriangles)) < 0.15 * double(targetTriangles)) break;
    cell *= std::sqrt(produced / double(std::max<std::size_t>(targetTriangles, 1)));
  }
  return coarse;
}
}  // namespace

LodProxy buildLodProxy(std::shared_ptr<const core::Surface> source, std::size_t targetTriangles,
                       const core::JobContext& context) {
  LodProxy proxy;
  proxy.source = source;
  auto full = toPolyData(*source);
  // Two stages: clustering to five times the target on cells small enough (about 1 mm on a cortical hemisphere)
  // not to merge the two banks of a sulcus, then quadric edge collapse, which keeps the folds' shape, on that much
  // smaller mesh. Edge collapse alone on the full mesh takes seconds per hemisphere.
  vtkSmartPointer<vtkPolyData> coarse = full;
  if (source->triangleCount() > 5 * targetTriangles) {
    coarse = clusterTo(full, 5 * targetTriangles);
    context.throwIfStopped();
  }
  vtkNew<vtkQuadricDecimation> decimate;
  decimate->SetInputData(coarse);
  const auto current = static_cast<double>(coarse->GetNumberOfPolys());
  decimate->SetTargetReduction(current > double(targetTriangles) ? 1.0 - double(targetTriangles) / current : 0.0);
  decimate->VolumePreservationOn();
  decimate->Update();
  context.throwIfStopped();
  proxy.mesh = toSurface(decimate->GetOutput(), source->hemisphere, source->kind);
  core::orientOutward(proxy.mesh);
  proxy.meshFacing = core::closedSurfaceFacing(proxy.mesh);
  proxy.sourceFacing = core::closedSurfaceFacing(*source);
  context.throwIfStopped();

  vtkNew<vtkStaticPointLocator> locator;
  locator->SetDataSet(full);
  locator->BuildLocator();
  proxy.sourceVertex.resize(proxy.mesh.vertexCount());
  for (std::size_t v = 0; v < proxy.mesh.vertexCount(); ++v) {
    const double p[3] = {proxy.mesh.vertices[v][0], proxy.mesh.vertices[v][1], proxy.mesh.vertices[v][2]};
    proxy.sourceVertex[v] = static_cast<std::int32_t>(locator->FindClosestPoint(p));
  }
  return proxy;
}

}  // namespace vl::render
