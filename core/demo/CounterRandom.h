#pragma once
// Random numbers for the simulated subject that depend only on (seed, stream, index), never on the order in which
// they are drawn: the noise of trial t at column c is the same whichever thread computes it, so the study is
// identical for a given seed on any machine and any thread count. std::normal_distribution is not used because its
// algorithm differs between standard libraries; these draws are fully specified here.
#include <cmath>
#include <cstdint>
#include <utility>

namespace vl::core {

// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijection that spreads nearby inputs over 64 bits.
constexpr std::uint64_t splitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// 64 random bits for one (seed, stream, index) triple.
constexpr std::uint64_t counterBits(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  return splitMix64(splitMix64(splitMix64(seed) ^ stream) + index);
}

// Uniform in (0, 1): 53 bits, offset by half a step so that 0 never occurs (log(0) in Box-Muller).
inline double counterUniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  return (static_cast<double>(counterBits(seed, stream, index) >> 11) + 0.5) * 0x1.0p-53;
}

// Two independent standard normal values from one counter (Box-Muller on two uniforms drawn from index 2k, 2k+1).
inline std::pair<double, double> counterNormalPair(std::uint64_t seed, std::uint64_t stream, std::uint64_t pair) {
  const double u1 = counterUniform(seed, stream, 2 * pair);
  const double u2 = counterUniform(seed, stream, 2 * pair + 1);
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 6.283185307179586476925 * u2;
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

// One standard normal value for (seed, stream, index): the first or second half of pair index / 2.
inline double counterNormal(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  const auto pair = counterNormalPair(seed, stream, index / 2);
  return (index % 2 == 0) ? pair.first : pair.second;
}

// Distinct streams of the simulated subject, so that no two kinds of draw share numbers.
enum class SubjectStream : std::uint64_t {
  TrainNoise = 1,
  TestNoise = 2,
  Design = 3,
  OrientationJitter = 4,
  NoiseField = 5,
  TuningJitter = 6,
};

}  // namespace vl::core
