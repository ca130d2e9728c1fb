#pragma once
// Timing bounds in tests hold for a release build on a busy 2-core machine (ctest -j2). ThreadSanitizer makes
// instrumented code 5-15 times slower, so under it a bound is multiplied by kTimingScale; what such a test checks
// under TSan is the absence of races, not the speed. (Every bound held unscaled under AddressSanitizer.)
namespace vl::fixtures {
#if defined(__SANITIZE_THREAD__)
inline constexpr double kTimingScale = 10.0;
#else
inline constexpr double kTimingScale = 1.0;
#endif
}  // namespace vl::fixtures
