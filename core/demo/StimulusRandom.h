#pragma once
// The random numbers behind the stimulus bank. std::mt19937_64's output sequence is fixed by the C++ standard,
// but std::uniform_real_distribution and friends are not (libstdc++ and libc++ give different numbers), so the
// distributions here are our own: the same seed gives the same images with any standard library.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>

#include "core/demo/CounterRandom.h"

namespace vl::core {

// SplitMix64's finaliser (CounterRandom.h) spreads nearby inputs (seed, index) over the whole 64-bit range.
constexpr std::uint64_t mixBits(std::uint64_t x) { return splitMix64(x); }

class StimulusRandom {
public:
  explicit StimulusRandom(std::uint64_t seed) : engine_(mixBits(seed)) {}
  // One independent stream per (seed, index): images do not depend on which thread drew them or in what order.
  StimulusRandom(std::uint64_t seed, std::uint64_t index) : engine_(mixBits(mixBits(seed) ^ mixBits(~index))) {}

  std::uint64_t bits() { return engine_(); }
  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  float uniform(float low, float high) { return low + static_cast<float>(unit()) * (high - low); }
  // Uniform integer in [0, bound) by Lemire's multiply-shift with rejection (no modulo bias).
  std::uint32_t below(std::uint32_t bound) {
    if (bound <= 1) return 0;
    for (;;) {
      const std::uint64_t product = (engine_() >> 32) * static_cast<std::uint64_t>(bound);
      const auto low = static_cast<std::uint32_t>(product);
      if (low >= (0u - bound) % bound) return static_cast<std::uint32_t>(product >> 32);
    }
  }
  int between(int low, int high) { return low + static_cast<int>(below(static_cast<std::uint32_t>(high - low + 1))); }
  bool chance(double probability) { return unit() < probability; }
  // Standard normal by Box-Muller (one value per call; simplicity over speed, the bank draws few of them).
  float normal(float mean, float sigma) {
    const double u1 = 1.0 - unit(), u2 = unit();
    return mean + sigma * static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
  }
  template <typename T>
  const T& pick(std::span<const T> items) { return items[below(static_cast<std::uint32_t>(items.size()))]; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) { return items[below(static_cast<std::uint32_t>(N))]; }

private:
  std::mt19937_64 engine_;
};

}  // namespace vl::core
