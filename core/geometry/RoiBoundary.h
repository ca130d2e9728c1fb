#pragma once
// Outlines of the regions of a per-vertex label map (an ROI set or parcellation on one hemisphere), for drawing ROI
// borders on the surface. Labels live on vertices, so the border runs through the triangles: in a triangle whose
// vertices carry two different keys it joins the crossing points (midpoints by default) of the two edges whose ends
// differ; in a triangle with three different keys three segments meet at its centroid (a Y junction). Both
// triangles of an edge compute the edge's crossing point identically (from the lower vertex index), so segments
// join exactly, bit for bit, into closed polylines on a closed mesh.
#include <cstdint>
#include <span>
#include <vector>

#include "core/jobs/JobContext.h"
#include "core/model/Surface.h"

namespace vl::core {

// A mesh edge whose two end vertices carry different keys: the edges the border crosses. a < b.
struct BoundaryEdge {
  std::int32_t a = 0, b = 0;
  std::int32_t keyA = 0, keyB = 0;  // keys at a and at b
};

// One straight piece of border inside one triangle. Seen from outside (triangles counter-clockwise) and walking
// from `from` to `to`, keyLeft's region lies on the left and keyRight's on the right.
struct BoundarySegment {
  Vec3f from{}, to{};
  std::int32_t keyLeft = 0, keyRight = 0;
  std::int32_t triangle = 0;
};

struct RoiBoundary {
  std::vector<BoundarySegment> segments;
  std::vector<BoundaryEdge> edges;         // each mesh edge once, sorted by (a, b)
  std::vector<std::uint8_t> onBoundary;    // per vertex: 1 when a neighbour carries another key
  std::size_t junctionTriangles = 0;       // triangles with three different keys
};

// Where the border crosses an edge whose ends differ.
enum class BoundaryCrossing {
  // Half way along the edge: the classic outline. On a regular mesh it zig-zags and runs ~10-15% longer than the
  // border it stands for.
  Midpoint,
  // Between the ends in proportion to how firmly each sits in its region (the balance of the two keys in its
  // one-ring): a vertex surrounded by its own key pushes the crossing away from itself. Follows smooth borders more
  // closely; still a pure function of the edge, so the outline stays closed.
  Smoothed,
};

// `keys` has one entry per vertex (Parcellation::keysFor(hemisphere)); throws std::invalid_argument otherwise.
RoiBoundary computeRoiBoundary(const Surface& surface, std::span<const std::int32_t> keys,
                               BoundaryCrossing crossing = BoundaryCrossing::Midpoint, const JobContext& context = {});

}  // namespace vl::core
