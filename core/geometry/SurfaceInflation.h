#pragma once
// Inflation of a white or pial surface for display (FreeSurfer's mris_inflate in spirit): the folds are smoothed
// away so that sulci become visible, while the vertex count, vertex order and triangles stay those of the input, so
// every per-vertex layer still applies. Each iteration moves vertices towards their neighbours' mean (the spring
// term), pulls edge lengths back towards their original lengths (a small metric term that keeps the areal
// distortion down) and rescales the mesh about its centroid to the input's total area, so the inflated brain keeps
// its size instead of shrinking as plain Laplacian smoothing does.
#include <cstddef>
#include <vector>

#include "core/jobs/JobContext.h"
#include "core/model/Surface.h"

namespace vl::core {

struct InflationOptions {
  int maxIterations = 300;
  float step = 0.5f;              // fraction of the way to the neighbours' mean per iteration (0 < step <= 1)
  float distanceWeight = 0.1f;    // weight of the pull of each edge back to its original length (0 = off)
  int curvatureCheckInterval = 20;   // iterations between checks of the stopping rule
  // Stop when mean |mean curvature| fell by less than this fraction over one check interval: the folds are gone
  // and further iterations would only round the whole hemisphere off.
  double curvatureTolerance = 2e-3;
};

struct InflationResult {
  Surface inflated;                    // same vertex order and triangles; kind = Inflated
  std::vector<float> arealDistortion;  // per vertex log2(area inflated / area original), NaN where original area is 0
  double meanAbsLog2Distortion = 0;
  double log2DistortionPercentile5 = 0, log2DistortionPercentile95 = 0;
  // Triangles whose normal points against the mean normal of their three vertices: folds that the smoothing turned
  // inside out. Should be zero; the renderer would show them as dark specks.
  std::size_t flippedTriangles = 0;
  int iterations = 0;
  double meanAbsCurvatureBefore = 0, meanAbsCurvatureAfter = 0;  // area-weighted mean of |H|, 1/mm
};

InflationResult inflateSurface(const Surface& surface, const InflationOptions& options = {},
                               const JobContext& context = {});

// Triangles whose normal points against the sum of their vertices' area-weighted normals.
std::size_t countFlippedTriangles(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles);

// Each vertex's share of triangle area: a third of the area of every triangle it belongs to.
std::vector<double> vertexAreas(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles);

}  // namespace vl::core
