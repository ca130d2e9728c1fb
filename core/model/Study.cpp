#include "core/model/Study.h"

#include <algorithm>
#include <stdexcept>

namespace vl::core {
namespace {
void requireCount(std::size_t actual, std::size_t expected, Hemisphere hemisphere, const std::string& what) {
  if (actual != 0 && expected != 0 && actual != expected) {
    throw std::invalid_argument(what + " has " + std::to_string(actual) + " values on the " + toString(hemisphere) +
                                " hemisphere, but its surface has " + std::to_string(expected) + " vertices");
  }
}
std::size_t vertexCountOf(const HemisphereSurfaces& hemi) { return hemi.vertexCount(); }
}  // namespace

void Study::setSurfaces(Hemisphere hemisphere, std::vector<std::shared_ptr<const Surface>> surfaces) {
  for (const auto& surface : surfaces) {
    if (!surface) throw std::invalid_argument("null surface");
    if (surface->vertexCount() != surfaces.front()->vertexCount()) {
      throw std::invalid_argument("surfaces of one hemisphere must have the same vertex count (" +
                                  std::to_string(surface->vertexCount()) + " vs " +
                                  std::to_string(surfaces.front()->vertexCount()) + ")");
    }
  }
  auto& hemi = hemispheres_[hemisphereIndex(hemisphere)];
  const auto reference = hemi.referenceSurface();
  const auto kept = std::find(surfaces.begin(), surfaces.end(), reference);
  hemi.reference = reference && kept != surfaces.end() ? static_cast<std::size_t>(kept - surfaces.begin())
                                                       : defaultReferenceSurface(surfaces);
  hemi.surfaces = std::move(surfaces);
  hemi.shown = 0;
  notify({StudyChange::Kind::Surfaces});
}

std::shared_ptr<const Surface> Study::shownSurface(Hemisphere hemisphere) const {
  return hemispheres_[hemisphereIndex(hemisphere)].shownSurface();
}

std::shared_ptr<const Surface> Study::referenceSurface(Hemisphere hemisphere) const {
  return hemispheres_[hemisphereIndex(hemisphere)].referenceSurface();
}

void Study::setReferenceSurface(Hemisphere hemisphere, std::size_t surfaceIndex) {
  auto& hemi = hemispheres_[hemisphereIndex(hemisphere)];
  if (surfaceIndex >= hemi.surfaces.size())
    throw std::out_of_range("the " + toString(hemisphere) + " hemisphere has " + std::to_string(hemi.surfaces.size()) +
                            " surfaces, so there is no surface " + std::to_string(surfaceIndex) + " to sample at");
  if (hemi.reference == surfaceIndex) return;
  hemi.reference = surfaceIndex;
  notify({StudyChange::Kind::ReferenceSurface});
}

StudySnapshot Study::snapshot() const {
  StudySnapshot copy;
  copy.name = name;
  copy.hemispheres = {hemispheres_[0], hemispheres_[1]};
  copy.layers = layers_;
  copy.roiSets = roiSets_;
  copy.experiment = experiment_;
  return copy;
}

void Study::setShownSurface(Hemisphere hemisphere, std::size_t surfaceIndex) {
  auto& hemi = hemispheres_[hemisphereIndex(hemisphere)];
  if (surfaceIndex >= hemi.surfaces.size()) throw std::out_of_range("no such surface");
  if (hemi.shown == surfaceIndex) return;
  hemi.shown = surfaceIndex;
  notify({StudyChange::Kind::Surfaces});
}

void Study::setHemisphereVisible(Hemisphere hemisphere, bool visible) {
  auto& hemi = hemispheres_[hemisphereIndex(hemisphere)];
  if (hemi.visible == visible) return;
  hemi.visible = visible;
  notify({StudyChange::Kind::Visibility});
}

LayerId Study::addLayer(std::shared_ptr<const SurfaceLayer> layer, LayerDisplay display) {
  if (!layer) throw std::invalid_argument("null layer");
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right}) {
    requireCount(layer->valuesFor(h).size(), vertexCountOf(hemispheres_[hemisphereIndex(h)]), h, "layer '" + layer->name + "'");
  }
  const LayerId id = nextLayerId_++;
  layers_.push_back({id, std::move(layer), std::move(display)});
  notify({StudyChange::Kind::LayerAdded, id});
  return id;
}

