#include "core/analysis/RoiRsa.h"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

namespace vl::core {

RoiRsaMap computeRoiRsaMap(const Matrix& responses, const std::vector<std::int32_t>& keys, const Matrix& embedding,
                           RdmMetric metric, std::size_t minimumVertices, const JobContext& context) {
  if (keys.size() != responses.cols)
    throw std::invalid_argument("RSA: " + std::to_string(keys.size()) + " ROI keys for " +
                                std::to_string(responses.cols) + " vertices");
  if (embedding.rows != responses.rows)
    throw std::invalid_argument("RSA: " + std::to_string(embedding.rows) + " embedded items for " +
                                std::to_string(responses.rows) + " response patterns");
  std::map<std::int32_t, std::vector<std::size_t>> members;
  for (std::size_t v = 0; v < keys.size(); ++v)
    if (keys[v] > 0) members[keys[v]].push_back(v);
  const auto modelRdm = rdm(embedding, metric);
  RoiRsaMap map;
  map.perVertex.assign(keys.size(), std::numeric_limits<float>::quiet_NaN());
  std::size_t done = 0;
  for (const auto& [key, vertices] : members) {
    context.throwIfStopped();
    context.report(double(done++) / double(members.size()), "RSA for ROI " + std::to_string(key));
    RoiRsa roi{key, vertices.size(), std::numeric_limits<double>::quiet_NaN()};
    if (vertices.size() >= minimumVertices) {
      Matrix patterns(responses.rows, vertices.size());
      for (std::size_t item = 0; item < responses.rows; ++item)
        for (std::size_t k = 0; k < vertices.size(); ++k) patterns(item, k) = responses(item, vertices[k]);
      roi.spearman = spearman(rdm(patterns, metric), modelRdm);
      for (auto v : vertices) map.perVertex[v] = static_cast<float>(roi.spearman);
    }
    map.rois.push_back(roi);
  }
  context.report(1.0, "RSA done");
  return map;
}

}  // namespace vl::core
