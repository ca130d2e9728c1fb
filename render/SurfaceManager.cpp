#include "render/SurfaceManager.h"

#include "render/VertexColours.h"

#include <algorithm>

namespace vl::render {
namespace {
constexpr core::Hemisphere kSides[2] = {core::Hemisphere::Left, core::Hemisphere::Right};
}

SurfaceManager::SurfaceManager(vtkRenderer* renderer) {
  for (auto& actor : actors_) actor = std::make_unique<SurfaceActor>(renderer);
}

void SurfaceManager::synchronise(const core::Study& study) {
  updateGeometry(study);
  updateColours(study);
  updateVisibility(study);
}

void SurfaceManager::onChange(const core::Study& study, const core::StudyChange& change) {
  using Kind = core::StudyChange::Kind;
  switch (change.kind) {
    case Kind::Surfaces: synchronise(study); break;
    case Kind::Visibility: updateVisibility(study); break;
    case Kind::LayerAdded:
    case Kind::LayerRemoved:
    case Kind::LayerOrder:
    case Kind::LayerDisplay: updateColours(study); break;
    case Kind::RoiSets: updateColours(study); break;  // ROI fills are part of the vertex colours
    case Kind::Experiment: break;                    // responses are not drawn until a layer is made of them
    case Kind::ReferenceSurface: break;              // sampling geometry: nothing drawn changes
  }
}

void SurfaceManager::setHemisphereFilter(std::optional<core::Hemisphere> only, const core::Study& study) {
  filter_ = only;
  updateVisibility(study);
}

void SurfaceManager::setInteracting(bool interacting) {
  for (auto& actor : actors_) actor->setInteracting(interacting);
}

void SurfaceManager::setLodProxy(std::shared_ptr<const LodProxy> proxy) {
  if (!proxy || !proxy->source) return;
  actor(proxy->source->hemisphere).setProxy(std::move(proxy));
}

void SurfaceManager::setPickIndex(std::shared_ptr<const SurfacePickIndex> index) {
  if (!index || !index->source) return;
  actor(index->source->hemisphere).setPickIndex(std::move(index));
}

std::size_t SurfaceManager::drawnTriangles() const {
  return actors_[0]->drawnTriangles() + actors_[1]->drawnTriangles();
}

bool SurfaceManager::anyVisible() const {
  return (actors_[0]->isVisible() && actors_[0]->surface()) || (actors_[1]->isVisible() && actors_[1]->surface());
}

void SurfaceManager::updateGeometry(const core::Study& study) {
  for (auto side : kSides) actor(side).setSurface(study.shownSurface(side));
  updateSeparation();
}

void SurfaceManager::updateSeparation() {
  auto inflatedKind = [](const std::shared_ptr<const core::Surface>& s) {
    return s && (s->kind == core::SurfaceKind::Inflated || s->kind == core::SurfaceKind::VeryInflated ||
                 s->kind == core::SurfaceKind::Sphere);
  };
  const auto& left = actor(core::Hemisphere::Left).surface();
  const auto& right = actor(core::Hemisphere::Right).surface();
  float shift = 0;
  if (inflatedKind(left) && inflatedKind(right)) {
    float leftMax = -1e30f, rightMin = 1e30f;
    for (const auto& v : left->vertices) leftMax = std::max(leftMax, v[0]);
    for (const auto& v : right->vertices) rightMin = std::min(rightMin, v[0]);
    constexpr float kGapMm = 12.0f;  // a visible midline, as Workbench and Freeview leave between inflated hemispheres
    shift = std::max(0.0f, (leftMax - rightMin + kGapMm) / 2.0f);
  }
  actor(core::Hemisphere::Left).setOffset({-shift, 0, 0});
  actor(core::Hemisphere::Right).setOffset({shift, 0, 0});
}

void SurfaceManager::setHighlight(std::optional<RoiHighlight> highlight, const core::Study& study) {
  if (highlight == highlight_) return;
  highlight_ = highlight;
  updateColours(study);
}

void SurfaceManager::updateColours(const core::Study& study) {
  if (highlight_ && highlight_->roiSet >= study.roiSets().size()) highlight_.reset();
  for (auto side : kSides) actor(side).setColours(composeVertexColours(study, side, highlight_));
}

void SurfaceManager::updateVisibility(const core::Study& study) {
  for (auto side : kSides)
    actor(side).setVisible(study.hemisphere(side).visible && (!filter_ || *filter_ == side));
}

}  // namespace vl::render
