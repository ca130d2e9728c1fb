#include "render/CameraState.h"

#include <vtkCamera.h>

namespace vl::render {

CameraState CameraState::from(vtkCamera* camera) {
  CameraState state;
  camera->GetPosition(state.position.data());
  camera->GetFocalPoint(state.focalPoint.data());
  camera->GetViewUp(state.viewUp.data());
  state.viewAngle = camera->GetViewAngle();
  state.parallelProjection = camera->GetParallelProjection() != 0;
  state.parallelScale = camera->GetParallelScale();
  return state;
}

void CameraState::applyTo(vtkCamera* camera) const {
  camera->SetPosition(position.data());
  camera->SetFocalPoint(focalPoint.data());
  camera->SetViewUp(viewUp.data());
  camera->SetViewAngle(viewAngle);
  camera->SetParallelProjection(parallelProjection);
  camera->SetParallelScale(parallelScale);
}

}  // namespace vl::render
