#include "core/model/StudyItems.h"

namespace vl::core {

std::size_t defaultReferenceSurface(const std::vector<std::shared_ptr<const Surface>>& surfaces) {
  for (SurfaceKind wanted : {SurfaceKind::White, SurfaceKind::Midthickness, SurfaceKind::Pial})
    for (std::size_t i = 0; i < surfaces.size(); ++i)
      if (surfaces[i]->kind == wanted) return i;
  for (std::size_t i = 0; i < surfaces.size(); ++i) {
    const auto kind = surfaces[i]->kind;
    if (kind != SurfaceKind::Inflated && kind != SurfaceKind::VeryInflated && kind != SurfaceKind::Sphere &&
        kind != SurfaceKind::Flat)
      return i;
  }
  return 0;
}

}  // namespace vl::core
