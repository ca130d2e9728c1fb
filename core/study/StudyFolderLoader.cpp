#include "core/study/StudyFolderLoader.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "core/base/FormatError.h"
#include "core/study/StudyFromMeshes.h"
#include "core/io/DataFile.h"
#include "core/io/NpyReader.h"
#include "core/study/StimulusFolderSource.h"
#include "core/study/StudyImport.h"

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
  return array.toInt32();
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
  set.stimulus = stimulus.toInt32();
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


// The hemisphere an entry's data belongs to: what study.json says, else what the file says, else the one whose
// vertex count matches (std::nullopt when none or both match).
std::optional<Hemisphere> placeEntry(const Study& study, const StudyFileEntry& entry,
                                     std::optional<Hemisphere> fromFile, std::size_t values) {
  if (!entry.hemisphere.empty()) return hemisphereFromName(entry.hemisphere);
  if (fromFile) return fromFile;
  const auto count = [&](Hemisphere h) {
    const auto surface = study.shownSurface(h);
    return surface ? surface->vertexCount() : 0;
  };
  const bool left = count(Hemisphere::Left) == values, right = count(Hemisphere::Right) == values;
  if (left != right) return left ? Hemisphere::Left : Hemisphere::Right;
  return std::nullopt;
}

void requireVertexCount(const Study& study, Hemisphere hemisphere, std::size_t values) {
  const auto surface = study.shownSurface(hemisphere);
  const std::size_t vertices = surface ? surface->vertexCount() : 0;
  if (values != vertices)
    throw std::invalid_argument("has " + std::to_string(values) + " values; the " + toString(hemisphere) +
                                " hemisphere has " + std::to_string(vertices) + " vertices");
}

// Entries of one name (e.g. "ncsnr" for lh and rh) become one layer or one ROI set covering both hemispheres, as
// the user thinks of them. Curvature and sulcal depth are computed by the loader and not added twice.
void addEntries(Study& study, const StudyManifest& manifest, const std::vector<StudyFileEntry>& entries,
                std::vector<std::string>& notes) {
  std::vector<std::string> names;
  for (const auto& entry : entries)
    if (std::find(names.begin(), names.end(), entry.name) == names.end()) names.push_back(entry.name);
  for (const auto& name : names) {
    if (name == kCurvatureLayerName || name == kSulcalDepthLayerName) continue;
    std::shared_ptr<SurfaceLayer> layer;
    std::shared_ptr<Parcellation> parcellation;
    for (const auto& entry : entries) {
      if (entry.name != name) continue;
      try {
        DataFile read = readDataFile(manifest.resolve(entry.file));
        if (auto* maps = std::get_if<ScalarMaps>(&read.content); maps && maps->maps.size() == 1) {
          const auto h = placeEntry(study, entry, maps->hemisphere, maps->vertexCount());
          if (!h) throw std::invalid_argument("fits no single hemisphere");
          requireVertexCount(study, *h, maps->vertexCount());
          if (!layer) layer = std::make_shared<SurfaceLayer>(SurfaceLayer{name, LayerKind::Scalar, {}});
          layer->values[hemisphereIndex(*h)] = std::move(maps->maps.front());
        } else if (auto* labels = std::get_if<LabelMap>(&read.content)) {
          const auto h = placeEntry(study, entry, labels->hemisphere, labels->vertexCount());
          if (!h) throw std::invalid_argument("fits no single hemisphere");
          requireVertexCount(study, *h, labels->vertexCount());
          if (!parcellation) parcellation = std::make_shared<Parcellation>(Parcellation{name, {}, {}});
          parcellation->keys[hemisphereIndex(*h)] = std::move(labels->keys);
          for (const auto& label : labels->labels)
            if (std::none_of(parcellation->labels.begin(), parcellation->labels.end(),
                             [&](const Label& known) { return known.key == label.key; }))
              parcellation->labels.push_back(label);
        } else {
          addToStudy(study, read);  // anything else (several maps, volumes, labels files) as a plain file would be
        }
      } catch (const std::exception& error) {
        notes.push_back(name + " (" + entry.file.string() + ") not added: " + error.what());
      }
    }
    if (layer) {
      // Ticked by the user: a study brings several maps, and stacked they would hide each other and the folding.
      LayerDisplay display = scalarDisplayFor(*layer);
      display.visible = false;
      study.addLayer(layer, display);
    }
    if (parcellation) {
      // Outlined, so that the maps below stay readable, and only the first set listed: a study often brings
      // several overlapping atlases (NSD has seven), and all at once would be a tangle of borders.
      RoiDisplay display;
      display.mode = RoiDrawMode::Outline;
      display.visible = study.roiSets().empty();
      study.addRoiSet(parcellation, display);
    }
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
  addEntries(*loaded.study, manifest, manifest.roiSets, loaded.notes);
  addEntries(*loaded.study, manifest, manifest.layers, loaded.notes);
  context.throwIfStopped();
  loaded.study->setExperiment(loadExperiment(manifest, context.slice(0.6, 1.0)));
  return loaded;
}

}  // namespace vl::core
