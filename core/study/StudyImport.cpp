#include "core/study/StudyImport.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "core/geometry/VertexNormals.h"
#include "core/geometry/VolumeToSurface.h"
#include "core/model/LabelColours.h"
#include "core/io/DataFileConversion.h"

namespace vl::core {
namespace {

std::size_t vertexCount(const StudySnapshot& study, Hemisphere h) { return study.vertexCount(h); }

std::string hemisphereCounts(const StudySnapshot& study) {
  return "the left surface has " + std::to_string(vertexCount(study, Hemisphere::Left)) +
         " vertices, the right " + std::to_string(vertexCount(study, Hemisphere::Right));
}

// The hemisphere whose vertex count matches: the one the file names, else the only one that fits.
Hemisphere chooseHemisphere(const StudySnapshot& study, std::optional<Hemisphere> named, std::size_t count,
                            const DataFile& file) {
  if (named) {
    if (vertexCount(study, *named) == count) return *named;
    throw std::invalid_argument(file.path.filename().string() + " has " + std::to_string(count) + " values for the " +
                                toString(*named) + " hemisphere, but " + hemisphereCounts(study) +
                                "; nothing was added");
  }
  const bool left = vertexCount(study, Hemisphere::Left) == count;
  const bool right = vertexCount(study, Hemisphere::Right) == count;
  if (left && !right) return Hemisphere::Left;
  if (right && !left) return Hemisphere::Right;
  if (left && right)
    throw std::invalid_argument(file.path.filename().string() + " fits both hemispheres (" + std::to_string(count) +
                                " vertices); name it lh.* or rh.* to say which; nothing was added");
  throw std::invalid_argument(file.path.filename().string() + " has " + std::to_string(count) + " values, but " +
                              hemisphereCounts(study) + "; nothing was added");
}

void addLayer(StudyAdditions& additions, std::shared_ptr<SurfaceLayer> layer) {
  auto display = scalarDisplayFor(*layer);
  additions.layers.emplace_back(std::move(layer), std::move(display));
}

StudyAdditions addScalarMaps(const StudySnapshot& study, const ScalarMaps& maps, const DataFile& file) {
  const Hemisphere h = chooseHemisphere(study, maps.hemisphere, maps.vertexCount(), file);
  const std::size_t count = std::min(maps.maps.size(), kMaxLayersPerFile);
  StudyAdditions additions;
  for (std::size_t m = 0; m < count; ++m) {
    auto layer = std::make_shared<SurfaceLayer>();
    layer->name = m < maps.names.size() ? maps.names[m] : file.path.filename().string();
    layer->kind = LayerKind::Scalar;
    layer->values[hemisphereIndex(h)] = maps.maps[m];
    addLayer(additions, std::move(layer));
  }
  std::string text = "added " + std::to_string(count) + " layer(s) on the " + toString(h) + " hemisphere";
  if (count < maps.maps.size()) text += " (the first " + std::to_string(count) + " of " + std::to_string(maps.maps.size()) + " maps)";
  additions.summary = std::move(text);
  return additions;
}

StudyAdditions addLabels(const StudySnapshot& study, const LabelMap& labels, const DataFile& file) {
  const Hemisphere h = chooseHemisphere(study, labels.hemisphere, labels.vertexCount(), file);
  auto parcellation = std::make_shared<Parcellation>();
  parcellation->name = labels.name.empty() ? file.path.filename().string() : labels.name;
  parcellation->labels = labels.labels;
  parcellation->keys[hemisphereIndex(h)] = labels.keys;
  StudyAdditions additions;
  additions.summary = "added ROI set '" + parcellation->name + "' (" + std::to_string(labels.labels.size()) +
                      " labels) on the " + toString(h) + " hemisphere";
  additions.roiSets.emplace_back(std::move(parcellation), RoiDisplay{});
  return additions;
}

StudyAdditions addSubset(const StudySnapshot& study, const VertexSubset& subset, const DataFile& file) {
  const Hemisphere h = subset.hemisphere.value_or(Hemisphere::Left);
  const std::size_t n = vertexCount(study, h);
  for (auto v : subset.vertices)
    if (v < 0 || static_cast<std::size_t>(v) >= n)
      throw std::invalid_argument(file.path.filename().string() + " names vertex " + std::to_string(v) + ", but the " +
                                  toString(h) + " surface has " + std::to_string(n) + " vertices; nothing was added");
  auto parcellation = std::make_shared<Parcellation>();
  parcellation->name = file.path.filename().string();
  parcellation->labels = {{1, file.path.stem().string(), {1.0f, 0.85f, 0.1f, 1.0f}}};
  parcellation->keys[hemisphereIndex(h)].assign(n, 0);
  for (auto v : subset.vertices) parcellation->keys[hemisphereIndex(h)][static_cast<std::size_t>(v)] = 1;
  StudyAdditions additions;
  additions.summary = "added ROI '" + parcellation->name + "' (" + std::to_string(subset.vertices.size()) +
                      " vertices) on the " + toString(h) + " hemisphere";
  additions.roiSets.emplace_back(std::move(parcellation), RoiDisplay{});
  return additions;
}

// An atlas stored as a volume (integer voxels, few distinct values, e.g. Harvard-Oxford maximum probability maps):
// its values are region numbers, which must not be interpolated. An 8-bit T1 image also has integer voxels and
// few distinct values; what tells them apart is that an atlas is piecewise constant: neighbouring labelled voxels
// almost always carry the same value, neighbouring T1 voxels usually do not.
std::optional<std::vector<std::int32_t>> labelValues(const Volume& volume, const std::string& storedType) {
  const bool integerType = storedType.find("INT") != std::string::npos || storedType.find("int") != std::string::npos;
  if (!integerType) return std::nullopt;
  std::vector<std::int32_t> seen;
  for (std::size_t i = 0; i < volume.voxelsPerFrame(); ++i) {
    const float v = volume.voxels[i];
    if (v != std::floor(v)) return std::nullopt;
    const auto key = static_cast<std::int32_t>(v);
    if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
      seen.push_back(key);
      if (seen.size() > 2000) return std::nullopt;
    }
  }
  std::size_t pairs = 0, changes = 0;
  for (std::size_t i = 0; i + 1 < volume.voxelsPerFrame(); ++i) {
    if (volume.voxels[i] == 0 || volume.voxels[i + 1] == 0 || (i + 1) % static_cast<std::size_t>(volume.dims[0]) == 0)
      continue;
    ++pairs;
    changes += volume.voxels[i] != volume.voxels[i + 1];
  }
  if (pairs == 0 || double(changes) / double(pairs) > 0.2) return std::nullopt;
  std::sort(seen.begin(), seen.end());
  return seen;
}

StudyAdditions addLabelVolume(const StudySnapshot& study, const Volume& volume, const std::vector<std::int32_t>& keys,
                              const DataFile& file) {
  std::vector<Label> labels;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] != 0)  // 0 is background in every atlas volume
      labels.push_back({keys[i], "region " + std::to_string(keys[i]), distinctLabelColour(i)});
  const auto name = file.path.filename().string();
  const auto regions = labels.size();
  StudyAdditions additions;
  additions.roiSets.emplace_back(sampleAtlasVolume(study, volume, name, std::move(labels)), RoiDisplay{});
  // The file name is the set's name and MainWindow puts it before the summary: say it once.
  additions.summary = "an ROI set of " + std::to_string(regions) + " regions (atlas volume, nearest voxel)";
  return additions;
}

