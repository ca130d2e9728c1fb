#pragma once
// The document: what one subject's session shows. It holds surfaces per hemisphere, per-vertex layers with their
// display settings, and ROI sets. Views observe it through listeners; it never holds a VTK or Qt object.
// Each hemisphere has a shown surface (display only) and a reference surface (the geometry: volumes are sampled
// at it, geodesics measured and ROIs drawn on it; white by default), so that showing the inflated surface never
// moves what is sampled.
// Threading: read and mutate it on one thread (the GUI thread) only. Background jobs never touch a Study: they
// capture a snapshot() (StudySnapshot.h), build their result from it and hand the result back to the GUI thread.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/model/StudyItems.h"
#include "core/model/StudySnapshot.h"

namespace vl::core {

struct StudyChange {
  // Surfaces: replaced or another one shown. ReferenceSurface: another surface chosen for sampling (nothing
  // drawn changes).
  enum class Kind {
    Surfaces, ReferenceSurface, Visibility, LayerAdded, LayerRemoved, LayerOrder, LayerDisplay, RoiSets, Experiment
  };
  Kind kind;
  LayerId layer = 0;
};

class Study {
public:
  using Listener = std::function<void(const StudyChange&)>;

  std::string name;

  // Replaces the surfaces of a hemisphere and shows the first. The reference surface stays the same surface when
  // it is among the new ones, else becomes defaultReferenceSurface() of them. Throws std::invalid_argument when
  // their vertex counts differ.
  void setSurfaces(Hemisphere hemisphere, std::vector<std::shared_ptr<const Surface>> surfaces);
  const HemisphereSurfaces& hemisphere(Hemisphere hemisphere) const { return hemispheres_[hemisphereIndex(hemisphere)]; }
  // The surface drawn for a hemisphere, or nullptr when it has none.
  std::shared_ptr<const Surface> shownSurface(Hemisphere hemisphere) const;
  void setShownSurface(Hemisphere hemisphere, std::size_t surfaceIndex);
  // The surface volumes are sampled at, geodesics measured and ROIs drawn on, whichever is shown; nullptr when
  // the hemisphere has none.
  std::shared_ptr<const Surface> referenceSurface(Hemisphere hemisphere) const;
  // Throws std::out_of_range for an index past the hemisphere's surfaces. Notifies ReferenceSurface.
  void setReferenceSurface(Hemisphere hemisphere, std::size_t surfaceIndex);
  void setHemisphereVisible(Hemisphere hemisphere, bool visible);

  // Adds a layer on top of the stack. Throws std::invalid_argument when a hemisphere's value count does not
  // match that hemisphere's vertex count (the message says both numbers).
  LayerId addLayer(std::shared_ptr<const SurfaceLayer> layer, LayerDisplay display);
  void removeLayer(LayerId id);
  void moveLayer(LayerId id, std::size_t newIndex);
  void setLayerDisplay(LayerId id, const LayerDisplay& display);
  const std::vector<LayerEntry>& layers() const { return layers_; }  // bottom first
  const LayerEntry* findLayer(LayerId id) const;

  // Throws std::invalid_argument when a hemisphere's key count does not match its vertex count.
  void addRoiSet(std::shared_ptr<const Parcellation> parcellation, RoiDisplay display = {});
  void setRoiDisplay(std::size_t index, const RoiDisplay& display);
  // Replaces the data of ROI set `index` (an ROI set being drawn), keeping its display. Same checks as addRoiSet.
  void setRoiSetData(std::size_t index, std::shared_ptr<const Parcellation> parcellation);
  const std::vector<RoiSetEntry>& roiSets() const { return roiSets_; }

  // Stimuli, responses and response columns when the study came from a study folder (null otherwise).
  void setExperiment(std::shared_ptr<const Experiment> experiment);
  const std::shared_ptr<const Experiment>& experiment() const { return experiment_; }

  // An immutable copy for a background job (StudySnapshot.h): pointers to the current surfaces, layers, ROI sets
  // and experiment. Call it on the GUI thread.
  StudySnapshot snapshot() const;

  int addListener(Listener listener);
  void removeListener(int token);

private:
  std::vector<LayerEntry>::iterator layerIterator(LayerId id);
  void notify(const StudyChange& change);

  HemisphereSurfaces hemispheres_[2];
  std::vector<LayerEntry> layers_;
  std::vector<RoiSetEntry> roiSets_;
  std::shared_ptr<const Experiment> experiment_;
  std::vector<std::pair<int, Listener>> listeners_;
  LayerId nextLayerId_ = 1;
  int nextListenerToken_ = 1;
};

}  // namespace vl::core
