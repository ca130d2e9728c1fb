#pragma once
// The caption map: every response column captioned the BrainSCUBA way (projectTargetDirection with the column alone
// as the target, CaptionProjection.h) and the columns grouped by what their captions say: k-means (KMeans.h) on the
// unit projected embeddings, each cluster named by the content words of the bank captions nearest its centre (in the
// text encoder's space when there is one, else the captions of the bank images nearest it in the image space).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/jobs/JobContext.h"
#include "core/model/Parcellation.h"
#include "core/model/Surface.h"
#include "core/study/ColumnMap.h"
#include "core/study/FitFolder.h"

namespace vl::core {

struct CaptionMapOptions {
  std::size_t clusters = 7;   // k, user-chosen
  std::size_t restarts = 10;  // k-means++ starts, the best kept
  std::uint64_t seed = 7;
  std::size_t wordsPerCluster = 3;
  std::size_t captionsPerCluster = 10;  // nearest captions whose words name a cluster
};

struct CaptionCluster {
  std::int32_t key = 0;  // label key of the layer: cluster number + 1 (0 is "no column")
  std::string name;      // its top words joined, e.g. "face portrait smiling"
  std::vector<std::string> words;
  std::vector<std::string> nearestCaptions;
  std::size_t columns = 0;
};

struct CaptionMap {
  std::vector<std::int32_t> clusterOfColumn;  // per response column: 0..k-1 (the legend's key is this + 1)
  std::vector<CaptionCluster> legend;         // by cluster, largest first
  std::string namedBy;                        // "nearest captions (text encoder)" or "captions of nearest images"
  double inertia = 0;
};

// Per-column projected embeddings (columns x features, not normalised), as the caption map clusters them after
// normalising. Parallel over columns; progress over columns.
MatrixD projectedColumnEmbeddings(const FitFolder& encoder, const Matrix& imageEmbedding, const JobContext& context = {});

// `captions`: one per bank image (may be empty: clusters are then named "cluster N"); `captionEmbedding` and
// `captionTexts`: the text encoder's rows for captionTexts (optional, nullptr). Throws std::invalid_argument for
// k < 2 or more clusters than columns, or inputs of different dimensions.
CaptionMap captionMap(const FitFolder& encoder, const Matrix& imageEmbedding, const std::vector<std::string>& captions,
                      const Matrix* captionEmbedding, const std::vector<std::string>& captionTexts,
                      const CaptionMapOptions& options = {}, const JobContext& context = {});

// The caption map as a label layer (an ROI set): each vertex takes the cluster of its nearest column along the
// hemisphere's surface within maxDistanceMm (ColumnMap::spreadToVertices), key 0 ("no column") elsewhere.
// surfaces[h]: the hemisphere's reference surface, nullptr to leave it empty.
Parcellation captionMapLabels(const CaptionMap& map, const ColumnMap& columns,
                              const std::array<const Surface*, 2>& surfaces, float maxDistanceMm = 3.0f);

}  // namespace vl::core
