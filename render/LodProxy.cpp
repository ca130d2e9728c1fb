#include "render/LodProxy.h"

#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkQuadricDecimation.h>
#include <vtkStaticPointLocator.h>

#include <algorithm>

#include "core/geometry/MeshOrientation.h"
#include "render/VtkMeshConversion.h"

namespace vl::render {

LodProxy buildLodProxy(std::shared_ptr<const core::Surface> source, std::size_t targetTriangles,
                       const core::JobContext& context) {
  LodProxy proxy;
  proxy.source = source;
  auto full = toPolyData(*source);
  const double reduction =
      source->triangleCount() > targetTriangles ? 1.0 - double(targetTriangles) / double(source->triangleCount()) : 0.0;
  vtkNew<vtkQuadricDecimation> decimate;
  decimate->SetInputData(full);
  decimate->SetTargetReduction(reduction);
  decimate->VolumePreservationOn();
  decimate->Update();
  context.throwIfStopped();
  proxy.mesh = toSurface(decimate->GetOutput(), source->hemisphere, source->kind);
  core::orientOutward(proxy.mesh);

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
