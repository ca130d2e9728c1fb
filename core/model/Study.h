#pragma once
// The document: what one subject's session shows. It holds surfaces per hemisphere, per-vertex layers with their
// display settings, and ROI sets. Views observe it through listeners; it never holds a VTK or Qt object.
// Threading: mutate it from one thread (the GUI thread); background jobs build data and hand it over.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/model/LayerDisplay.h"
#include "core/model/Parcellation.h"
#include "core/model/Surface.h"
#include "core/model/SurfaceLayer.h"

namespace vl::core {

using LayerId = std::uint64_t;
struct Experiment;

struct HemisphereSurfaces {
  std::vector<std::shared_ptr<const Surface>> surfaces;  // all with the same vertex count
  std::size_t shown = 0;                                 // index of the surface drawn
  bool visible = true;
};

struct LayerEntry {
  LayerId id = 0;
  std::shared_ptr<const SurfaceLayer> data;
  LayerDisplay display;
};

// How an ROI set is drawn: its labels filled with their colours, outlined, or both. Display only: the keys and
// labels live in the Parcellation. Outlines are lines of a fixed width in screen pixels (crisp at any zoom).
enum class RoiDrawMode { Fill, Outline, FillAndOutline };

struct RoiDisplay {
  bool visible = true;
  float opacity = 0.8f;  // of the fill
  RoiDrawMode mode = RoiDrawMode::Fill;
  // Outline colour: each border in the colour of the label it encloses, or one colour for all.
  bool outlineInLabelColours = true;
  std::array<float, 3> outlineColour{1.0f, 1.0f, 1.0f};
  float outlineWidth = 2.0f;  // pixels
  bool operator==(const RoiDisplay&) const = default;
};

inline bool drawsFill(RoiDrawMode mode) { return mode != RoiDrawMode::Outline; }
inline bool drawsOutline(RoiDrawMode mode) { return mode != RoiDrawMode::Fill; }

struct RoiSetEntry {
  std::shared_ptr<const Parcellation> data;
  RoiDisplay display;
};

struct StudyChange {
  enum class Kind { Surfaces, Visibility, LayerAdded, LayerRemoved, LayerOrder, LayerDisplay, RoiSets, Experiment };
  Kind kind;
  LayerId layer = 0;
};

class Study {
public:
  using Listener = std::function<void(const StudyChange&)>;

  std::string name;

  // Replaces the surfaces of a hemisphere. Throws std::invalid_argument when their vertex counts differ.
  void setSurfaces(Hemisphere hemisphere, std::vector<std::shared_ptr<const Surface>> surfaces);
  const HemisphereSurfaces& hemisphere(Hemisphere hemisphere) const { return hemispheres_[hemisphereIndex(hemisphere)]; }
  // The surface drawn for a hemisphere, or nullptr when it has none.
  std::shared_ptr<const Surface> shownSurface(Hemisphere hemisphere) const;
  void setShownSurface(Hemisphere hemisphere, std::size_t surfaceIndex);
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
