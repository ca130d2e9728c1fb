#include "core/base/LibraryVersions.h"

#include <itkVersion.h>

namespace vl::core {

std::string voxellensVersion() { return VOXELLENS_VERSION; }
std::string itkVersion() { return itk::Version::GetITKVersion(); }
std::string niftiVersion() { return "nifti_clib (nifti2 API)"; }

}  // namespace vl::core
