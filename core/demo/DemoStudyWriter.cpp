#include "core/demo/DemoStudyWriter.h"

#include <stdlib.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/io/AtomicFileWriter.h"
#include "core/io/GiftiWriter.h"
#include "core/io/NpyWriter.h"
#include "core/study/StudyManifest.h"
#include "core/demo/StimulusFolder.h"

namespace vl::core {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr const char* kHemi[2] = {"lh", "rh"};

Hemisphere hemisphereOf(int h) { return h == 0 ? Hemisphere::Left : Hemisphere::Right; }

// Removes the temporary folder unless it was renamed into place.
class TemporaryFolder {
public:
  explicit TemporaryFolder(const fs::path& target) {
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code error;
    fs::create_directories(parent, error);
    std::string pattern = (parent / (target.filename().string() + ".tmp-XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error(parent.string() + ": cannot create a temporary folder for the study: " +
                               std::strerror(errno));
    path_ = pattern;
  }
  ~TemporaryFolder() {
    if (!kept_) {
      std::error_code error;
      fs::remove_all(path_, error);
    }
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const fs::path& path() const { return path_; }
  void keep() { kept_ = true; }

private:
  fs::path path_;
  bool kept_ = false;
};


void writeMatrix(const fs::path& file, const Matrix& m) {
  writeNpy(file, m.data, {static_cast<std::int64_t>(m.rows), static_cast<std::int64_t>(m.cols)});
}

void writeScalarLayer(const fs::path& file, int h, const std::string& name, std::vector<float> values) {
  ScalarMaps maps;
  maps.hemisphere = hemisphereOf(h);
  maps.names = {name};
  maps.maps = {std::move(values)};
  writeGiftiScalars(file, maps);
}

void writeLabels(const fs::path& file, int h, const std::string& name, const std::vector<std::int32_t>& keys,
                 const std::vector<Label>& labels) {
  LabelMap map;
  map.hemisphere = hemisphereOf(h);
  map.name = name;
  map.keys = keys;
  map.labels = labels;
  // GIfTI label tables conventionally hold key 0 ("???" in FreeSurfer, unlabelled vertices).
  bool hasZero = false;
  for (const auto& l : labels) hasZero = hasZero || l.key == 0;
  if (!hasZero) map.labels.insert(map.labels.begin(), Label{0, "???", {0, 0, 0, 0}});
  writeGiftiLabels(file, map);
}

// Every per-vertex tuning parameter as named maps (NaN where a parameter does not apply).
ScalarMaps tuningMaps(const DemoSubject& subject, int h) {
  const auto& tuning = subject.tuning[static_cast<std::size_t>(h)];
  const auto& planted = subject.planted.hemispheres[static_cast<std::size_t>(h)];
  ScalarMaps maps;
  maps.hemisphere = hemisphereOf(h);
  auto add = [&](const std::string& name, auto get) {
    std::vector<float> values(tuning.size());
    for (std::size_t v = 0; v < tuning.size(); ++v) values[v] = get(v, tuning[v]);
    maps.names.push_back(name);
    maps.maps.push_back(std::move(values));
  };
  auto early = [](const VertexTuning& t) { return t.roi >= 1 && t.roi <= 3; };
  add("roi", [](std::size_t, const VertexTuning& t) { return float(t.roi); });
  add("visual_mask", [&](std::size_t v, const VertexTuning&) { return float(subject.mask[static_cast<std::size_t>(h)][v]); });
  add("baseline", [](std::size_t, const VertexTuning& t) { return t.baseline; });
  add("eccentricity", [&](std::size_t v, const VertexTuning&) { return planted.eccentricity[v]; });
  add("polar_angle", [&](std::size_t v, const VertexTuning&) { return planted.polarAngle[v]; });
  add("prf_x", [&](std::size_t, const VertexTuning& t) { return early(t) ? t.prfX : kNaN; });
  add("prf_y", [&](std::size_t, const VertexTuning& t) { return early(t) ? t.prfY : kNaN; });
  add("prf_sigma", [&](std::size_t, const VertexTuning& t) { return early(t) ? t.prfSigma : kNaN; });
  add("prf_gain", [&](std::size_t, const VertexTuning& t) { return early(t) ? t.prfGain : kNaN; });
  add("preferred_orientation", [&](std::size_t, const VertexTuning& t) { return early(t) ? t.orientation : kNaN; });
  add("orientation_selectivity",
      [&](std::size_t, const VertexTuning& t) { return early(t) ? t.orientationSelectivity : kNaN; });
  add("preferred_sf", [&](std::size_t, const VertexTuning& t) { return early(t) ? t.preferredSf : kNaN; });
  add("sf_bandwidth", [&](std::size_t, const VertexTuning& t) { return early(t) ? t.sfBandwidth : kNaN; });
  add("exponent", [&](std::size_t, const VertexTuning& t) { return early(t) ? t.exponent : kNaN; });
  for (std::size_t c = 0; c < kCategoryCount; ++c)
    add("gain_" + std::string(stimulusCategoryName(allStimulusCategories[c])),
        [c](std::size_t, const VertexTuning& t) { return t.categoryGain[c]; });
  add("eccentricity_bias", [](std::size_t, const VertexTuning& t) { return t.eccentricityBias; });
  add("size_bias", [](std::size_t, const VertexTuning& t) { return t.sizeBias; });
  add("general_gain", [](std::size_t, const VertexTuning& t) { return t.generalGain; });
  add("noise_sd", [](std::size_t, const VertexTuning& t) { return t.noiseSd; });
  return maps;
}

json truthDocument(const DemoSubject& subject, const DemoStudyWriteOptions& options, const StimulusBank& bank) {
  const auto& o = subject.options;
  json rois = json::array();
  for (int h = 0; h < 2; ++h) {
    const auto& hemi = subject.planted.hemispheres[static_cast<std::size_t>(h)];
    for (const auto& label : subject.planted.labels) {
      std::size_t count = 0;
      for (auto k : hemi.keys) count += k == label.key;
      json entry = {{"hemisphere", kHemi[h]}, {"name", label.name}, {"key", label.key}, {"vertices", count}};
      for (const auto& roi : hemi.categoryRois) {
        if (static_cast<std::int32_t>(roi.key) != label.key) continue;
        entry["target_mni"] = roi.target;
        entry["centre_vertex"] = roi.centreVertex;
        entry["centre_mni"] = roi.centre;
        entry["centre_anatomy"] = roi.anatomyAtCentre;
        entry["radius_mm"] = roi.radiusMm;
        for (const auto& d : categoryRoiDefinitions())
          if (d.key == roi.key) entry["source"] = d.source, entry["anatomy"] = d.anatomy;
        for (const auto& t : categoryRoiTunings())
          if (t.key == roi.key) {
            json selectivity;
            for (std::size_t c = 0; c < kCategoryCount; ++c)
              selectivity[std::string(stimulusCategoryName(allStimulusCategories[c]))] = t.selectivity[c];
            entry["selectivity"] = selectivity;
            entry["eccentricity_bias"] = t.eccentricityBias;
            entry["size_bias"] = t.sizeBias;
          }
      }
      if (label.key == 1) entry["foveal_vertex"] = hemi.fovealVertex;
      rois.push_back(entry);
    }
  }
  const auto& r = subject.responses;
  json document = {
      {"description",
       "Planted truth of the simulated VoxelLens demo subject (docs/demo-subject.md). Everything here was chosen, "
       "not measured: use it to check what an analysis recovers."},
      {"demo_study_version", kDemoStudyVersion},
      {"seed", o.seed},
      {"stimulus_bank", {{"seed", options.bankSeed}, {"count", bank.stimuli.size()},
                         {"image_size", bank.images.empty() ? 0 : bank.images.front().width}}},
      {"field_of_view_deg", o.fieldDeg},
      {"design", {{"train_images", subject.design.trainStimulus.size()},
                  {"test_images", subject.design.testStimulus.size()},
                  {"test_repeats", subject.design.repeats},
                  {"split", "seeded permutation of the bank: the first test_images of it with index % 10 == 9 are "
                            "test, the first train_images of the rest train"},
                  {"test_pool", "index % 10 == 9: the stimuli plugins/demo/train.py held out from the demo bundles"}}},
      {"columns", {{"spacing_mm", o.columnSpacingMm},
                   {"lh", subject.columnVertices[0].size()},
                   {"rh", subject.columnVertices[1].size()},
                   {"order", "lh columns (columns/lh.vertices.npy) then rh columns"}}},
      {"calibration", {{"prf_scale", r.calibration.prfScale},
                       {"general_energy_mean", r.calibration.generalMean},
                       {"general_energy_sd", r.calibration.generalSd}}},
      {"model",
       {{"signal", "baseline + prf_gain * drive^exponent + category_gain[category] * position * size + general_gain * "
                   "z(total contrast energy)"},
        {"drive", "sum over 4 pyramid levels (2, 1, 0.5, 0.25 cycles/deg at 64 px over 8 deg) of w_sf * sum over "
                  "cells of pRF mass * (mean energy + selectivity * (a cos 2o + b sin 2o)); Gabor energy at 8 "
                  "orientations, wavelength 4 px per level, envelope sigma 2 px"},
        {"w_sf", "exp(-log2(f / preferred_sf)^2 / (2 sf_bandwidth^2)), normalised over levels"},
        {"position", "1 + eccentricity_bias * (0.5 - min(1, |item centre|)), item centre in half-field units"},
        {"size", "1 + size_bias * (size - 0.5), size as a fraction of the image width"},
        {"prf_sigma_deg", "V1 0.25 + 0.10 ecc, V2 0.35 + 0.15 ecc, V3 0.45 + 0.25 ecc"},
        {"preferred_sf_cpd", "V1 1 / (0.12 ecc + 0.35); V2 x 0.8; V3 x 0.65"},
        {"exponent", "V1 0.5, V2 0.4, V3 0.35"},
        {"orientation", "radial (polar angle - 90 deg) + N(0, 30 deg); 0 = vertical bars, counter-clockwise"},
        {"eccentricity_map", "ecc = 0.75 ((1 + 90 / 0.75)^(d / d98) - 1), d = geodesic distance in V1 from the most "
                             "posterior V1 vertex, d98 its 98th percentile"},
        {"polar_angle", "degrees counter-clockwise from the right horizontal meridian (NSD convention); V1 from "
                        "the relative distance to its dorsal (lower vertical meridian) and ventral (upper) borders; "
                        "V2/V3 mirrored at each border"},
        {"noise", "single trial = signal + N(0, noise_sd^2), counter-based normals per (seed, trial, column)"},
        {"ncsnr", "SD of the signal over all presented images / noise_sd"},
        {"noise_ceiling", "100 ncsnr^2 / (ncsnr^2 + 1 / test_repeats), for test betas averaged over the repeats"}}},
      {"rois", rois},
      {"files",
       {{"lh.tuning.func.gii / rh.tuning.func.gii", "every per-vertex parameter as named maps (NaN where n/a)"},
        {"lh.planted_rois.npy / rh.planted_rois.npy", "int32 planted ROI key per vertex (keys in rois)"},
        {"column_signal_sd.npy", "float32 per column"},
        {"column_noise_sd.npy", "float32 per column"},
        {"column_ncsnr.npy", "float32 per column"},
        {"column_noise_ceiling.npy", "float32 per column, percent"},
        {"test_signal.npy", "float32 (test images, columns): the noiseless response to responses/test_stimulus.npy"},
        {"test_trials.npy", "float32 (test images * repeats, columns): the single trials averaged into test_betas"},
        {"test_trials_stimulus.npy", "int32 stimulus index per row of test_trials.npy"}}},
  };
  return document;
}

std::uintmax_t folderBytes(const fs::path& folder) {
  std::uintmax_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file()) total += entry.file_size();
  return total;
}

}  // namespace

// May `folder` be replaced? Only an existing study folder (study.json inside) or an empty folder.
void checkDemoStudyTarget(const fs::path& folder, bool replace) {
  std::error_code error;
  if (!fs::exists(folder, error)) return;
  if (!fs::is_directory(folder, error))
    throw std::invalid_argument(folder.string() + " exists and is not a folder");
  const bool empty = fs::is_empty(folder, error);
  if (empty) return;
  if (!replace) throw std::invalid_argument(folder.string() + " exists; use --force to replace it");
  if (!isStudyFolder(folder))
    throw std::invalid_argument(folder.string() + " exists and is not a study folder (no study.json); refusing to "
                                "replace it even with --force");
}
DemoStudyWriteResult writeDemoStudy(const fs::path& folder, const DemoAnatomy& anatomy, const StimulusBank& bank,
                                    const DemoSubject& subject, const DemoStudyWriteOptions& options,
                                    const JobContext& context) {
  const auto start = std::chrono::steady_clock::now();
  checkDemoStudyTarget(folder, options.replace);
  TemporaryFolder temporary(folder);
  const fs::path root = temporary.path();
  for (const char* sub : {"surf", "layers", "rois", "columns", "responses", "truth"}) fs::create_directories(root / sub);

  StudyManifest manifest;
  manifest.name = "VoxelLens demo subject";
  manifest.subject = "sim" + std::to_string(subject.options.seed);
  manifest.space = "colin27-demo";
  manifest.description =
      "Simulated subject on the Colin27 demo brain: planted V1-V3 retinotopy and category ROIs (faces, places, "
      "bodies, words, objects, food), NSD-like responses to the demo stimulus bank (" +
      std::to_string(subject.design.trainStimulus.size()) + " images once, " +
      std::to_string(subject.design.testStimulus.size()) + " images " + std::to_string(subject.design.repeats) +
      " times) on a visual cortex mask sampled every " + std::to_string(int(subject.options.columnSpacingMm)) +
      " mm. Planted truth in truth/ (docs/demo-subject.md).";

  context.report(0.0, "Writing surfaces and ROI sets");
  for (int h = 0; h < 2; ++h) {
    const auto hs = static_cast<std::size_t>(h);
    const std::string hemi = kHemi[h];
    StudyHemisphereEntry entry;
    entry.name = hemi;
    entry.vertices = anatomy.white[hs].vertexCount();
    entry.surfaces = {{"white", "surf/" + hemi + ".white.gii"}};
    writeGiftiSurface(root / entry.surfaces[0].second, anatomy.white[hs]);
    entry.columnVertices = "columns/" + hemi + ".vertices.npy";
    entry.columnCount = subject.columnVertices[hs].size();
    writeNpy(root / entry.columnVertices, subject.columnVertices[hs],
               {static_cast<std::int64_t>(entry.columnCount)});
    manifest.columns.hemispheres.push_back(entry);

    // Listed first: a study opens with its first ROI set outlined (core/study/StudyFolderLoader.cpp), and the planted
    // regions are what the demo's encoder maps should be compared with.
    writeLabels(root / ("rois/" + hemi + ".planted.label.gii"), h, "planted ROIs",
                subject.planted.hemispheres[hs].keys, subject.planted.labels);
    manifest.roiSets.push_back({"planted ROIs", hemi, "rois/" + hemi + ".planted.label.gii"});
    const struct {
      const char* name;
      const char* file;
      const Parcellation* set;
    } atlases[] = {{"Harvard-Oxford cortical", "harvard_oxford", &anatomy.harvardOxford},
                   {"Brodmann areas", "brodmann", &anatomy.brodmann}};
    for (const auto& atlas : atlases) {
      const std::string file = "rois/" + hemi + "." + atlas.file + ".label.gii";
      writeLabels(root / file, h, atlas.name, atlas.set->keys[hs], atlas.set->labels);
      manifest.roiSets.push_back({atlas.name, hemi, file});
    }
    context.throwIfStopped();
  }

  context.report(0.15, "Writing layers");
  const auto& r = subject.responses;
  for (int h = 0; h < 2; ++h) {
    const auto hs = static_cast<std::size_t>(h);
    const std::string hemi = kHemi[h];
    const auto& planted = subject.planted.hemispheres[hs];
    const struct {
      const char* name;
      const char* file;
      std::vector<float> values;
    } layers[] = {
        {"Curvature", "curvature", anatomy.curvature.values[hs]},
        {"ncsnr (planted)", "ncsnr", subject.spreadToMask(r.ncsnr, h, anatomy.white[hs])},
        {"noise ceiling % (planted)", "noise_ceiling", subject.spreadToMask(r.noiseCeiling, h, anatomy.white[hs])},
        {"eccentricity (planted)", "eccentricity", planted.eccentricity},
        {"polar angle (planted)", "polar_angle", planted.polarAngle},
    };
    for (const auto& layer : layers) {
      const std::string file = "layers/" + hemi + "." + layer.file + ".func.gii";
      writeScalarLayer(root / file, h, layer.name, layer.values);
      manifest.layers.push_back({layer.name, hemi, file});
    }
    context.throwIfStopped();
  }

  context.report(0.3, "Writing stimuli");
  writeStimulusFolder(root, bank);
  StudyStimuli stimuli;
  stimuli.count = bank.stimuli.size();
  stimuli.images = "stimuli/images.npy";
  stimuli.captions = "stimuli/captions.txt";
  stimuli.tags = "stimuli/tags.tsv";
  stimuli.fieldOfViewDeg = subject.options.fieldDeg;  // the scale the planted tuning was drawn on
  manifest.stimuli = stimuli;
  context.throwIfStopped();

  context.report(0.45, "Writing responses");
  writeMatrix(root / "responses/train_betas.npy", r.trainBetas);
  writeNpy(root / "responses/train_stimulus.npy", subject.design.trainStimulus,
             {static_cast<std::int64_t>(subject.design.trainStimulus.size())});
  writeMatrix(root / "responses/test_betas.npy", r.testBetas);
  writeNpy(root / "responses/test_stimulus.npy", subject.design.testStimulus,
             {static_cast<std::int64_t>(subject.design.testStimulus.size())});
  manifest.train = StudyResponseSet{"responses/train_betas.npy", "responses/train_stimulus.npy", 1};
  manifest.test = StudyResponseSet{"responses/test_betas.npy", "responses/test_stimulus.npy",
                                   static_cast<std::size_t>(subject.design.repeats)};
  context.throwIfStopped();

  context.report(0.8, "Writing the planted truth");
  for (int h = 0; h < 2; ++h) {
    const std::string hemi = kHemi[h];
    writeGiftiScalars(root / ("truth/" + hemi + ".tuning.func.gii"), tuningMaps(subject, h));
    const auto& keys = subject.planted.hemispheres[static_cast<std::size_t>(h)].keys;
    writeNpy(root / ("truth/" + hemi + ".planted_rois.npy"), keys, {static_cast<std::int64_t>(keys.size())});
    writeNpy(root / ("truth/" + hemi + ".visual_mask.npy"), subject.mask[static_cast<std::size_t>(h)],
             {static_cast<std::int64_t>(subject.mask[static_cast<std::size_t>(h)].size())});
  }
  const auto columns = static_cast<std::int64_t>(subject.columnCount());
  writeNpy(root / "truth/column_signal_sd.npy", r.signalSd, {columns});
  writeNpy(root / "truth/column_noise_sd.npy", r.noiseSd, {columns});
  writeNpy(root / "truth/column_ncsnr.npy", r.ncsnr, {columns});
  writeNpy(root / "truth/column_noise_ceiling.npy", r.noiseCeiling, {columns});
  writeMatrix(root / "truth/test_signal.npy", r.testSignal);
  writeMatrix(root / "truth/test_trials.npy", r.testTrials);
  std::vector<std::int32_t> trialStimulus;
  for (auto s : subject.design.testStimulus)
    for (int k = 0; k < subject.design.repeats; ++k) trialStimulus.push_back(s);
  writeNpy(root / "truth/test_trials_stimulus.npy", trialStimulus, {static_cast<std::int64_t>(trialStimulus.size())});
  writeFileAtomically(root / "truth/truth.json", truthDocument(subject, options, bank).dump(2) + "\n");
  manifest.truth = "truth";

  // study.json last, checked by reading it back: the folder holds a complete study before it gets its name.
  // The responses' fingerprint is taken once, here, for the model caches (StudyModelPipeline.h).
  manifest.responsesHash = hashResponseFiles(root, manifest);
  writeStudyManifest(root, manifest);
  readStudyManifest(root);
  context.throwIfStopped();

  DemoStudyWriteResult result;
  result.bytes = folderBytes(root);
  // mkdtemp made the folder private; a study is an ordinary folder.
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  std::error_code error;
  if (fs::exists(folder, error)) {
    // Move the old study aside, put the new one in its place, then delete the old one: at every moment `folder`
    // is either the old complete study or the new one.
    const fs::path old = fs::path(root.string() + ".old");
    fs::rename(folder, old);
    try {
      fs::rename(root, folder);
    } catch (...) {
      fs::rename(old, folder);
      throw;
    }
    fs::remove_all(old, error);
  } else {
    fs::rename(root, folder);
  }
  temporary.keep();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  context.report(1.0, "Study written");
  return result;
}

}  // namespace vl::core
