#pragma once
// Owns the VTK line actors of ROI outlines and of the selected ROI's highlight, and keeps them in step with the
// Study (ROI sets and their RoiDisplay) and with the surfaces the SurfaceManager draws: the shown surface (white,
// inflated, ...), the hemisphere offset of inflated surfaces, visibility, and the level-of-detail proxy while the
// camera moves. On the proxy the outline is the border of the labels carried to the proxy by its vertex map, the
// same map that colours the proxy's fill, so outline and fill agree while rotating too.
// Borders are computed once per (ROI set, surface) and cached until that set or surface leaves the Study.
#include <vtkSmartPointer.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/geometry/RoiBoundary.h"
#include "core/model/Study.h"
#include "render/LodProxy.h"
#include "render/RoiHighlight.h"

class vtkActor;
class vtkPolyData;
class vtkRenderer;

namespace vl::render {

class SurfaceManager;

class RoiOutlineManager {
public:
  RoiOutlineManager(vtkRenderer* renderer, const SurfaceManager& surfaces);
  ~RoiOutlineManager();
  RoiOutlineManager(const RoiOutlineManager&) = delete;
  RoiOutlineManager& operator=(const RoiOutlineManager&) = delete;

  // Rebuilds the actors from the Study and the surface actors (cheap when the borders are cached).
  void synchronise(const core::Study& study);
  void setHighlight(std::optional<RoiHighlight> highlight, const core::Study& study);
  const std::optional<RoiHighlight>& highlight() const { return highlight_; }
  // Offsets, visibility and full/proxy choice, from the surface actors (after a hemisphere filter or interaction
  // change).
  void updatePlacement();

  // What is drawn, for tests and benchmarks: the line geometry of an ROI set on a hemisphere (the full surface's,
  // or the proxy's), nullptr when that set draws no outline there.
  vtkPolyData* outline(std::size_t roiSet, core::Hemisphere hemisphere, bool proxy = false) const;
  vtkActor* outlineActor(std::size_t roiSet, core::Hemisphere hemisphere, bool proxy = false) const;
  vtkPolyData* highlightOutline(core::Hemisphere hemisphere) const;
  std::size_t drawnSegments() const;

private:
  struct Border;   // a cached boundary on one surface, with that surface's normals
  struct Outline;  // the full and proxy actors of one ROI set (or the highlight) on one hemisphere
  using BorderKey = std::pair<const core::Parcellation*, const core::Surface*>;

  std::shared_ptr<const Border> border(const std::shared_ptr<const core::Parcellation>& set, core::Hemisphere side,
                                       const std::shared_ptr<const core::Surface>& surface, bool smoothed);
  std::unique_ptr<Outline> makeOutline();
  void prune(const core::Study& study);

  vtkRenderer* renderer_;
  const SurfaceManager& surfaces_;
  std::map<BorderKey, std::shared_ptr<const Border>> borders_;
  std::vector<std::array<std::unique_ptr<Outline>, 2>> outlines_;  // per ROI set, per hemisphere
  std::array<std::unique_ptr<Outline>, 2> highlightOutlines_;
  std::optional<RoiHighlight> highlight_;
};

}  // namespace vl::render
