#pragma once
// The items a Study holds, shared by the Study and by its snapshots (StudySnapshot.h): a hemisphere's surfaces with
// the one drawn and the one used for geometry, layer entries and ROI set entries. Their data are shared_ptr<const>:
// the Study replaces an item's data, never changes it in place, so a snapshot's pointers stay valid and unchanged.
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/model/LayerDisplay.h"
#include "core/model/Parcellation.h"
#include "core/model/Surface.h"
#include "core/model/SurfaceLayer.h"

namespace vl::core {

using LayerId = std::uint64_t;

struct HemisphereSurfaces {
  std::vector<std::shared_ptr<const Surface>> surfaces;  // all with the same vertex count
  std::size_t shown = 0;      // index of the surface drawn: display only
  std::size_t reference = 0;  // index of the surface volumes are sampled at, geodesics and ROIs are drawn on
  bool visible = true;

  std::size_t vertexCount() const { return surfaces.empty() ? 0 : surfaces.front()->vertexCount(); }
  // nullptr when the hemisphere has no surface.
  std::shared_ptr<const Surface> shownSurface() const { return at(shown); }
  std::shared_ptr<const Surface> referenceSurface() const { return at(reference); }

private:
  std::shared_ptr<const Surface> at(std::size_t index) const {
    return surfaces.empty() ? nullptr : surfaces[index < surfaces.size() ? index : surfaces.size() - 1];
  }
};

// The surface a hemisphere's geometry is measured on unless the user chooses another: the white surface (the
// boundary the grey matter is sampled outwards from), else midthickness, else pial, else the first surface that is
// not inflated, a sphere or flat (inflation distorts distances and positions), else the first. 0 when empty.
std::size_t defaultReferenceSurface(const std::vector<std::shared_ptr<const Surface>>& surfaces);

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

}  // namespace vl::core
