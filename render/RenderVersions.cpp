#include "render/RenderVersions.h"

#include <vtkNew.h>
#include <vtkOpenGLRenderWindow.h>
#include <vtkRenderWindow.h>
#include <vtkVersion.h>

namespace vl::render {

std::string vtkVersion() { return vtkVersion::GetVTKVersion(); }

std::string openGlDescription() {
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(1, 1);
  window->Render();
  auto* gl = vtkOpenGLRenderWindow::SafeDownCast(window);
  if (!gl) return {};
  return gl->ReportCapabilities() ? std::string(gl->ReportCapabilities()).substr(0, 200) : std::string();
}

}  // namespace vl::render
