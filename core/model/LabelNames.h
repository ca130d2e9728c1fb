#pragma once
// How a label is named to a user. Label tables keep a key for "no label here": GIfTI's "???" (key 0, transparent),
// FreeSurfer's "unknown" / "Unknown". Those are not regions: the views say "unlabelled" and never offer them as an
// ROI to select, and their colour never draws (RoiOutlineGeometry, VertexColours treat alpha 0 as no colour).
#include <string>

#include "core/model/Parcellation.h"

namespace vl::core {

inline constexpr const char* kUnlabelledName = "unlabelled";

inline bool isUnlabelled(const Label& label) {
  return !(label.rgba[3] > 0.0f) || label.name.empty() || label.name == "???" || label.name == "unknown" ||
         label.name == "Unknown";
}

// The label's name, or "unlabelled" for the no-label entry.
inline std::string displayName(const Label& label) { return isUnlabelled(label) ? kUnlabelledName : label.name; }

}  // namespace vl::core
