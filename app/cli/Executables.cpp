#include "app/cli/Executables.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
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
  // LibTorch's intra-op pool is libgomp's, whose idle threads spin after every parallel region unless told to wait
  // passively; in voxellens-full they spin against the ridge's OpenBLAS threads, the GUI and render threads and a
  // second job. Measured on the shared 2-core machine (load average 8-9, same command, twice each way): `fit-study`
  // on the demo study 19.5 / 22.2 s passive against 40.0 / 44.0 s spinning; `bench synth` converged in 1.9 s against
  // 10.7 s with the same images; a profile of the spinning run had 30% of its samples in libgomp's wait loops.
  // libgomp reads the setting once, when it is loaded, before any code of voxellens-full runs (a setenv in its main
  // comes too late, and one in .preinit_array is undone by glibc's start-up), so the front end sets it here; a
  // user's own OMP_WAIT_POLICY is kept.
  ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  ::execvp(full.c_str(), argv);  // a bare name (no /proc) is looked up on PATH
  const int reason = errno;
  std::fprintf(stderr, "voxellens: cannot start %s: %s (the viewer and the model commands run there; expected it "
                       "beside voxellens, as the build and install put it)\n",
               full.c_str(), std::strerror(reason));
  return 127;
}

}  // namespace vl::app