StudyAdditions addVolume(const StudySnapshot& study, const Volume& volume, const DataFile& file) {
  if (const auto keys = labelValues(volume, file.storedType)) return addLabelVolume(study, volume, *keys, file);
  auto layer = std::make_shared<SurfaceLayer>();
  layer->name = file.path.filename().string();
  layer->kind = LayerKind::Scalar;
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right})
    if (const auto surface = study.referenceSurface(h))
      layer->values[hemisphereIndex(h)] = sampleVolumeAtVertices(volume, surface->vertices);
  StudyAdditions additions;
  additions.summary = "a layer (volume sampled trilinearly)";
  addLayer(additions, std::move(layer));
  return additions;
}

StudyAdditions addCifti(const StudySnapshot& study, const CiftiSurfaceData& cifti, const DataFile& file) {
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right})
    if (auto n = cifti.vertexCount(h); n && *n != vertexCount(study, h))
      throw std::invalid_argument(file.path.filename().string() + " has " + std::to_string(*n) + " vertices for the " +
                                  toString(h) + " hemisphere, but " + hemisphereCounts(study) + "; nothing was added");
  if (cifti.kind == CiftiSurfaceData::Kind::Labels) {
    auto parcellation = std::make_shared<Parcellation>();
    parcellation->name = cifti.mapNames.empty() ? file.path.filename().string() : cifti.mapNames.front();
    for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right}) {
      const auto& sets = h == Hemisphere::Left ? cifti.leftLabels : cifti.rightLabels;
      if (!sets || sets->empty()) continue;
      parcellation->keys[hemisphereIndex(h)] = sets->front().keys;
      if (parcellation->labels.empty()) parcellation->labels = sets->front().labels;
    }
    StudyAdditions additions;
    additions.summary = "added ROI set '" + parcellation->name + "' from the first label map";
    additions.roiSets.emplace_back(std::move(parcellation), RoiDisplay{});
    return additions;
  }
  StudyAdditions additions;
  const std::size_t count = std::min(cifti.mapNames.size(), kMaxLayersPerFile);
  for (std::size_t m = 0; m < count; ++m) {
    auto layer = std::make_shared<SurfaceLayer>();
    layer->name = cifti.mapNames[m];
    layer->kind = LayerKind::Scalar;
    if (cifti.left) layer->values[0] = cifti.left->maps[m];
    if (cifti.right) layer->values[1] = cifti.right->maps[m];
    addLayer(additions, std::move(layer));
  }
  additions.summary = "added " + std::to_string(count) + " layer(s) from both hemispheres";
  return additions;
}

