#include "render/SurfaceActor.h"

#include <vtkActor.h>
#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

#include <cstring>

#include "core/geometry/VertexNormals.h"
#include "render/VtkMeshConversion.h"

namespace vl::render {
namespace {
vtkSmartPointer<vtkPolyData> shadedPolyData(const core::Surface& surface) {
  auto data = toPolyData(surface);
  // Our own smooth normals: without them the mapper would light each triangle flat.
  const auto normals = core::computeVertexNormals(surface.vertices, surface.triangles);
  auto array = vtkSmartPointer<vtkFloatArray>::New();
  array->SetNumberOfComponents(3);
  array->SetNumberOfTuples(static_cast<vtkIdType>(normals.size()));
  std::memcpy(array->GetPointer(0), normals.data(), normals.size() * sizeof(core::Vec3f));
  data->GetPointData()->SetNormals(array);
  return data;
}

void setColourArray(vtkPolyData* data, const std::uint8_t* rgba, std::size_t vertexCount) {
  auto colours = vtkSmartPointer<vtkUnsignedCharArray>::New();
  colours->SetName("colours");
  colours->SetNumberOfComponents(4);
  colours->SetNumberOfTuples(static_cast<vtkIdType>(vertexCount));
  std::memcpy(colours->GetPointer(0), rgba, 4 * vertexCount);
  data->GetPointData()->SetScalars(colours);
  data->Modified();
}

// Culls the side of a closed surface that faces away from a viewer outside it (LodProxy.h); nothing on open ones.
void cullHiddenSide(vtkActor* actor, core::SurfaceFacing facing) {
  actor->GetProperty()->SetBackfaceCulling(facing == core::SurfaceFacing::Outward);
  actor->GetProperty()->SetFrontfaceCulling(facing == core::SurfaceFacing::Inward);
}

void styleSurface(vtkActor* actor, vtkPolyDataMapper* mapper) {
  mapper->SetColorModeToDirectScalars();
  mapper->SetScalarModeToUsePointData();
  mapper->ScalarVisibilityOn();
  actor->SetMapper(mapper);
  auto* property = actor->GetProperty();
  property->SetInterpolationToGouraud();
  property->SetAmbient(0.10);
  property->SetDiffuse(0.85);
  property->SetSpecular(0.0);  // no highlight term in the shader: cheaper on software OpenGL
}
}  // namespace

SurfaceActor::SurfaceActor(vtkRenderer* renderer) : renderer_(renderer) {
  styleSurface(full_, fullMapper_);
  styleSurface(coarse_, coarseMapper_);
  renderer_->AddActor(full_);
  renderer_->AddActor(coarse_);
  updateVisibility();
}

SurfaceActor::~SurfaceActor() {
  renderer_->RemoveActor(full_);
  renderer_->RemoveActor(coarse_);
}

void SurfaceActor::setSurface(std::shared_ptr<const core::Surface> surface) {
  if (surface == surface_) return;
  surface_ = std::move(surface);
  proxy_.reset();
  cullHiddenSide(full_, core::SurfaceFacing::Undetermined);  // until the new surface's proxy says
  pickIndex_.reset();
  coarseData_ = nullptr;
  colours_.clear();
  fullData_ = surface_ ? shadedPolyData(*surface_) : nullptr;
  fullMapper_->SetInputData(fullData_);
  updateVisibility();
}

void SurfaceActor::setColours(std::vector<std::uint8_t> rgba) {
  if (!surface_ || rgba.size() != 4 * surface_->vertexCount()) return;
  colours_ = std::move(rgba);
  setColourArray(fullData_, colours_.data(), surface_->vertexCount());
  applyProxyColours();
}

void SurfaceActor::setProxy(std::shared_ptr<const LodProxy> proxy) {
  if (!proxy || proxy->source != surface_) return;
  proxy_ = std::move(proxy);
  cullHiddenSide(full_, proxy_->sourceFacing);
  cullHiddenSide(coarse_, proxy_->meshFacing);
  coarseData_ = shadedPolyData(proxy_->mesh);
  coarseMapper_->SetInputData(coarseData_);
  applyProxyColours();
  updateVisibility();
}

void SurfaceActor::setPickIndex(std::shared_ptr<const SurfacePickIndex> index) {
  if (index && index->source == surface_) pickIndex_ = std::move(index);
}

void SurfaceActor::applyProxyColours() {
  if (!proxy_ || colours_.empty()) return;
  std::vector<std::uint8_t> rgba(4 * proxy_->mesh.vertexCount());
  for (std::size_t v = 0; v < proxy_->sourceVertex.size(); ++v)
    std::memcpy(&rgba[4 * v], &colours_[4 * static_cast<std::size_t>(proxy_->sourceVertex[v])], 4);
  setColourArray(coarseData_, rgba.data(), proxy_->mesh.vertexCount());
}

void SurfaceActor::setInteracting(bool interacting) {
  interacting_ = interacting;
  updateVisibility();
}

void SurfaceActor::setVisible(bool visible) {
  visible_ = visible;
  updateVisibility();
}

void SurfaceActor::updateVisibility() {
  const bool useProxy = interacting_ && proxy_;
  full_->SetVisibility(visible_ && surface_ && !useProxy);
  coarse_->SetVisibility(visible_ && useProxy);
}

void SurfaceActor::setOffset(const core::Vec3f& offset) {
  offset_ = offset;
  full_->SetPosition(offset[0], offset[1], offset[2]);
  coarse_->SetPosition(offset[0], offset[1], offset[2]);
}

std::size_t SurfaceActor::drawnTriangles() const {
  if (!visible_ || !surface_) return 0;
  return interacting_ && proxy_ ? proxy_->mesh.triangleCount() : surface_->triangleCount();
}

}  // namespace vl::render
