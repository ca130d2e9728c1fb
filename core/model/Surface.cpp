#include "core/model/Surface.h"

namespace vl::core {

std::string toString(Hemisphere hemisphere) { return hemisphere == Hemisphere::Left ? "left" : "right"; }

std::string toString(SurfaceKind kind) {
  switch (kind) {
    case SurfaceKind::White: return "white";
    case SurfaceKind::Pial: return "pial";
    case SurfaceKind::Midthickness: return "midthickness";
    case SurfaceKind::Inflated: return "inflated";
    case SurfaceKind::VeryInflated: return "very inflated";
    case SurfaceKind::Sphere: return "sphere";
    case SurfaceKind::Flat: return "flat";
    case SurfaceKind::Other: break;
  }
  return "other";
}

}  // namespace vl::core