// The check Study::addLayer and addRoiSet make, for every item before any is added.
void requireFits(const Study& study, const std::string& what, const std::array<std::size_t, 2>& counts) {
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right}) {
    const std::size_t expected = study.hemisphere(h).vertexCount();
    const std::size_t actual = counts[hemisphereIndex(h)];
    if (actual != 0 && actual != expected)
      throw std::invalid_argument(what + " has " + std::to_string(actual) + " values on the " + toString(h) +
                                  " hemisphere, but the study's surface has " + std::to_string(expected) +
                                  " vertices now; nothing was added");
  }
}
}  // namespace

StudyAdditions prepareAdditions(const StudySnapshot& study, const DataFile& file) {
  if (std::holds_alternative<Surface>(file.content))
    throw std::invalid_argument(file.path.filename().string() + " is a surface: open it as a new study");
  if (const auto* labels = std::get_if<LabelMap>(&file.content)) return addLabels(study, *labels, file);
  if (const auto* subset = std::get_if<VertexSubset>(&file.content)) return addSubset(study, *subset, file);
  if (const auto* volume = std::get_if<Volume>(&file.content)) return addVolume(study, *volume, file);
  if (const auto* cifti = std::get_if<CiftiSurfaceData>(&file.content)) return addCifti(study, *cifti, file);
  return addScalarMaps(study, scalarMapsFrom(file), file);
}

void applyAdditions(Study& study, const StudyAdditions& additions) {
  for (const auto& [layer, display] : additions.layers)
    requireFits(study, "layer '" + layer->name + "'", {layer->values[0].size(), layer->values[1].size()});
  for (const auto& [set, display] : additions.roiSets)
    requireFits(study, "ROI set '" + set->name + "'", {set->keys[0].size(), set->keys[1].size()});
  for (const auto& [layer, display] : additions.layers) study.addLayer(layer, display);
  for (const auto& [set, display] : additions.roiSets) study.addRoiSet(set, display);
}

