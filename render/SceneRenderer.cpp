#include "render/SceneRenderer.h"

#include "core/study/Experiment.h"

#include <vtkCamera.h>
#include <vtkLight.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>

namespace vl::render {

SceneRenderer::SceneRenderer() : surfaces_(renderer_), outlines_(renderer_, surfaces_), colourBar_(renderer_) {
  renderer_->SetBackground(1.0, 1.0, 1.0);
  renderer_->SetBackgroundAlpha(1.0);  // opaque: grabbed widget images must look like the screen
  renderer_->AutomaticLightCreationOff();
  // A headlight and a key light from above-left, both moving with the camera. Each light costs a software renderer
  // a full lighting pass per fragment (a five-light kit halves the frame rate), and two are enough for the walls of
  // sulci to read, with curvature shading doing the rest.
  vtkNew<vtkLight> head;
  head->SetLightTypeToHeadlight();
  head->SetIntensity(0.75);
  renderer_->AddLight(head);
  vtkNew<vtkLight> key;
  key->SetLightTypeToCameraLight();
  key->SetPosition(-0.6, 0.8, 1.0);  // camera coordinates: left, up, towards the viewer
  key->SetFocalPoint(0, 0, 0);
  key->SetIntensity(0.45);
  renderer_->AddLight(key);
  renderer_->UseFXAAOn();  // smooth silhouettes without multisampling, which llvmpipe makes slow
}

SceneRenderer::~SceneRenderer() {
  if (study_) study_->removeListener(listenerToken_);
}

void SceneRenderer::setStudy(std::shared_ptr<core::Study> study) {
  if (study_) study_->removeListener(listenerToken_);
  study_ = std::move(study);
  if (!study_) {
    colourBar_.hide();
    return;
  }
  listenerToken_ = study_->addListener([this](const core::StudyChange& change) {
    surfaces_.onChange(*study_, change);
    updateOutlines(change);
    colourBar_.update(*study_);  // cheap (a 256-entry table): every change, so the bar never lags the surface
  });
  surfaces_.setHighlight(std::nullopt, *study_);  // a selection belongs to the study it was made in
  surfaces_.synchronise(*study_);
  colourBar_.update(*study_);
  surfaces_.setHemisphereFilter(preset_ ? preset_->hemisphere : std::nullopt, *study_);
  outlines_.setHighlight(std::nullopt, *study_);
  outlines_.synchronise(*study_);
}

void SceneRenderer::updateOutlines(const core::StudyChange& change) {
  using Kind = core::StudyChange::Kind;
  switch (change.kind) {
    case Kind::Surfaces:
    case Kind::RoiSets: outlines_.synchronise(*study_); break;
    case Kind::Visibility: outlines_.updatePlacement(); break;
    default: break;  // scalar layers do not move borders
  }
}

void SceneRenderer::setRoiHighlight(std::optional<RoiHighlight> highlight) {
  if (!study_) return;
  surfaces_.setHighlight(highlight, *study_);
  outlines_.setHighlight(highlight, *study_);
}

void SceneRenderer::frameVisible(const std::array<double, 3>& direction, const std::array<double, 3>& up) {
  double bounds[6];
  renderer_->ComputeVisiblePropBounds(bounds);
  if (bounds[0] > bounds[1]) {  // nothing visible: keep the direction
    auto* camera = renderer_->GetActiveCamera();
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(direction.data());
    camera->SetViewUp(up.data());
    return;
  }
  frameBounds(direction, up, bounds);
}

std::optional<std::array<double, 6>> SceneRenderer::responseColumnBounds() const {
  if (!study_ || !study_->experiment()) return std::nullopt;
  const auto& columns = study_->experiment()->columns;
  std::array<double, 6> box{1e300, -1e300, 1e300, -1e300, 1e300, -1e300};
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    const auto surface = study_->shownSurface(side);
    if (!surface || !study_->hemisphere(side).visible) continue;
    const auto& offset = surfaces_.actor(side).offset();
    for (const auto vertex : columns.columnVertices(side)) {
      if (vertex < 0 || static_cast<std::size_t>(vertex) >= surface->vertexCount()) continue;
      const auto& p = surface->vertices[static_cast<std::size_t>(vertex)];
      for (int axis = 0; axis < 3; ++axis) {
        box[2 * axis] = std::min(box[2 * axis], double(p[axis] + offset[axis]));
        box[2 * axis + 1] = std::max(box[2 * axis + 1], double(p[axis] + offset[axis]));
      }
    }
  }
  if (box[0] > box[1]) return std::nullopt;
  return box;
}

