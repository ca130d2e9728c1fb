#include "app/cli/Executables.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace vl::app {

std::filesystem::path siblingExecutable(const char* name) {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return name;  // no /proc: execFullExecutable then looks the bare name up on PATH
  return self.parent_path() / name;
}

int execFullExecutable(char** argv) {
  const auto full = siblingExecutable(kFullExecutable);
  ::execvp(full.c_str(), argv);  // a bare name (no /proc) is looked up on PATH
  const int reason = errno;
  std::fprintf(stderr, "voxellens: cannot start %s: %s (the viewer and the model commands run there; expected it "
                       "beside voxellens, as the build and install put it)\n",
               full.c_str(), std::strerror(reason));
  return 127;
}

}  // namespace vl::app