std::string addToStudy(Study& study, const DataFile& file) {
  auto additions = prepareAdditions(study.snapshot(), file);
  applyAdditions(study, additions);
  return std::move(additions.summary);
}

void addAtlasVolume(Study& study, const Volume& volume, std::string name, std::vector<Label> labels,
                    std::span<const float> depthsMm, RoiDisplay display) {
  study.addRoiSet(sampleAtlasVolume(study.snapshot(), volume, std::move(name), std::move(labels), depthsMm), display);
}

std::shared_ptr<Parcellation> sampleAtlasVolume(const StudySnapshot& study, const Volume& volume, std::string name,
                                                std::vector<Label> labels, float depthMm) {
  const float depths[1] = {depthMm};
  return sampleAtlasVolume(study, volume, std::move(name), std::move(labels), depths);
}

std::shared_ptr<Parcellation> sampleAtlasVolume(const StudySnapshot& study, const Volume& volume, std::string name,
                                                std::vector<Label> labels, std::span<const float> depthsMm) {
  if (depthsMm.empty()) throw std::invalid_argument("sampleAtlasVolume: " + name + ": no sampling depth given");
  auto parcellation = std::make_shared<Parcellation>();
  parcellation->name = std::move(name);
  parcellation->labels = std::move(labels);
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right}) {
    const auto surface = study.referenceSurface(h);
    if (!surface) continue;
    const std::size_t n = surface->vertices.size();
    // Normals only when a depth moves the points (an atlas opened from File > Open is sampled at the surface).
    const bool offSurface = std::any_of(depthsMm.begin(), depthsMm.end(), [](float depth) { return depth != 0.0f; });
    const auto normals =
        offSurface ? computeVertexNormals(surface->vertices, surface->triangles) : std::vector<Vec3f>(n);
    // Region key at every depth, depth-major.
    std::vector<std::int32_t> found(depthsMm.size() * n, 0);
    for (std::size_t d = 0; d < depthsMm.size(); ++d) {
      std::vector<Vec3f> points = surface->vertices;
      for (std::size_t v = 0; v < n; ++v)
        for (int k = 0; k < 3; ++k) points[v][k] += depthsMm[d] * normals[v][k];
      const auto sampled = sampleVolumeAtVertices(volume, points, VolumeSampling::Nearest);
      for (std::size_t v = 0; v < n; ++v)
        found[d * n + v] = std::isfinite(sampled[v]) ? static_cast<std::int32_t>(std::lround(sampled[v])) : 0;
    }
    auto& keys = parcellation->keys[hemisphereIndex(h)];
    keys.assign(n, 0);
    for (std::size_t v = 0; v < n; ++v) {
      int bestVotes = 0;
      for (std::size_t d = 0; d < depthsMm.size(); ++d) {
        const auto candidate = found[d * n + v];
        if (candidate == 0 || candidate == keys[v]) continue;
        int votes = 0;
        for (std::size_t e = 0; e < depthsMm.size(); ++e) votes += found[e * n + v] == candidate;
        if (votes > bestVotes) bestVotes = votes, keys[v] = candidate;
      }
    }
  }
  return parcellation;
}

LayerDisplay scalarDisplayFor(const SurfaceLayer& layer) {
  std::vector<float> finite;
  for (const auto& values : layer.values)
    for (float v : values)
      if (std::isfinite(v)) finite.push_back(v);
  LayerDisplay display;
  display.colourMap = "viridis";
  if (finite.empty()) return display;
  auto quantile = [&](double q) {
    auto nth = finite.begin() + static_cast<std::ptrdiff_t>(q * double(finite.size() - 1));
    std::nth_element(finite.begin(), nth, finite.end());
    return double(*nth);
  };
  const double low = quantile(0.02), high = quantile(0.98);
  if (low < 0 && high > 0) {
    const double extent = std::max(-low, high);
    display.colourMap = "coolwarm";
    display.rangeMin = -extent;
    display.rangeMax = extent;
  } else {
    display.rangeMin = low;
    display.rangeMax = high > low ? high : low + 1.0;
  }
  return display;
}

}  // namespace vl::core
