#pragma once
// Searchlight-free RSA map: for every ROI of a parcellation, the Spearman correlation between the ROI's RDM
// (item response patterns over its vertices) and a model's RDM (item embeddings), painted on the ROI's vertices.
// The per-vertex result is a scalar layer (NaN outside ROIs and in ROIs too small to have a pattern).
#include <cstdint>
#include <vector>

#include "core/base/Matrix.h"
#include "core/analysis/Rsa.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct RoiRsa {
  std::int32_t key = 0;
  std::size_t vertices = 0;
  double spearman = 0;  // NaN when the ROI has fewer than minimumVertices vertices
};

struct RoiRsaMap {
  std::vector<RoiRsa> rois;     // in increasing key order
  std::vector<float> perVertex;  // the ROI's value at each of its vertices, NaN elsewhere
};

// responses: items x vertices; keys: one ROI key per vertex (0 and negative keys are "no ROI"); embedding: items x d.
// Throws std::invalid_argument when the shapes disagree.
RoiRsaMap computeRoiRsaMap(const Matrix& responses, const std::vector<std::int32_t>& keys, const Matrix& embedding,
                           RdmMetric metric = RdmMetric::Correlation, std::size_t minimumVertices = 10,
                           const JobContext& context = {});

}  // namespace vl::core
