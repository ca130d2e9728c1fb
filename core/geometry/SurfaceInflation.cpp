#include "core/geometry/SurfaceInflation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/geometry/MeanCurvature.h"
#include "core/geometry/MeshAdjacency.h"
#include "core/geometry/VertexNormals.h"

namespace vl::core {
namespace {
using V3 = std::array<double, 3>;

V3 triangleNormal(const std::vector<Vec3f>& x, const Triangle& t) {  // length = twice the area
  const auto& a = x[static_cast<std::size_t>(t[0])];
  const auto& b = x[static_cast<std::size_t>(t[1])];
  const auto& c = x[static_cast<std::size_t>(t[2])];
  const V3 u = {double(b[0]) - a[0], double(b[1]) - a[1], double(b[2]) - a[2]};
  const V3 w = {double(c[0]) - a[0], double(c[1]) - a[1], double(c[2]) - a[2]};
  return {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
}

double totalArea(const std::vector<Vec3f>& x, const std::vector<Triangle>& triangles) {
  double area = 0;
  for (const auto& t : triangles) {
    const V3 n = triangleNormal(x, t);
    area += 0.5 * std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  }
  return area;
}

// Scales about the centroid so that the total area is `targetArea` again.
void rescaleToArea(std::vector<Vec3f>& x, const std::vector<Triangle>& triangles, double targetArea) {
  const double area = totalArea(x, triangles);
  if (!(area > 0) || x.empty()) return;
  V3 centroid = {0, 0, 0};
  for (const auto& p : x)
    for (int d = 0; d < 3; ++d) centroid[d] += p[d];
  for (auto& c : centroid) c /= double(x.size());
  const double scale = std::sqrt(targetArea / area);
  for (auto& p : x)
    for (int d = 0; d < 3; ++d) p[d] = static_cast<float>(centroid[d] + scale * (p[d] - centroid[d]));
}

// Area-weighted: a plain vertex mean is ruled by a few degenerate spots (|H| in the thousands at a crushed vertex
// of an uncorrected mesh) and can rise while the folds flatten; the integral of |H| over the area follows the folds.
double meanAbsCurvature(const std::vector<Vec3f>& x, const std::vector<Triangle>& triangles) {
  Surface s;
  s.vertices = x;
  s.triangles = triangles;
  const auto curvature = computeMeanCurvature(s);
  const auto area = vertexAreas(x, triangles);
  double sum = 0, totalArea = 0;
  for (std::size_t v = 0; v < curvature.size(); ++v)
    if (std::isfinite(curvature[v])) {
      sum += std::fabs(curvature[v]) * area[v];
      totalArea += area[v];
    }
  return totalArea > 0 ? sum / totalArea : 0.0;
}

double percentile(std::vector<float> values, double fraction) {
  if (values.empty()) return 0.0;
  const auto k = static_cast<std::size_t>(std::llround(fraction * double(values.size() - 1)));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}
}  // namespace

std::vector<double> vertexAreas(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles) {
  std::vector<double> area(vertices.size(), 0.0);
  for (const auto& t : triangles) {
    const V3 n = triangleNormal(vertices, t);
    const double third = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]) / 6.0;
    for (int c = 0; c < 3; ++c) area[static_cast<std::size_t>(t[c])] += third;
  }
  return area;
}

namespace {
template <typename Visit>
void forEachFlippedTriangle(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles, Visit visit) {
  // Vertex normals average the neighbourhood, so a triangle turned inside out points against them.
  const auto normals = computeVertexNormals(vertices, triangles);
  for (const auto& t : triangles) {
    const V3 n = triangleNormal(vertices, t);
    double along = 0;
    for (int c = 0; c < 3; ++c)
      for (int d = 0; d < 3; ++d) along += n[d] * normals[static_cast<std::size_t>(t[c])][d];
    if (along < 0) visit(t);
  }
}

}  // namespace

std::size_t countFlippedTriangles(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles) {
  std::size_t flipped = 0;
  forEachFlippedTriangle(vertices, triangles, [&](const Triangle&) { ++flipped; });
  return flipped;
}

