#pragma once
// How many threads a pool (OpenBLAS, LibTorch) gets unless a caller says: one per core, or what the user asked for in
// that library's environment variable. The ThreadSanitizer run sets those variables to 1, since the libraries' own
// pools are not instrumented.

namespace vl::core {

// The hardware cores, or the value of `variable` when it is a whole number in 1 .. `largest` (anything else in it is
// ignored, not trusted).
int coresOrEnvironment(const char* variable, int largest);

}  // namespace vl::core
