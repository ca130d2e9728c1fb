#include "core/io/StudyFolderLoader.h"

#include <algorithm>
#include <cstring>

#include "core/FormatError.h"
#include "core/demo/DemoStudy.h"
#include "core/io/DataFile.h"
#include "core/io/NpyReader.h"
#include "core/io/StimulusFolderSource.h"
#include "core/io/StudyImport.h"

namespace vl::core {
namespace fs = std::filesystem;

namespace {

SurfaceKind surfaceKindFromName(const std::string& name) {
  for (SurfaceKind kind : {SurfaceKind::White, SurfaceKind::Pial, SurfaceKind::Midthickness, SurfaceKind::Inflated,
                           SurfaceKind::VeryInflated, SurfaceKind::Sphere, SurfaceKind::Flat})
    if (toString(kind) == name) return kind;
  if (name == "very_inflated" || name == "veryinflated") return SurfaceKind::VeryInflated;
  if (name == "midthickness" || name == "mid") return SurfaceKind::Midthickness;
  return SurfaceKind::Other;
}

Hemisphere hemisphereFromName(const std::string& name) { return name == "rh" ? Hemisphere::Right : Hemisphere::Left; }

std::vector<std::int32_t> readColumnVertices(const fs::path& file, std::size_t expected) {
  const NpyArray array = readNpy(file);
  if (array.dtype != NpyArray::DType::Int32 || array.shape.size() != 1 ||
      static_cast<std::size_t>(array.shape[0]) != expected)
    throw FormatError(file, "header",
                      "expected int32 vertex ids of shape (" + std::to_string(expected) + ",) as study.json says");
  std::vector<std::int32_t> ids(expected);
  std::memcpy(ids.data(), array.data.data(), expected * sizeof(std::int32_t));
  return ids;
}

ResponseSet readResponses(const StudyManifest& manifest, const StudyResponseSet& entry, std::size_t stimulusCount) {
  const fs::path betasFile = manifest.resolve(entry.betas);
  const fs::path stimulusFile = manifest.resolve(entry.stimulus);
  NpyArray betas = readNpy(betasFile);
  const std::size_t columns = manifest.columns.count();
  if (betas.dtype != NpyArray::DType::Float32 || betas.shape.size() != 2 ||
      static_cast<std::size_t>(betas.shape[1]) != columns)
    throw FormatError(betasFile, "header",
                      "expected float32 responses of shape (rows, " + std::to_string(columns) +
                          ") (the study has " + std::to_string(columns) + " columns)");
  ResponseSet set;
  set.rows = static_cast<std::size_t>(betas.shape[0]);
  set.columns = columns;
  set.repeats = entry.repeats;
  set.betas = betas.toFloat();
  betas = {};
  const NpyArray stimulus = readNpy(stimulusFile);
  if (stimulus.dtype != NpyArray::DType::Int32 || stimulus.shape.size() != 1 ||
      static_cast<std::size_t>(stimulus.shape[0]) != set.rows)
    throw FormatError(stimulusFile, "header",
                      "expected int32 stimulus indices of shape (" + std::to_string(set.rows) + ",), one per row of " +
                          betasFile.filename().string());
  set.stimulus.resize(set.rows);
  std::memcpy(set.stimulus.data(), stimulus.data.data(), set.rows * sizeof(std::int32_t));
  for (std::size_t r = 0; r < set.rows; ++r)
    if (set.stimulus[r] < 0 || static_cast<std::size_t>(set.stimulus[r]) >= stimulusCount)
      throw FormatError(stimulusFile, "element " + std::to_string(r),
                        "stimulus index " + std::to_string(set.stimulus[r]) + " is outside 0.." +
                            std::to_string(stimulusCount) + "-1");
  return set;
}

ColumnMap readColumnMap(const StudyManifest& manifest) {
  if (manifest.columns.kind != "surface") return {};
  std::vector<std::int32_t> ids[2];
  std::size_t vertices[2] = {0, 0};
  for (const auto& hemisphere : manifest.columns.hemispheres) {
    const std::size_t h = hemisphere.name == "rh" ? 1 : 0;
    vertices[h] = hemisphere.vertices;
    if (hemisphere.columnVertices.empty()) {
      ids[h].resize(hemisphere.vertices);
      for (std::size_t v = 0; v < hemisphere.vertices; ++v) ids[h][v] = static_cast<std::int32_t>(v);
    } else {
      ids[h] = readColumnVertices(manifest.resolve(hemisphere.columnVertices), hemisphere.columnCount);
    }
  }
  try {
    return ColumnMap(std::move(ids[0]), vertices[0], std::move(ids[1]), vertices[1]);
  } catch (const std::invalid_argument& error) {
    throw FormatError(studyManifestPath(manifest.folder), "columns", error.what());
  }
}

std::shared_ptr<Study> loadSurfaces(const StudyManifest& manifest, const JobContext& context) {
  CachedMeshes primary, others;
  std::size_t done = 0, total = 0;
  for (const auto& hemisphere : manifest.columns.hemispheres) total += hemisphere.surfaces.size();
  for (const auto& hemisphere : manifest.columns.hemispheres) {
    bool first = true;
    for (const auto& [kind, relative] : hemisphere.surfaces) {
      const fs::path file = manifest.resolve(relative);
      context.report(0.6 * double(done++) / double(std::max<std::size_t>(total, 1)), "Reading " + relative.string());
      DataFile read = readDataFile(file);
      auto* surface = std::get_if<Surface>(&read.content);
      if (!surface) throw FormatError(file, "", "a " + contentKind(read.content) + ", expected a surface");
      if (surface->vertexCount() != hemisphere.vertices)
        throw FormatError(file, "", "has " + std::to_string(surface->vertexCount()) + " vertices; study.json says " +
                                        std::to_string(hemisphere.vertices) + " for " + hemisphere.name);
      surface->hemisphere = hemisphereFromName(hemisphere.name);
      surface->kind = surfaceKindFromName(kind);
      (first ? primary : others).surfaces.push_back(std::move(*surface));
      first = false;
      context.throwIfStopped();
    }
  }
  // Shading comes from each hemisphere's first surface (white or pial: folding, not the inflated shape).
  context.report(0.6, "Computing curvature and sulcal depth");
  addShadingLayers(primary);
  for (auto& surface : others.surfaces) primary.surfaces.push_back(std::move(surface));
  return buildStudyFromMeshes(primary, manifest.name);
}

template <typename Content>
void nameAndPlace(Content& content, const StudyFileEntry& entry) {
  if (!entry.hemisphere.empty()) content.hemisphere = hemisphereFromName(entry.hemisphere);
}

void addEntry(Study& study, const StudyManifest& manifest, const StudyFileEntry& entry,
              std::vector<std::string>& notes) {
  try {
    DataFile read = readDataFile(manifest.resolve(entry.file));
    if (auto* maps = std::get_if<ScalarMaps>(&read.content)) {
      nameAndPlace(*maps, entry);
      if (maps->names.size() == 1) maps->names.front() = entry.name;
    } else if (auto* labels = std::get_if<LabelMap>(&read.content)) {
      nameAndPlace(*labels, entry);
      labels->name = entry.name;
    } else if (auto* subset = std::get_if<VertexSubset>(&read.content)) {
      nameAndPlace(*subset, entry);
    }
    addToStudy(study, read);
  } catch (const std::exception& error) {
    notes.push_back(entry.name + " (" + entry.file.string() + ") not added: " + error.what());
  }
}

}  // namespace

std::shared_ptr<const Experiment> loadExperiment(const StudyManifest& manifest, const JobContext& context) {
  auto experiment = std::make_shared<Experiment>();
  experiment->manifest = manifest;
  experiment->columns = readColumnMap(manifest);
  std::size_t stimulusCount = 0;
  if (manifest.stimuli) {
    stimulusCount = manifest.stimuli->count;
    const auto& stimuli = *manifest.stimuli;
    context.report(0.1, "Reading stimuli");
    if (!stimuli.images.empty())
      experiment->stimuli = openStimulusFolder(manifest.resolve(stimuli.images), manifest.resolve(stimuli.captions),
                                               manifest.resolve(stimuli.tags));
    else if (!stimuli.hdf5File.empty())
      experiment->stimuli = openHdf5Stimuli(manifest.resolve(stimuli.hdf5File), stimuli.hdf5Dataset,
                                            manifest.resolve(stimuli.captions), manifest.resolve(stimuli.tags));
    if (experiment->stimuli) {
      if (experiment->stimuli->count() != stimulusCount)
        throw FormatError(manifest.resolve(stimuli.images.empty() ? stimuli.hdf5File : stimuli.images), "header",
                          "holds " + std::to_string(experiment->stimuli->count()) + " images; study.json says " +
                              std::to_string(stimulusCount));
    }
  }
  context.throwIfStopped();
  if (manifest.train) {
    context.report(0.4, "Reading training responses");
    experiment->train = readResponses(manifest, *manifest.train, stimulusCount);
  }
  context.throwIfStopped();
  if (manifest.test) {
    context.report(0.9, "Reading test responses");
    experiment->test = readResponses(manifest, *manifest.test, stimulusCount);
  }
  return experiment;
}

LoadedStudy loadStudyFolder(const fs::path& folder, const JobContext& context) {
  LoadedStudy loaded;
  const StudyManifest manifest = readStudyManifest(folder);
  if (manifest.columns.kind != "surface" || manifest.columns.hemispheres.empty())
    throw FormatError(studyManifestPath(folder), "columns",
                      "is a volume study; the window shows surface studies (project the volumes with vol2surf)");
  loaded.study = loadSurfaces(manifest, context.slice(0.0, 0.5));
  context.report(0.5, "Adding layers and ROI sets");
  for (const auto& entry : manifest.roiSets) addEntry(*loaded.study, manifest, entry, loaded.notes);
  for (const auto& entry : manifest.layers) addEntry(*loaded.study, manifest, entry, loaded.notes);
  context.throwIfStopped();
  loaded.study->setExperiment(loadExperiment(manifest, context.slice(0.6, 1.0)));
  return loaded;
}

}  // namespace vl::core