InflationResult inflateSurface(const Surface& surface, const InflationOptions& options, const JobContext& context) {
  if (!(options.step > 0.0f && options.step <= 1.0f))
    throw std::invalid_argument("inflateSurface: step must be in (0, 1], got " + std::to_string(options.step));
  if (options.maxIterations < 0 || options.distanceWeight < 0.0f)
    throw std::invalid_argument("inflateSurface: negative iterations or distance weight");
  const std::size_t n = surface.vertexCount();
  for (const auto& t : surface.triangles)
    for (auto v : t)
      if (v < 0 || static_cast<std::size_t>(v) >= n)
        throw std::invalid_argument("inflateSurface: triangle index " + std::to_string(v) + " out of range");

  const auto adjacency = MeshAdjacency::build(n, surface.triangles);
  const auto& nb = adjacency.neighbours;
  // Original edge lengths, one per CSR entry, for the metric term.
  std::vector<float> restLength(nb.size());
  for (std::size_t v = 0; v < n; ++v)
    for (auto e = adjacency.offsets[v]; e < adjacency.offsets[v + 1]; ++e) {
      const auto& p = surface.vertices[v];
      const auto& q = surface.vertices[static_cast<std::size_t>(nb[static_cast<std::size_t>(e)])];
      restLength[static_cast<std::size_t>(e)] =
          std::sqrt((q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]) + (q[2] - p[2]) * (q[2] - p[2]));
    }

  InflationResult result;
  const double targetArea = totalArea(surface.vertices, surface.triangles);
  result.meanAbsCurvatureBefore = meanAbsCurvature(surface.vertices, surface.triangles);
  std::vector<Vec3f> current = surface.vertices, next(n);
  const double step = options.step, distanceWeight = options.distanceWeight;
  const int checkInterval = std::max(1, options.curvatureCheckInterval);
  double lastCurvature = result.meanAbsCurvatureBefore;
  int iteration = 0;
  context.report(0.0, "Inflating surface");
  while (iteration < options.maxIterations) {
    context.throwIfStopped();
    for (std::size_t v = 0; v < n; ++v) {
      const auto begin = adjacency.offsets[v], end = adjacency.offsets[v + 1];
      const auto& p = current[v];
      if (begin == end) {
        next[v] = p;
        continue;
      }
      double mean[3] = {0, 0, 0}, metric[3] = {0, 0, 0};
      for (auto e = begin; e < end; ++e) {
        const auto& q = current[static_cast<std::size_t>(nb[static_cast<std::size_t>(e)])];
        const double dx = double(q[0]) - p[0], dy = double(q[1]) - p[1], dz = double(q[2]) - p[2];
        mean[0] += dx;
        mean[1] += dy;
        mean[2] += dz;
        // Positive when the edge is stretched: move towards the neighbour; negative: away from it.
        const double length = std::sqrt(dx * dx + dy * dy + dz * dz);
        if (length > 0) {
          const double pull = (length - restLength[static_cast<std::size_t>(e)]) / length;
          metric[0] += pull * dx;
          metric[1] += pull * dy;
          metric[2] += pull * dz;
        }
      }
      const double inverseDegree = 1.0 / double(end - begin);
      for (int d = 0; d < 3; ++d)
        next[v][d] = static_cast<float>(p[d] + (step * mean[d] + distanceWeight * metric[d]) * inverseDegree);
    }
    current.swap(next);
    rescaleToArea(current, surface.triangles, targetArea);
    ++iteration;
    if (iteration % checkInterval == 0 && iteration < options.maxIterations) {
      const double curvature = meanAbsCurvature(current, surface.triangles);
      context.report(double(iteration) / options.maxIterations,
                     "Inflating surface: mean |curvature| " + std::to_string(curvature));
      if (curvature > lastCurvature * (1.0 - options.curvatureTolerance)) break;
      lastCurvature = curvature;
    }
  }
  context.throwIfStopped();

  result.iterations = iteration;
  result.meanAbsCurvatureAfter = meanAbsCurvature(current, surface.triangles);
  result.flippedTriangles = countFlippedTriangles(current, surface.triangles);
  const auto before = vertexAreas(surface.vertices, surface.triangles);
  const auto after = vertexAreas(current, surface.triangles);
  result.arealDistortion.assign(n, std::numeric_limits<float>::quiet_NaN());
  std::vector<float> finite;
  finite.reserve(n);
  double sumAbs = 0;
  for (std::size_t v = 0; v < n; ++v) {
    if (!(before[v] > 0) || !(after[v] > 0)) continue;
    const auto value = static_cast<float>(std::log2(after[v] / before[v]));
    result.arealDistortion[v] = value;
    finite.push_back(value);
    sumAbs += std::fabs(value);
  }
  if (!finite.empty()) {
    result.meanAbsLog2Distortion = sumAbs / double(finite.size());
    result.log2DistortionPercentile5 = percentile(finite, 0.05);
    result.log2DistortionPercentile95 = percentile(finite, 0.95);
  }
  result.inflated.hemisphere = surface.hemisphere;
  result.inflated.kind = SurfaceKind::Inflated;
  result.inflated.vertices = std::move(current);
  result.inflated.triangles = surface.triangles;
  context.report(1.0, "Inflated surface");
  return result;
}

}  // namespace vl::core
