#include "app/VersionReport.h"

#include <QtGlobal>

#include <cstdlib>

#include "core/base/LibraryVersions.h"
#include "core/ml/TorchRuntime.h"
#include "render/RenderVersions.h"

namespace vl::app {

std::string versionReport() {
  std::string text = "VoxelLens " + core::voxellensVersion() + "\n";
  text += "  Qt        " + std::string(qVersion()) + "\n";
  text += "  VTK       " + render::vtkVersion() + "\n";
  text += "  ITK       " + core::itkVersion() + "\n";
  text += "  LibTorch  " + core::torchVersion() + " (" + std::to_string(core::torchThreadCount()) + " threads)\n";
  // What libgomp read when it was loaded (the voxellens front end sets PASSIVE unless the user set it: Executables.cpp).
  const char* waitPolicy = std::getenv("OMP_WAIT_POLICY");
  text += "  OpenMP    wait policy " + std::string(waitPolicy ? waitPolicy : "not set (libgomp spins)") + "\n";
  text += "  BLAS      " + core::blasDescription() + "\n";
  text += "  NIfTI     " + core::niftiVersion() + "\n";
  return text;
}

}  // namespace vl::app