std::vector<LayerEntry>::iterator Study::layerIterator(LayerId id) {
  auto it = std::find_if(layers_.begin(), layers_.end(), [id](const LayerEntry& e) { return e.id == id; });
  if (it == layers_.end()) throw std::out_of_range("no layer with id " + std::to_string(id));
  return it;
}

const LayerEntry* Study::findLayer(LayerId id) const {
  auto it = std::find_if(layers_.begin(), layers_.end(), [id](const LayerEntry& e) { return e.id == id; });
  return it == layers_.end() ? nullptr : &*it;
}

void Study::removeLayer(LayerId id) {
  layers_.erase(layerIterator(id));
  notify({StudyChange::Kind::LayerRemoved, id});
}

void Study::moveLayer(LayerId id, std::size_t newIndex) {
  auto it = layerIterator(id);
  LayerEntry entry = std::move(*it);
  layers_.erase(it);
  newIndex = std::min(newIndex, layers_.size());
  layers_.insert(layers_.begin() + static_cast<std::ptrdiff_t>(newIndex), std::move(entry));
  notify({StudyChange::Kind::LayerOrder, id});
}

void Study::setLayerDisplay(LayerId id, const LayerDisplay& display) {
  auto it = layerIterator(id);
  if (it->display == display) return;
  it->display = display;
  notify({StudyChange::Kind::LayerDisplay, id});
}

void Study::addRoiSet(std::shared_ptr<const Parcellation> parcellation, RoiDisplay display) {
  if (!parcellation) throw std::invalid_argument("null ROI set");
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right}) {
    requireCount(parcellation->keysFor(h).size(), vertexCountOf(hemispheres_[hemisphereIndex(h)]), h,
                 "ROI set '" + parcellation->name + "'");
  }
  roiSets_.push_back({std::move(parcellation), display});
  notify({StudyChange::Kind::RoiSets});
}

void Study::setRoiSetData(std::size_t setIndex, std::shared_ptr<const Parcellation> parcellation) {
  if (setIndex >= roiSets_.size()) throw std::out_of_range("no ROI set " + std::to_string(setIndex));
  if (!parcellation) throw std::invalid_argument("null ROI set");
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right}) {
    requireCount(parcellation->keysFor(h).size(), vertexCountOf(hemispheres_[hemisphereIndex(h)]), h,
                 "ROI set '" + parcellation->name + "'");
  }
  if (roiSets_[setIndex].data == parcellation) return;
  roiSets_[setIndex].data = std::move(parcellation);
  notify({StudyChange::Kind::RoiSets});
}

void Study::setRoiDisplay(std::size_t index, const RoiDisplay& display) {
  if (index >= roiSets_.size()) throw std::out_of_range("no ROI set " + std::to_string(index));
  if (roiSets_[index].display == display) return;
  roiSets_[index].display = display;
  notify({StudyChange::Kind::RoiSets});
}

int Study::addListener(Listener listener) {
  listeners_.emplace_back(nextListenerToken_, std::move(listener));
  return nextListenerToken_++;
}

void Study::removeListener(int token) {
  std::erase_if(listeners_, [token](const auto& entry) { return entry.first == token; });
}

void Study::notify(const StudyChange& change) {
  const auto snapshot = listeners_;  // a listener may remove itself
  for (const auto& [token, listener] : snapshot) listener(change);
}

void Study::setExperiment(std::shared_ptr<const Experiment> experiment) {
  experiment_ = std::move(experiment);
  notify({StudyChange::Kind::Experiment});
}

}  // namespace vl::core
