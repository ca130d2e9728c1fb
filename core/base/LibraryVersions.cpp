#include "core/base/LibraryVersions.h"

namespace vl::core {

std::string voxellensVersion() { return VOXELLENS_VERSION; }
// The version ITK's CMake package reported when this was built (Debian's ITK runs the version it was built as):
// base then needs no ITK header, which Debian's ITK 5.2 lets only GCC compile (the clang fuzz build links base).
std::string itkVersion() { return VOXELLENS_ITK_VERSION; }
std::string niftiVersion() { return "nifti_clib (nifti2 API)"; }

}  // namespace vl::core
