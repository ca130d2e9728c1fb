#include "render/OffscreenRenderer.h"

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkScalarBarActor.h>
#include <vtkPointData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/io/AtomicFileWriter.h"
#include "render/FigurePng.h"
#include "render/SceneRenderer.h"

namespace vl::render {

void requireDisplayForRendering() {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display)
    throw std::runtime_error("rendering needs an X display and DISPLAY is not set (on a server, run the command "
                             "under xvfb-run -a)");
}

namespace {
RenderedImage renderOnce(std::shared_ptr<core::Study> study, const OffscreenRequest& request, const Rgb& background,
                         CameraState* cameraUsed) {
  SceneRenderer scene;
  scene.setBackground(background);
  scene.setStudy(std::move(study));
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(request.width, request.height);
  window->AddRenderer(scene.renderer());
  if (request.camera) scene.setCameraState(*request.camera, request.preset);
  else if (request.preset) scene.applyViewPreset(*request.preset);
  else scene.resetCamera();
  if (!request.camera && request.parallelProjection) scene.setParallelProjection(true);
  if (request.highlight) scene.setRoiHighlight(request.highlight);
  if (cameraUsed) *cameraUsed = scene.cameraState();
  if (!request.colourBar) scene.colourBar().actor()->SetVisibility(0);
  window->Render();

  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();
  vtkImageData* image = grab->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  if (dims[0] != request.width || dims[1] != request.height)
    throw std::runtime_error("offscreen rendering produced " + std::to_string(dims[0]) + "x" + std::to_string(dims[1]) +
                             " pixels instead of the requested size");
  auto* pixels = static_cast<std::uint8_t*>(image->GetPointData()->GetScalars()->GetVoidPointer(0));
  RenderedImage out{dims[0], dims[1], std::vector<std::uint8_t>(static_cast<std::size_t>(dims[0]) * dims[1] * 3), {}};
  const std::size_t rowBytes = static_cast<std::size_t>(dims[0]) * 3;
  for (int row = 0; row < dims[1]; ++row)  // VTK images start at the bottom row
    std::memcpy(&out.rgb[static_cast<std::size_t>(row) * rowBytes],
                pixels + static_cast<std::size_t>(dims[1] - 1 - row) * rowBytes, rowBytes);
  return out;
}
}  // namespace

RenderedImage renderOffscreen(std::shared_ptr<core::Study> study, const OffscreenRequest& request,
                              CameraState* cameraUsed) {
  requireDisplayForRendering();
  if (request.width < 16 || request.height < 16 || request.width > kMaxImageSide || request.height > kMaxImageSide)
    throw std::invalid_argument("image size " + std::to_string(request.width) + "x" + std::to_string(request.height) +
                                " is outside 16..16384 pixels per side");
  RenderedImage image = renderOnce(study, request, request.background, cameraUsed);
  if (!request.transparent) return image;
  // Without multisampling every pixel is either surface or background: a pixel that changes with the background
  // colour shows the background. Two backgrounds that differ in every channel find all of them, whatever colours
  // the surfaces have (a colour key would mistake a surface of the key's colour for background).
  const Rgb other{request.background[0] < 0.5f ? 1.0f : 0.0f, request.background[1] < 0.5f ? 1.0f : 0.0f,
                  request.background[2] < 0.5f ? 1.0f : 0.0f};
  const RenderedImage second = renderOnce(study, request, other, nullptr);
  image.alpha.assign(static_cast<std::size_t>(image.width) * image.height, 255);
  for (std::size_t i = 0; i < image.alpha.size(); ++i)
    if (image.rgb[3 * i] != second.rgb[3 * i] || image.rgb[3 * i + 1] != second.rgb[3 * i + 1] ||
        image.rgb[3 * i + 2] != second.rgb[3 * i + 2])
      image.alpha[i] = 0;
  return image;
}

void writePng(const RenderedImage& image, const std::filesystem::path& file,
              const std::vector<std::pair<std::string, std::string>>& text) {
  core::writeFileAtomically(file, encodePng(image, text));
}

}  // namespace vl::render
