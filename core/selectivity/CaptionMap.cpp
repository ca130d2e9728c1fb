#include "core/selectivity/CaptionMap.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/analysis/KMeans.h"
#include "core/base/ParallelFor.h"
#include "core/model/LabelColours.h"
#include "core/selectivity/CaptionProjection.h"

namespace vl::core {
namespace {

void normaliseRows(MatrixD& m) {
  for (std::size_t r = 0; r < m.rows; ++r) {
    double sq = 0;
    for (std::size_t f = 0; f < m.cols; ++f) sq += m(r, f) * m(r, f);
    if (sq > 0)
      for (std::size_t f = 0; f < m.cols; ++f) m(r, f) /= std::sqrt(sq);
  }
}

}  // namespace

MatrixD projectedColumnEmbeddings(const FitFolder& encoder, const Matrix& imageEmbedding, const JobContext& context) {
  const std::size_t columns = encoder.weights.cols, dims = encoder.weights.rows;
  MatrixD out(columns, dims);
  parallelFor(
      columns,
      [&](std::size_t c) {
        const std::size_t one[] = {c};
        const auto projected = projectTargetDirection(encoder, one, imageEmbedding);
        std::copy(projected.begin(), projected.end(), &out.data[c * dims]);
      },
      context, "captioning every column");
  return out;
}

CaptionMap captionMap(const FitFolder& encoder, const Matrix& imageEmbedding, const std::vector<std::string>& captions,
                      const Matrix* captionEmbedding, const std::vector<std::string>& captionTexts,
                      const CaptionMapOptions& options, const JobContext& context) {
  const std::size_t columns = encoder.weights.cols;
  if (options.clusters < 2) throw std::invalid_argument("a caption map needs at least 2 clusters");
  if (options.clusters > columns)
    throw std::invalid_argument(std::to_string(options.clusters) + " clusters for " + std::to_string(columns) +
                                " response columns: choose fewer");
  if (imageEmbedding.cols != encoder.weights.rows)
    throw std::invalid_argument("the image embedding has " + std::to_string(imageEmbedding.cols) +
                                " dimensions, the encoder's weights " + std::to_string(encoder.weights.rows));
  if (!captions.empty() && captions.size() != imageEmbedding.rows)
    throw std::invalid_argument(std::to_string(captions.size()) + " captions for " +
                                std::to_string(imageEmbedding.rows) + " bank images");

  MatrixD points = projectedColumnEmbeddings(encoder, imageEmbedding, context.slice(0, 0.8));
  normaliseRows(points);
  KMeansOptions kOptions;
  kOptions.clusters = options.clusters;
  kOptions.restarts = options.restarts;
  kOptions.seed = options.seed;
  const auto clusters = kMeans(points, kOptions, context.slice(0.8, 0.98));

  CaptionMap out;
  out.inertia = clusters.inertia;
  out.clusterOfColumn.assign(clusters.assignment.begin(), clusters.assignment.end());
  const bool byText = captionEmbedding && !captionEmbedding->empty() && captionEmbedding->cols == points.cols &&
                      captionEmbedding->rows == captionTexts.size();
  out.namedBy = byText ? "nearest captions (text encoder)" : captions.empty() ? "" : "captions of nearest images";
  for (std::size_t k = 0; k < options.clusters; ++k) {
    CaptionCluster cluster;
    cluster.key = std::int32_t(k + 1);
    cluster.columns = clusters.sizes[k];
    const std::span<const double> centre(&clusters.centroids.data[k * points.cols], points.cols);
    if (byText) {
      for (const auto& nearest : nearestCaptions(centre, *captionEmbedding, captionTexts, options.captionsPerCluster))
        cluster.nearestCaptions.push_back(nearest.caption);
    } else if (!captions.empty()) {
      // The bank images' embeddings stand in for caption embeddings: each row is captioned by its image's caption.
      for (const auto& nearest : nearestCaptions(centre, imageEmbedding, captions, options.captionsPerCluster))
        cluster.nearestCaptions.push_back(nearest.caption);
    }
    for (const auto& keyword : rankWeightedKeywords(cluster.nearestCaptions, options.wordsPerCluster))
      cluster.words.push_back(keyword.word);
    for (const auto& word : cluster.words) cluster.name += (cluster.name.empty() ? "" : " ") + word;
    if (cluster.name.empty()) cluster.name = "cluster " + std::to_string(k + 1);
    out.legend.push_back(std::move(cluster));
  }
  context.report(1.0, "caption map");
  return out;
}

Parcellation captionMapLabels(const CaptionMap& map, const ColumnMap& columns,
                              const std::array<const Surface*, 2>& surfaces, float maxDistanceMm) {
  if (map.clusterOfColumn.size() != columns.columnCount())
    throw std::invalid_argument("the caption map has " + std::to_string(map.clusterOfColumn.size()) +
                                " columns, the study " + std::to_string(columns.columnCount()));
  Parcellation out;
  out.name = "caption map (k = " + std::to_string(map.legend.size()) + ")";
  out.labels.push_back({0, "no column", {0.0f, 0.0f, 0.0f, 0.0f}});
  for (std::size_t k = 0; k < map.legend.size(); ++k)
    out.labels.push_back({map.legend[k].key, map.legend[k].name, distinctLabelColour(k)});
  std::vector<float> keys(map.clusterOfColumn.size());
  for (std::size_t c = 0; c < keys.size(); ++c) keys[c] = float(map.clusterOfColumn[c] + 1);
  for (auto side : {Hemisphere::Left, Hemisphere::Right}) {
    const Surface* surface = surfaces[hemisphereIndex(side)];
    if (!surface) continue;
    const auto spread = columns.spreadToVertices(keys, *surface, maxDistanceMm);
    auto& vertexKeys = out.keys[hemisphereIndex(side)];
    vertexKeys.resize(spread.size());
    for (std::size_t v = 0; v < spread.size(); ++v)
      vertexKeys[v] = std::isnan(spread[v]) ? 0 : std::int32_t(std::lround(spread[v]));
  }
  return out;
}

}  // namespace vl::core
