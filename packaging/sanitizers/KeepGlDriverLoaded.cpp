// Linked into every program that uses render/ in AddressSanitizer builds only (render/CMakeLists.txt,
// VOXELLENS_SANITIZE=address), never into a release build.
//
// Why: LeakSanitizer looks for leaks when the process exits. By then libGLX has unloaded Mesa's GL driver
// (swrast_dri.so on a machine without a GPU) at the end of the last GL context, and what the driver still pointed to
// from its own data looks leaked: 240 bytes in 3 allocations per context on Debian 12's llvmpipe, with stacks that
// end in an "<unknown module>" (the unmapped driver), so no suppression can name them. Loading the driver once more
// at start-up with RTLD_NODELETE keeps it mapped until exit; with it the same tests report no leak. Nothing else
// changes: libGLX's own dlopen gets this same handle.
#include <dlfcn.h>

namespace {
[[maybe_unused]] const bool glDriverKept = dlopen(VOXELLENS_GL_DRIVER, RTLD_LAZY | RTLD_NODELETE) != nullptr;
}  // namespace
