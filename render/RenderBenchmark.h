#pragma once
// `voxellens bench render`: frames per second of our scene (at rest with every layer, and while the camera turns
// with level-of-detail proxies) against a bare VTK pipeline drawing the same full meshes, in one run, offscreen.
#include <memory>
#include <string>
#include <vector>

#include "core/io/MeshCacheFile.h"
#include "core/jobs/JobContext.h"
#include "core/model/Study.h"

namespace vl::render {

struct FrameRate {
  std::string name;
  double framesPerSecond = 0;
  double peerFramesPerSecond = 0;  // the bare VTK pipeline on the same meshes
  std::string peerName;
};

struct RenderBenchmarkResult {
  std::size_t triangles = 0, proxyTriangles = 0;
  std::vector<FrameRate> rates;
};

// The bench scene: the demo brain's surfaces with curvature shading, sulcal depth as a viridis overlay on top and
// an 8-label parcellation in bands from posterior to anterior.
std::shared_ptr<core::Study> makeBenchmarkStudy(const core::CachedMeshes& demoBrain);

// Renders `frames` frames per measurement at width x height, turning the camera 3 degrees per frame.
RenderBenchmarkResult benchmarkRendering(std::shared_ptr<core::Study> study, int width, int height, int frames,
                                         const core::JobContext& context = {});

}  // namespace vl::render
