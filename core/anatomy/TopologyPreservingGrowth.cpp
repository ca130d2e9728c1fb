#include "core/anatomy/TopologyPreservingGrowth.h"

#include <queue>
#include <stdexcept>
#include <utility>

#include "core/anatomy/SimplePoint.h"

namespace vl::core {
namespace {
enum State : std::uint8_t { Outside = 0, Inside = 1, Queued = 2, Waiting = 3 };

struct Candidate {
  float priority;
  std::uint64_t order;  // ties go first-come first-served, so flat likelihood grows as a front, not at random
  std::int64_t index;
  bool operator<(const Candidate& other) const {  // max-heap
    return priority < other.priority || (priority == other.priority && order > other.order);
  }
};
}  // namespace

GrowthResult growWithoutHandles(const GridSize& size, const std::vector<float>& likelihood,
                                const std::vector<std::uint8_t>& allowed, const GrowthSeed& seed,
                                const JobContext& context) {
  const auto count = static_cast<std::size_t>(size.count());
  if (likelihood.size() != count || allowed.size() != count)
    throw std::invalid_argument("topology-preserving growth: likelihood and mask must have one value per voxel");
  const auto [ci, cj, ck] = seed.centre;
  if (!size.isInterior(ci, cj, ck) || !allowed[static_cast<std::size_t>(size.index(ci, cj, ck))])
    throw std::invalid_argument("topology-preserving growth: the seed must be an allowed voxel inside the grid");

  const std::int64_t sx = 1, sy = size.nx, sz = size.nx * size.ny;
  std::int64_t neighbourStep[27];
  for (int bit = 0; bit < 27; ++bit)
    neighbourStep[bit] = (bit % 3 - 1) * sx + ((bit / 3) % 3 - 1) * sy + (bit / 9 - 1) * sz;
  const std::int64_t faceSteps[6] = {-sx, sx, -sy, sy, -sz, sz};

  GrowthResult result;
  std::vector<std::uint8_t> state(count, Outside);
  std::priority_queue<Candidate> queue;
  std::uint64_t pushed = 0;
  const double radius2 = seed.radiusVoxels * seed.radiusVoxels;
  auto priorityOf = [&](std::int64_t index) {
    const std::int64_t k = index / sz, j = (index / sy) % size.ny, i = index % size.nx;
    const double di = double(i - ci), dj = double(j - cj), dk = double(k - ck);
    const double d2 = di * di + dj * dj + dk * dk;
    // Seed-ball voxels first (still one at a time, each checked), then by likelihood.
    return d2 <= radius2 ? 1e30f : likelihood[static_cast<std::size_t>(index)];
  };
  auto isCandidate = [&](std::int64_t index) {
    if (!allowed[static_cast<std::size_t>(index)]) return false;
    const std::int64_t k = index / sz, j = (index / sy) % size.ny, i = index % size.nx;
    return size.isInterior(i, j, k);
  };
  auto push = [&](std::int64_t index) {
    state[static_cast<std::size_t>(index)] = Queued;
    queue.push({priorityOf(index), pushed++, index});
  };

  auto add = [&](std::int64_t index) {
    state[static_cast<std::size_t>(index)] = Inside;
    ++result.voxels;
    for (std::int64_t step : faceSteps) {
      const std::int64_t next = index + step;
      if (state[static_cast<std::size_t>(next)] == Outside && isCandidate(next)) push(next);
    }
    // A waiting voxel's neighbourhood just changed: it may have become simple.
    for (int bit = 0; bit < 27; ++bit) {
      const std::int64_t next = index + neighbourStep[bit];
      if (bit != 13 && state[static_cast<std::size_t>(next)] == Waiting) push(next);
    }
  };

  add(size.index(ci, cj, ck));
  std::size_t popped = 0;
  while (!queue.empty()) {
    const auto index = queue.top().index;
    queue.pop();
    if (state[static_cast<std::size_t>(index)] != Queued) continue;
    Neighbourhood neighbourhood = 0;
    for (int bit = 0; bit < 27; ++bit)
      if (state[static_cast<std::size_t>(index + neighbourStep[bit])] == Inside) neighbourhood |= 1u << bit;
    if (isSimplePoint(neighbourhood) && !addingCentreBreaksWellComposedness(neighbourhood)) add(index);
    else state[static_cast<std::size_t>(index)] = Waiting;
    if ((++popped & 0xFFFF) == 0) context.throwIfStopped();
  }

  result.grown.assign(count, 0);
  for (std::size_t v = 0; v < count; ++v) {
    result.grown[v] = state[v] == Inside;
    result.allowedVoxels += allowed[v] != 0;
  }
  return result;
}

}  // namespace vl::core
