#pragma once
// How a SurfaceLayer is drawn. Kept apart from the values so that it serialises to the scene on its own and
// the same data can be shown twice with different settings.
#include <string>

namespace vl::core {

struct LayerDisplay {
  bool visible = true;
  float opacity = 1.0f;
  std::string colourMap = "grey";  // a name known to render's colour map table
  double rangeMin = -1.0;          // value mapped to the first colour
  double rangeMax = 1.0;           // value mapped to the last colour
  bool invert = false;             // reverse the map (shading: gyri light, sulci dark)

  bool operator==(const LayerDisplay&) const = default;
};

}  // namespace vl::core
