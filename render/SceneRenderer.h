#pragma once
// The 3D scene of a Study: a vtkRenderer with lights, the item managers that own the actors, and the camera.
// It observes the Study and updates its actors when the document changes. The window (widgets/BrainView) and the
// offscreen renderer (CLI, figure export) both draw through this class.
#include <vtkNew.h>

#include <memory>
#include <optional>

#include "core/model/Study.h"
#include "render/CameraState.h"
#include "render/ColourBarManager.h"
#include "render/ColourMap.h"
#include "render/RoiOutlineManager.h"
#include "render/SurfaceManager.h"
#include "render/ViewPreset.h"

class vtkRenderer;

namespace vl::render {

class SceneRenderer {
public:
  SceneRenderer();
  ~SceneRenderer();
  SceneRenderer(const SceneRenderer&) = delete;
  SceneRenderer& operator=(const SceneRenderer&) = delete;

  vtkRenderer* renderer() const { return renderer_; }
  void setStudy(std::shared_ptr<core::Study> study);
  const std::shared_ptr<core::Study>& study() const { return study_; }

  void applyViewPreset(const ViewPreset& preset);
  // The default view: both hemispheres from above, frontal poles at the top, no hemisphere filter.
  void resetCamera();
  std::optional<ViewPreset> currentPreset() const { return preset_; }
  CameraState cameraState() const;
  void setCameraState(const CameraState& state, std::optional<ViewPreset> preset = std::nullopt);
  void setParallelProjection(bool on);

  void setBackground(const Rgb& colour);
  Rgb background() const;

  // Level of detail: while interacting, hemispheres with a proxy draw the proxy.
  void setInteracting(bool interacting);
  void setLodProxy(std::shared_ptr<const LodProxy> proxy);
  void setPickIndex(std::shared_ptr<const SurfacePickIndex> index) { surfaces_.setPickIndex(std::move(index)); }
  std::size_t drawnTriangles() const { return surfaces_.drawnTriangles(); }
  SurfaceManager& surfaces() { return surfaces_; }
  const RoiOutlineManager& outlines() const { return outlines_; }
  // The selected ROI: thick bright outline and brighter fill; nullopt clears it.
  void setRoiHighlight(std::optional<RoiHighlight> highlight);
  const std::optional<RoiHighlight>& roiHighlight() const { return outlines_.highlight(); }
  const ColourBarManager& colourBar() const { return colourBar_; }

private:
  void updateOutlines(const core::StudyChange& change);
  void frameVisible(const std::array<double, 3>& direction, const std::array<double, 3>& up);
  // Frames a box (world coordinates: xmin, xmax, ymin, ymax, zmin, zmax) seen from direction. cornerShare: how much
  // of the box corners' projected spread to fit (below 1 for a rounded object inside the box, 1 for points that
  // reach its corners).
  void frameBounds(const std::array<double, 3>& direction, const std::array<double, 3>& up, const double bounds[6],
                   double cornerShare = 0.9);
  // The box around the response columns' vertices on the shown surfaces (with the hemispheres' display offsets),
  // or nullopt when the study has no responses.
  std::optional<std::array<double, 6>> responseColumnBounds() const;

  vtkNew<vtkRenderer> renderer_;
  SurfaceManager surfaces_;
  RoiOutlineManager outlines_;  // after surfaces_: it draws on the surfaces that manager shows
  ColourBarManager colourBar_;  // the top visible scalar layer's map, range and thresholds
  std::shared_ptr<core::Study> study_;
  int listenerToken_ = 0;
  std::optional<ViewPreset> preset_;
};

}  // namespace vl::render
