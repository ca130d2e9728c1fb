#pragma once
// Keeps one SurfaceActor per hemisphere in step with the Study: the shown surface, its composed layer colours
// and its visibility (the document's choice and the view's hemisphere filter). When both hemispheres show
// inflated (or very inflated, or spherical) surfaces, which overlap at the midline, they are moved apart.
#include <array>
#include <memory>
#include <optional>

#include "core/model/Study.h"
#include "render/RoiHighlight.h"
#include "render/SurfaceActor.h"

namespace vl::render {

class SurfaceManager {
public:
  explicit SurfaceManager(vtkRenderer* renderer);

  void synchronise(const core::Study& study);  // everything, e.g. after setStudy
  void onChange(const core::Study& study, const core::StudyChange& change);
  // The view's own restriction (per-hemisphere presets); nullopt shows what the document shows.
  void setHemisphereFilter(std::optional<core::Hemisphere> only, const core::Study& study);
  void setInteracting(bool interacting);
  void setLodProxy(std::shared_ptr<const LodProxy> proxy);
  void setPickIndex(std::shared_ptr<const SurfacePickIndex> index);
  std::size_t drawnTriangles() const;
  bool anyVisible() const;
  SurfaceActor& actor(core::Hemisphere h) { return *actors_[core::hemisphereIndex(h)]; }
  const SurfaceActor& actor(core::Hemisphere h) const { return *actors_[core::hemisphereIndex(h)]; }
  // The selected ROI's fill is drawn brighter.
  void setHighlight(std::optional<RoiHighlight> highlight, const core::Study& study);

private:
  void updateGeometry(const core::Study& study);
  void updateColours(const core::Study& study);
  void updateVisibility(const core::Study& study);
  void updateSeparation();

  std::array<std::unique_ptr<SurfaceActor>, 2> actors_;
  std::optional<core::Hemisphere> filter_;
  std::optional<RoiHighlight> highlight_;
};

}  // namespace vl::render
