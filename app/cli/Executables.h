#pragma once
// The two voxellens executables sit side by side (app/CMakeLists.txt): `voxellens`, the front end without
// LibTorch, and `voxellens-full`, the viewer and every command.
#include <filesystem>

namespace vl::app {

inline constexpr const char* kFrontEndExecutable = "voxellens";
inline constexpr const char* kFullExecutable = "voxellens-full";

// `name` in the folder of the running executable (from /proc/self/exe).
std::filesystem::path siblingExecutable(const char* name);

// Replaces this process by voxellens-full with the same arguments (argv[0] kept, so messages still say
// "voxellens"), and OMP_WAIT_POLICY=PASSIVE unless the user set it (Executables.cpp says why). Returns only when that
// fails, after one line on stderr naming the file: status 127.
int execFullExecutable(char** argv);

}  // namespace vl::app
