#include "render/RoiOutlineGeometry.h"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>

namespace vl::render {
namespace {
// Barycentric coordinates of p in triangle (a, b, c), clamped to the triangle (p lies in it up to rounding).
std::array<double, 3> barycentric(const core::Vec3f& p, const core::Vec3f& a, const core::Vec3f& b,
                                  const core::Vec3f& c) {
  const double v0[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
  const double v1[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
  const double v2[3] = {p[0] - a[0], p[1] - a[1], p[2] - a[2]};
  auto dot = [](const double* x, const double* y) { return x[0] * y[0] + x[1] * y[1] + x[2] * y[2]; };
  const double d00 = dot(v0, v0), d01 = dot(v0, v1), d11 = dot(v1, v1), d20 = dot(v2, v0), d21 = dot(v2, v1);
  const double denominator = d00 * d11 - d01 * d01;
  if (!(std::abs(denominator) > 0)) return {1.0 / 3, 1.0 / 3, 1.0 / 3};  // a degenerate triangle
  double v = std::clamp((d11 * d20 - d01 * d21) / denominator, 0.0, 1.0);
  double w = std::clamp((d00 * d21 - d01 * d20) / denominator, 0.0, 1.0);
  if (v + w > 1) {
    const double s = v + w;
    v /= s;
    w /= s;
  }
  return {1 - v - w, v, w};
}
}  // namespace

SegmentColour labelColourOfSegment(const core::Parcellation& parcellation) {
  auto byKey = std::make_shared<std::unordered_map<std::int32_t, std::array<std::uint8_t, 3>>>();
  for (const auto& label : parcellation.labels) {
    if (!(label.rgba[3] > 0)) continue;  // transparent ("???", "unknown"): unlabelled, as in the fill
    std::array<std::uint8_t, 3> rgb{};
    for (int d = 0; d < 3; ++d)
      rgb[static_cast<std::size_t>(d)] =
          static_cast<std::uint8_t>(std::lround(std::clamp(label.rgba[static_cast<std::size_t>(d)], 0.0f, 1.0f) * 255));
    (*byKey)[label.key] = rgb;
  }
  return [byKey](std::int32_t keyLeft, std::int32_t keyRight) -> std::array<std::uint8_t, 3> {
    const auto left = byKey->find(keyLeft), right = byKey->find(keyRight);
    if (left != byKey->end() && right != byKey->end()) return keyLeft < keyRight ? left->second : right->second;
    if (left != byKey->end()) return left->second;
    if (right != byKey->end()) return right->second;
    return {255, 255, 255};  // between two unknown keys
  };
}

vtkSmartPointer<vtkPolyData> outlinePolyData(const core::RoiBoundary& boundary, const core::Surface& surface,
                                             const std::vector<core::Vec3f>& normals, float lift,
                                             const SegmentColour& colour, const SegmentFilter& keep) {
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToFloat();
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  auto colours = vtkSmartPointer<vtkUnsignedCharArray>::New();
  colours->SetName("colours");
  colours->SetNumberOfComponents(3);
  std::size_t kept = 0;
  for (const auto& segment : boundary.segments) kept += !keep || keep(segment);
  points->Allocate(static_cast<vtkIdType>(2 * kept));
  lines->AllocateExact(static_cast<vtkIdType>(kept), static_cast<vtkIdType>(2 * kept));
  if (colour) colours->Allocate(static_cast<vtkIdType>(3 * kept));

  for (const auto& segment : boundary.segments) {
    if (keep && !keep(segment)) continue;
    const auto& t = surface.triangles[static_cast<std::size_t>(segment.triangle)];
    const auto& a = surface.vertices[static_cast<std::size_t>(t[0])];
    const auto& b = surface.vertices[static_cast<std::size_t>(t[1])];
    const auto& c = surface.vertices[static_cast<std::size_t>(t[2])];
    vtkIdType ids[2];
    int end = 0;
    for (const core::Vec3f* p : {&segment.from, &segment.to}) {
      const auto w = barycentric(*p, a, b, c);
      double n[3] = {0, 0, 0};
      for (int corner = 0; corner < 3; ++corner)
        for (int d = 0; d < 3; ++d)
          n[d] += w[static_cast<std::size_t>(corner)] *
                  normals[static_cast<std::size_t>(t[static_cast<std::size_t>(corner)])][static_cast<std::size_t>(d)];
      const double length = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
      const double scale = length > 0 ? lift / length : 0.0;
      ids[end++] = points->InsertNextPoint((*p)[0] + n[0] * scale, (*p)[1] + n[1] * scale, (*p)[2] + n[2] * scale);
    }
    lines->InsertNextCell(2, ids);
    if (colour) {
      const auto rgb = colour(segment.keyLeft, segment.keyRight);
      colours->InsertNextTypedTuple(rgb.data());
    }
  }
  auto data = vtkSmartPointer<vtkPolyData>::New();
  data->SetPoints(points);
  data->SetLines(lines);
  if (colour) data->GetCellData()->SetScalars(colours);
  return data;
}

}  // namespace vl::render
