#pragma once
// Standard camera views of neuroimaging viewers, per hemisphere or for both. World space is RAS (x to the
// subject's right, y anterior, z superior), as in MNI and FreeSurfer surface coordinates.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/model/Surface.h"

namespace vl::render {

// Occipital: from behind and below, at 35 degrees under the horizontal, so that the occipital pole, the ventral
// temporal surface and the lateral occipital cortex (where visual responses are) face the camera together.
enum class View { Lateral, Medial, Dorsal, Ventral, Anterior, Posterior, Occipital };

struct ViewPreset {
  View view = View::Lateral;
  std::optional<core::Hemisphere> hemisphere;  // nullopt: both hemispheres

  std::array<double, 3> cameraDirection() const;  // from the focal point towards the camera
  std::array<double, 3> viewUp() const;
  bool shows(core::Hemisphere h) const { return !hemisphere || *hemisphere == h; }
  std::string name() const;  // e.g. "lateral-left", "dorsal"
};

// Accepts "<view>" or "<view>-left|right"; lateral and medial need a side and default to left when none is given.
std::optional<ViewPreset> parseViewPreset(const std::string& text);
std::vector<std::string> viewPresetNames();  // every accepted name, for --help and the View menu

}  // namespace vl::render