void SceneRenderer::frameBounds(const std::array<double, 3>& direction, const std::array<double, 3>& up,
                                const double boundsIn[6], double cornerShare) {
  double bounds[6];
  std::copy(boundsIn, boundsIn + 6, bounds);
  auto* camera = renderer_->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(direction.data());
  camera->SetViewUp(up.data());
  renderer_->ResetCamera(bounds);  // centres the box, keeping the direction, at a distance for its sphere
  // ResetCamera fits the bounding sphere, which leaves a brain seen from the side small in a wide view and can cut
  // it in a narrow one. Fit what the camera really sees instead: the bounds' corners in view coordinates (with
  // perspective and the window's aspect), inside the part of the view left of the colour bar when one is shown.
  constexpr double kColourBarShare = 0.16;  // of the view's width, at its right
  const double right = colourBar_.isVisible() ? 1.0 - 2.0 * kColourBarShare : 1.0;  // usable x: [-1, right]
  for (int pass = 0; pass < 3; ++pass) {  // perspective makes one step approximate; three settle it
    double low[2] = {1e300, 1e300}, high[2] = {-1e300, -1e300};
    for (int corner = 0; corner < 8; ++corner) {
      renderer_->SetWorldPoint(bounds[(corner & 1) ? 1 : 0], bounds[(corner & 2) ? 3 : 2], bounds[(corner & 4) ? 5 : 4],
                               1.0);
      renderer_->WorldToView();
      double point[3];
      renderer_->GetViewPoint(point);
      for (int axis = 0; axis < 2; ++axis) {
        low[axis] = std::min(low[axis], point[axis]);
        high[axis] = std::max(high[axis], point[axis]);
      }
    }
    // Box corners overstate the outline of a rounded brain: 0.9 of their spread, plus a margin, frames it snugly.
    const double spread = cornerShare * 1.06 * std::max((high[0] - low[0]) / (right + 1.0), (high[1] - low[1]) / 2.0);
    if (!(spread > 0)) break;
    // Move the camera sideways so that the box's centre lands in the middle of the usable part, then zoom.
    const double shiftView[2] = {0.5 * (low[0] + high[0]) - 0.5 * (right - 1.0), 0.5 * (low[1] + high[1])};
    const double halfHeight = camera->GetDistance() * std::tan(0.5 * camera->GetViewAngle() * M_PI / 180.0);
    int* size = renderer_->GetSize();
    const double aspect = size[1] > 0 ? double(size[0]) / double(size[1]) : 1.0;
    double viewUp[3], forward[3], side[3], position[3], focal[3];
    camera->GetViewUp(viewUp);
    camera->GetDirectionOfProjection(forward);
    side[0] = forward[1] * viewUp[2] - forward[2] * viewUp[1];
    side[1] = forward[2] * viewUp[0] - forward[0] * viewUp[2];
    side[2] = forward[0] * viewUp[1] - forward[1] * viewUp[0];
    camera->GetPosition(position);
    camera->GetFocalPoint(focal);
    for (int i = 0; i < 3; ++i) {
      const double move = shiftView[0] * halfHeight * aspect * side[i] + shiftView[1] * halfHeight * viewUp[i];
      position[i] += move;
      focal[i] += move;
    }
    camera->SetPosition(position);
    camera->SetFocalPoint(focal);
    camera->Zoom(1.0 / spread);
  }
  renderer_->ResetCameraClippingRange();
}

void SceneRenderer::applyViewPreset(const ViewPreset& preset) {
  preset_ = preset;
  if (study_) surfaces_.setHemisphereFilter(preset.hemisphere, *study_);
  outlines_.updatePlacement();
  frameVisible(preset.cameraDirection(), preset.viewUp());
}

void SceneRenderer::resetCamera() {
  preset_.reset();
  if (study_) surfaces_.setHemisphereFilter(std::nullopt, *study_);
  outlines_.updatePlacement();
  // A study with responses opens on what they are about: visual cortex, from behind and below, framed on the
  // response columns. Surfaces alone open from above with the frontal poles at the top: both hemispheres and the
  // midline in one view.
  if (const auto columns = responseColumnBounds()) {
    const ViewPreset occipital{View::Occipital, std::nullopt};
    frameBounds(occipital.cameraDirection(), occipital.viewUp(), columns->data(), 1.0);
    return;
  }
  frameVisible({0, 0, 1}, {0, 1, 0});
}

CameraState SceneRenderer::cameraState() const { return CameraState::from(renderer_->GetActiveCamera()); }

void SceneRenderer::setCameraState(const CameraState& state, std::optional<ViewPreset> preset) {
  preset_ = preset;
  if (study_) surfaces_.setHemisphereFilter(preset ? preset->hemisphere : std::nullopt, *study_);
  outlines_.updatePlacement();
  state.applyTo(renderer_->GetActiveCamera());
  renderer_->ResetCameraClippingRange();
}

void SceneRenderer::setParallelProjection(bool on) {
  auto* camera = renderer_->GetActiveCamera();
  if (on && !camera->GetParallelProjection()) {
    // Keep the apparent size: parallel scale = half the height seen at the focal distance.
    camera->SetParallelScale(camera->GetDistance() * std::tan(0.5 * camera->GetViewAngle() * M_PI / 180.0));
  }
  camera->SetParallelProjection(on);
  renderer_->ResetCameraClippingRange();
}

void SceneRenderer::setBackground(const Rgb& colour) {
  renderer_->SetBackground(colour[0], colour[1], colour[2]);
  colourBar_.setBackground(colour);
}

Rgb SceneRenderer::background() const {
  double c[3];
  renderer_->GetBackground(c);
  return {float(c[0]), float(c[1]), float(c[2])};
}

void SceneRenderer::setInteracting(bool interacting) {
  surfaces_.setInteracting(interacting);
  outlines_.updatePlacement();  // outlines follow the surface to its proxy and back
  // Antialiasing is a full-screen pass, expensive for a software renderer: only at rest.
  renderer_->SetUseFXAA(!interacting);
}

void SceneRenderer::setLodProxy(std::shared_ptr<const LodProxy> proxy) {
  surfaces_.setLodProxy(std::move(proxy));
  if (study_) outlines_.synchronise(*study_);  // outlines (and the highlight) for the new proxy
}

}  // namespace vl::render
