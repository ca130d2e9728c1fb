#pragma once
// Which vertex each response column belongs to. Responses (trials x columns) cover either every vertex of both
// hemispheres or a subset (a visual-cortex mask sampled every few mm); per-column results (R^2, weights,
// selectivity) are shown on the full mesh by giving each vertex the value of its nearest column within a few mm.
#include <cstdint>
#include <span>
#include <vector>

#include "core/model/Surface.h"

namespace vl::core {

class ColumnMap {
public:
  ColumnMap() = default;
  // columnVertices[h]: vertex ids of hemisphere h's columns in column order (h = 0 left, 1 right); columns of the
  // left hemisphere come first. vertexCounts[h]: that hemisphere's vertex count. Throws std::invalid_argument for
  // an id outside its hemisphere.
  ColumnMap(std::vector<std::int32_t> leftColumns, std::size_t leftVertices, std::vector<std::int32_t> rightColumns,
            std::size_t rightVertices);
  static ColumnMap everyVertex(std::size_t leftVertices, std::size_t rightVertices);

  std::size_t columnCount() const { return columns_[0].size() + columns_[1].size(); }
  std::size_t columnCount(Hemisphere hemisphere) const { return columns_[hemisphereIndex(hemisphere)].size(); }
  std::size_t firstColumn(Hemisphere hemisphere) const { return hemisphere == Hemisphere::Left ? 0 : columns_[0].size(); }
  std::span<const std::int32_t> columnVertices(Hemisphere hemisphere) const { return columns_[hemisphereIndex(hemisphere)]; }
  std::size_t vertexCount(Hemisphere hemisphere) const { return vertexCounts_[hemisphereIndex(hemisphere)]; }
  // The study-wide column of a vertex (right-hemisphere columns follow the left's, as in the response matrices), or
  // -1 when the vertex is not a column itself.
  std::int64_t columnOfVertex(Hemisphere hemisphere, std::int32_t vertex) const;

  // One value per vertex of the hemisphere from one value per column (all columns, both hemispheres): a vertex
  // takes the value of the nearest column of its hemisphere, measured along the mesh's edges of `surface` (that
  // hemisphere's white or pial surface, so that values never jump across a sulcus), when it lies within
  // maxDistanceMm, NaN otherwise. Throws std::invalid_argument for a wrong value or vertex count.
  std::vector<float> spreadToVertices(std::span<const float> perColumn, const Surface& surface,
                                      float maxDistanceMm = 3.0f) const;

private:
  std::vector<std::int32_t> columns_[2];
  std::size_t vertexCounts_[2] = {0, 0};
  std::vector<std::int64_t> columnOfVertex_[2];
};

}  // namespace vl::core
