#include "render/RenderBenchmark.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <chrono>

#include "core/study/StudyFromMeshes.h"

#include "render/LodProxy.h"
#include "render/OffscreenRenderer.h"
#include "render/SceneRenderer.h"
#include "render/VtkMeshConversion.h"

namespace vl::render {
namespace {
// Frames per second over `frames` renders, the camera turning between frames; each frame is finished (glFinish).
double measure(vtkRenderWindow* window, vtkRenderer* renderer, int frames) {
  window->Render();  // first frame uploads buffers and compiles shaders: not part of the rate
  window->WaitForCompletion();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < frames; ++i) {
    renderer->GetActiveCamera()->Azimuth(3.0);
    window->Render();
    window->WaitForCompletion();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return frames / seconds;
}

vtkNew<vtkRenderWindow> offscreenWindow(int width, int height) {
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(width, height);
  return window;
}
}  // namespace

std::shared_ptr<core::Study> makeBenchmarkStudy(const core::CachedMeshes& demoBrain) {
  auto study = core::buildStudyFromMeshes(demoBrain, "render benchmark");
  for (const auto& entry : study->layers()) {
    if (entry.data->name != core::kSulcalDepthLayerName) continue;
    auto overlay = std::make_shared<core::SurfaceLayer>(*entry.data);
    overlay->name = "overlay";
    overlay->kind = core::LayerKind::Scalar;
    core::LayerDisplay display;
    display.colourMap = "viridis";
    display.rangeMin = 0.0;
    display.rangeMax = 3.0;
    display.opacity = 0.7f;
    study->addLayer(overlay, display);
    break;
  }
  auto bands = std::make_shared<core::Parcellation>();
  bands->name = "bands";
  for (int b = 0; b < 8; ++b)
    bands->labels.push_back({b + 1, "band " + std::to_string(b + 1), {0.1f * b, 0.9f - 0.1f * b, 0.5f, 1.0f}});
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    const auto surface = study->shownSurface(side);
    auto& keys = bands->keys[core::hemisphereIndex(side)];
    for (const auto& v : surface->vertices) keys.push_back(1 + std::clamp(static_cast<int>((v[1] + 105.0f) / 22.0f), 0, 7));
  }
  study->addRoiSet(bands, {true, 0.35f});
  return study;
}

RenderBenchmarkResult benchmarkRendering(std::shared_ptr<core::Study> study, int width, int height, int frames,
                                         const core::JobContext& context) {
  requireDisplayForRendering();
  RenderBenchmarkResult result;
  // Ours: the application's scene with every layer, and its proxies for interaction.
  SceneRenderer scene;
  scene.setStudy(study);
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    if (auto surface = study->shownSurface(side)) {
      result.triangles += surface->triangleCount();
      auto proxy = std::make_shared<const LodProxy>(buildLodProxy(surface, 12000, context));
      result.proxyTriangles += proxy->mesh.triangleCount();
      scene.setLodProxy(proxy);
    }
  }
  context.report(0.2, "Rendering the scene at rest");
  double ourRest, ourRotating, outlinesRest = 0, outlinesRotating = 0;
  vtkNew<vtkCamera> view;  // the scene's framing, given to the peer too: the same pixels to fill
  {
    auto window = offscreenWindow(width, height);
    window->AddRenderer(scene.renderer());
    scene.resetCamera();
    view->DeepCopy(scene.renderer()->GetActiveCamera());
    ourRest = measure(window, scene.renderer(), frames);
    context.throwIfStopped();
    context.report(0.45, "Rendering the scene while rotating");
    scene.setInteracting(true);
    ourRotating = measure(window, scene.renderer(), frames);
    scene.setInteracting(false);
    // The same with every ROI set drawn as fill + outline (lines on the full meshes, on the proxies while rotating).
    context.report(0.5, "Rendering with ROI outlines");
    for (std::size_t i = 0; i < study->roiSets().size(); ++i) {
      auto display = study->roiSets()[i].display;
      display.mode = core::RoiDrawMode::FillAndOutline;
      study->setRoiDisplay(i, display);
    }
    scene.resetCamera();
    outlinesRest = measure(window, scene.renderer(), frames);
    scene.setInteracting(true);
    outlinesRotating = measure(window, scene.renderer(), frames);
    scene.setInteracting(false);
    window->RemoveRenderer(scene.renderer());
  }
  context.throwIfStopped();

  // Peer: the same full meshes in a plain vtkPolyDataMapper with VTK's default lights and no extras, seen through
  // the same camera (VTK's own ResetCamera frames them smaller, which would flatter the peer by fewer pixels).
  context.report(0.7, "Rendering the bare VTK pipeline");
  vtkNew<vtkRenderer> bare;
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    if (auto surface = study->shownSurface(side)) {
      vtkNew<vtkPolyDataMapper> mapper;
      mapper->SetInputData(toPolyData(*surface));
      vtkNew<vtkActor> actor;
      actor->SetMapper(mapper);
      bare->AddActor(actor);
    }
  }
  auto window = offscreenWindow(width, height);
  window->AddRenderer(bare);
  bare->GetActiveCamera()->DeepCopy(view);
  bare->ResetCameraClippingRange();
  const double bareRate = measure(window, bare, frames);
  bare->ResetCamera();  // also reported: the peer in VTK's own framing
  const double bareOwnFramingRate = measure(window, bare, frames);
  context.report(1.0, "done");

  result.rates.push_back({"at rest, full meshes with all layers", ourRest, bareRate, "bare VTK, full meshes"});
  result.rates.push_back({"at rest, full meshes with all layers", ourRest, bareOwnFramingRate,
                          "bare VTK, full meshes, framed by VTK's ResetCamera (smaller on screen)"});
  result.rates.push_back({"rotating, level-of-detail proxies", ourRotating, bareRate, "bare VTK, full meshes"});
  result.rates.push_back({"at rest, with ROI outlines", outlinesRest, bareRate, "bare VTK, full meshes"});
  result.rates.push_back({"rotating, with ROI outlines", outlinesRotating, bareRate, "bare VTK, full meshes"});
  return result;
}

}  // namespace vl::render
