#pragma once
// A camera as plain numbers, so that a view can be copied from the window to the offscreen renderer (figure
// export) and, later, saved in a session.
#include <array>

class vtkCamera;

namespace vl::render {

struct CameraState {
  std::array<double, 3> position{0, 0, 1};
  std::array<double, 3> focalPoint{0, 0, 0};
  std::array<double, 3> viewUp{0, 1, 0};
  double viewAngle = 30.0;
  bool parallelProjection = false;
  double parallelScale = 1.0;

  static CameraState from(vtkCamera* camera);
  void applyTo(vtkCamera* camera) const;
};

}  // namespace vl::render
