#include "tests/support/TestSurfaces.h"

#include "core/geometry/Icosphere.h"

namespace vl::fixtures {

std::shared_ptr<core::Study> makeSphereStudy(int levels, float radius) {
  auto study = std::make_shared<core::Study>();
  study->name = "spheres";
  auto left = std::make_shared<core::Surface>(core::makeIcosphere(levels, radius, {-60, 0, 0}, core::Hemisphere::Left));
  auto right = std::make_shared<core::Surface>(core::makeIcosphere(levels, radius, {60, 0, 0}, core::Hemisphere::Right));
  study->setSurfaces(core::Hemisphere::Left, {left});
  study->setSurfaces(core::Hemisphere::Right, {right});
  return study;
}

}  // namespace vl::fixtures
