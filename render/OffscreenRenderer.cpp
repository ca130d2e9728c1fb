#include "render/OffscreenRenderer.h"

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
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
#include "render/SceneRenderer.h"

namespace vl::render {

void requireDisplayForRendering() {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display)
    throw std::runtime_error("rendering needs an X display and DISPLAY is not set (on a server, run the command "
                             "under xvfb-run -a)");
}

RenderedImage renderOffscreen(std::shared_ptr<core::Study> study, const OffscreenRequest& request) {
  requireDisplayForRendering();
  if (request.width < 16 || request.height < 16 || request.width > kMaxImageSide || request.height > kMaxImageSide)
    throw std::invalid_argument("image size " + std::to_string(request.width) + "x" + std::to_string(request.height) +
                                " is outside 16..16384 pixels per side");
  SceneRenderer scene;
  scene.setBackground(request.background);
  scene.setStudy(std::move(study));
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(request.width, request.height);
  window->AddRenderer(scene.renderer());
  if (request.camera) scene.setCameraState(*request.camera, request.preset);
  else if (request.preset) scene.applyViewPreset(*request.preset);
  else scene.resetCamera();
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
  RenderedImage out{dims[0], dims[1], std::vector<std::uint8_t>(static_cast<std::size_t>(dims[0]) * dims[1] * 3)};
  const std::size_t rowBytes = static_cast<std::size_t>(dims[0]) * 3;
  for (int row = 0; row < dims[1]; ++row)  // VTK images start at the bottom row
    std::memcpy(&out.rgb[static_cast<std::size_t>(row) * rowBytes],
                pixels + static_cast<std::size_t>(dims[1] - 1 - row) * rowBytes, rowBytes);
  return out;
}

void writePng(const RenderedImage& image, const std::filesystem::path& file) {
  vtkNew<vtkImageData> data;
  data->SetDimensions(image.width, image.height, 1);
  data->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
  auto* pixels = static_cast<std::uint8_t*>(data->GetScalarPointer());
  const std::size_t rowBytes = static_cast<std::size_t>(image.width) * 3;
  for (int row = 0; row < image.height; ++row)
    std::memcpy(pixels + static_cast<std::size_t>(image.height - 1 - row) * rowBytes,
                &image.rgb[static_cast<std::size_t>(row) * rowBytes], rowBytes);
  vtkNew<vtkPNGWriter> writer;
  writer->SetInputData(data);
  writer->WriteToMemoryOn();
  writer->Write();
  vtkUnsignedCharArray* bytes = writer->GetResult();
  if (!bytes || bytes->GetNumberOfValues() == 0) throw std::runtime_error(file.string() + ": PNG encoding failed");
  core::writeFileAtomically(file, std::string_view(reinterpret_cast<const char*>(bytes->GetPointer(0)),
                                                   static_cast<std::size_t>(bytes->GetNumberOfValues())));
}

}  // namespace vl::render
