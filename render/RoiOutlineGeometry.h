#pragma once
// Turns the border of a per-vertex label map (core/geometry/RoiBoundary) into VTK line geometry drawn on a surface:
// one line cell per border segment, each end lifted a little along the surface normal there so that the line lies
// in front of the triangle it crosses and is never swallowed by the depth test, whatever the zoom. The normal at a
// point is the barycentric blend of the triangle's vertex normals; a point on an edge therefore gets the same
// normal from both triangles of that edge, and neighbouring segments stay joined.
#include <vtkSmartPointer.h>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/geometry/RoiBoundary.h"
#include "core/model/Parcellation.h"
#include "core/model/Surface.h"

class vtkPolyData;

namespace vl::render {

// How far outlines are lifted off the surface, in mm: well under a triangle's size on a cortical mesh (about
// 1 mm edges), well over the depth buffer's resolution at brain scale.
inline constexpr float kOutlineLiftMm = 0.2f;

// The colour (RGB bytes) a border segment is drawn in when outlines use label colours: the colour of the label on
// one side. A border between a label and unlabelled vertices (keys not in the table, or whose label is transparent
// like GIfTI's "???" and FreeSurfer's "unknown") takes the label's colour; a
// border between two labels the colour of the one with the smaller key, so the choice never depends on the
// direction in which the segment was found.
using SegmentColour = std::function<std::array<std::uint8_t, 3>(std::int32_t keyLeft, std::int32_t keyRight)>;
SegmentColour labelColourOfSegment(const core::Parcellation& parcellation);

// Keeps only the segments for which `keep` is true (e.g. those of one selected ROI).
using SegmentFilter = std::function<bool(const core::BoundarySegment&)>;

// Line geometry for `boundary`, computed on `surface` (whose vertex normals are `normals`): two points per segment,
// lifted by `lift` mm, one line cell per segment with cell scalars "colours" (RGB bytes) when `colour` is given.
vtkSmartPointer<vtkPolyData> outlinePolyData(const core::RoiBoundary& boundary, const core::Surface& surface,
                                             const std::vector<core::Vec3f>& normals, float lift,
                                             const SegmentColour& colour = {}, const SegmentFilter& keep = {});

}  // namespace vl::render
