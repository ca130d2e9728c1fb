#include "core/io/RoiFileWriter.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/io/FreeSurferLabel.h"
#include "core/io/GiftiWriter.h"

namespace vl::core {

RoiFileFormat roiFileFormatFor(const std::filesystem::path& file) {
  const auto name = file.filename().string();
  if (name.ends_with(".gii")) return RoiFileFormat::GiftiLabel;
  if (name.ends_with(".label")) return RoiFileFormat::FreeSurferLabel;
  throw std::invalid_argument(file.string() + ": cannot tell the ROI format from the name; expected a name ending "
                              "in .label (FreeSurfer, one ROI) or .label.gii (GIfTI, the whole set)");
}

LabelMap roiSetLabelMap(const Parcellation& set, Hemisphere hemisphere) {
  LabelMap map;
  map.hemisphere = hemisphere;
  map.name = set.name;
  map.keys = set.keysFor(hemisphere);
  const bool hasZero = std::any_of(set.labels.begin(), set.labels.end(), [](const Label& l) { return l.key == 0; });
  if (!hasZero) map.labels.push_back({0, "???", {0.0f, 0.0f, 0.0f, 0.0f}});
  map.labels.insert(map.labels.end(), set.labels.begin(), set.labels.end());
  return map;
}

void writeRoiFile(const std::filesystem::path& file, const Parcellation& set, Hemisphere hemisphere,
                  std::int32_t key, const Surface& coordinates) {
  const auto format = roiFileFormatFor(file);
  const auto& keys = set.keysFor(hemisphere);
  if (keys.empty())
    throw std::invalid_argument("the ROI set '" + set.name + "' has no vertices on the " + toString(hemisphere) +
                                " hemisphere");
  if (format == RoiFileFormat::GiftiLabel) {
    writeGiftiLabels(file, roiSetLabelMap(set, hemisphere));
    return;
  }
  const auto label = std::find_if(set.labels.begin(), set.labels.end(), [key](const Label& l) { return l.key == key; });
  if (label == set.labels.end())
    throw std::invalid_argument("no ROI with key " + std::to_string(key) + " in '" + set.name + "'");
  if (coordinates.vertexCount() != keys.size())
    throw std::invalid_argument("the coordinate surface has " + std::to_string(coordinates.vertexCount()) +
                                " vertices, the ROI set " + std::to_string(keys.size()));
  VertexSubset subset;
  subset.comment = "!ascii label " + label->name + ", from VoxelLens, coordinates of the " +
                   toString(coordinates.kind) + " surface";
  subset.hemisphere = hemisphere;
  for (std::size_t v = 0; v < keys.size(); ++v) {
    if (keys[v] != key) continue;
    subset.vertices.push_back(static_cast<std::int32_t>(v));
    subset.positions.push_back(coordinates.vertices[v]);
    subset.values.push_back(1.0f);
  }
  if (subset.vertices.empty())
    throw std::invalid_argument("the ROI '" + label->name + "' has no vertices on the " + toString(hemisphere) +
                                " hemisphere");
  writeFreeSurferLabel(file, subset);
}

}  // namespace vl::core
