#include "core/nsd/NsdImporter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <unordered_set>

#include "core/base/FormatError.h"
#include "core/analysis/ColumnZScore.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/FreeSurferCtab.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/GiftiWriter.h"
#include "core/io/Hdf5ImageBrick.h"
#include "core/io/MghFile.h"
#include "core/io/NiftiFrameReader.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "core/io/NpyStreamWriter.h"
#include "core/io/NpyWriter.h"
#include "core/nsd/NsdCaptions.h"
#include "core/nsd/NsdDesignReader.h"
#include "core/study/StudyManifest.h"

namespace vl::core {
namespace fs = std::filesystem;

namespace {
using Clock = std::chrono::steady_clock;

bool isFile(const fs::path& file) {
  std::error_code error;
  return fs::is_regular_file(file, error);
}

std::string dimsText(const std::array<std::int32_t, 4>& d) {
  return std::to_string(d[0]) + " x " + std::to_string(d[1]) + " x " + std::to_string(d[2]) + " x " +
         std::to_string(d[3]);
}

std::string dimsText(const std::array<std::int64_t, 4>& d, bool withFrames = true) {
  std::string text = std::to_string(d[0]) + " x " + std::to_string(d[1]) + " x " + std::to_string(d[2]);
  return withFrames ? text + " x " + std::to_string(d[3]) : text;
}

// MGH data of any stored type as float, moved out without a copy when it already is float (the 491 MB case).
std::vector<float> takeFloats(MghImage& image) {
  return std::visit(
      [](auto& values) -> std::vector<float> {
        using T = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (std::is_same_v<T, float>) {
          return std::move(values);
        } else {
          return std::vector<float>(values.begin(), values.end());
        }
      },
      image.data);
}

// The columns one import writes: fsaverage has two parts (lh then rh vertices), func1pt8mm one (mask voxels).
struct ColumnPart {
  std::string name;          // "lh", "rh" or "volume"
  std::size_t offset = 0;    // first column of this part
  std::size_t count = 0;
};

struct VolumeMask {
  Volume grid;                            // the mask as written (0/1), with the source's transform
  std::vector<std::size_t> voxels;        // indices of nonzero voxels, x fastest
};

// ---- surfaces, ROIs, layers ---------------------------------------------------------------------------------

std::vector<float> readVertexMap(const fs::path& file, std::size_t vertices, const char* what) {
  MghImage image = readMgh(file);
  if (image.voxelCount() != vertices)
    throw FormatError(file, "header dims", "is " + dimsText(image.dims) + " (expected " + std::to_string(vertices) +
                                               " values, one " + what + " per fsaverage vertex)");
  return takeFloats(image);
}

// Keys as integers, and a label for every key that occurs: the colour table's, else a generated one.
std::vector<Label> labelsFor(const std::vector<std::int32_t>& keys, std::vector<Label> table,
                             const std::string& setName) {
  std::set<std::int32_t> known;
  for (const auto& label : table) known.insert(label.key);
  std::set<std::int32_t> used(keys.begin(), keys.end());
  for (const std::int32_t key : used)
    if (!known.count(key)) {
      Label label;
      label.key = key;
      label.name = key <= 0 ? (key == 0 ? "Unknown" : "outside") : setName + "_" + std::to_string(key);
      if (key <= 0) label.rgba = {0, 0, 0, 0};
      table.push_back(label);
    }
  std::sort(table.begin(), table.end(), [](const Label& a, const Label& b) { return a.key < b.key; });
  return table;
}

std::vector<std::int32_t> integerKeys(const fs::path& file, const std::vector<float>& values) {
  std::vector<std::int32_t> keys(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float value = values[i];
    if (!std::isfinite(value) || value != std::round(value) || std::abs(value) > 1e9f)
      throw FormatError(file, "element " + std::to_string(i),
                        "is " + std::to_string(value) + " (expected an integer ROI label)");
    keys[i] = static_cast<std::int32_t>(value);
  }
  return keys;
}

void importRoiSets(const NsdLayout& layout, const NsdImportOptions& options, const VolumeMask* mask,
                   StudyManifest& manifest, NsdImportReport& report) {
  for (const std::string& name : nsdRoiSetNames()) {
    const auto files = layout.roiFiles(name);
    if (!std::all_of(files.begin(), files.end(), isFile)) {
      report.roiSetsMissing.push_back(name);
      continue;
    }
    const auto ctabs = layout.roiCtabCandidates(name);
    const std::vector<Label> table = ctabs.empty() ? std::vector<Label>{} : readFreeSurferCtab(ctabs.front());
    if (ctabs.empty()) report.notes.push_back("ROI set " + name + " has no colour table; labels are numbered");
    if (layout.space == NsdSpace::Fsaverage) {
      for (std::size_t h = 0; h < 2; ++h) {
        LabelMap map;
        map.hemisphere = h == 0 ? Hemisphere::Left : Hemisphere::Right;
        map.name = name;
        map.keys = integerKeys(files[h], readVertexMap(files[h], options.fsaverageVertices, "label"));
        map.labels = labelsFor(map.keys, table, name);
        const std::string hemisphere = h == 0 ? "lh" : "rh";
        const fs::path relative = fs::path("rois") / (hemisphere + "." + name + ".label.gii");
        writeGiftiLabels(options.out / relative, map);
        manifest.roiSets.push_back({name, hemisphere, relative});
      }
    } else {
      Volume volume = readNifti(files[0]);
      if (volume.dims[0] != mask->grid.dims[0] || volume.dims[1] != mask->grid.dims[1] ||
          volume.dims[2] != mask->grid.dims[2] || volume.dims[3] != 1)
        throw FormatError(files[0], "header dims", "is " + dimsText(volume.dims) + " (expected " +
                                                       dimsText(mask->grid.dims, false) + ", the betas' grid)");
      const auto keys = integerKeys(files[0], volume.voxels);
      const fs::path relative = fs::path("rois") / (name + ".nii.gz");
      NiftiWriteOptions write;
      write.keepIntegerDatatype = true;
      writeNifti(options.out / relative, volume, write);
      writeFreeSurferCtab(options.out / (relative.string() + ".ctab"), labelsFor(keys, table, name));
      manifest.roiSets.push_back({name, "", relative});
    }
    report.roiSets.push_back(name);
  }
}

void importNcsnr(const NsdLayout& layout, const NsdImportOptions& options, const VolumeMask* mask,
                 const Volume* ncsnrVolume, StudyManifest& manifest, NsdImportReport& report) {
  const auto files = layout.ncsnrFiles();
  if (!std::all_of(files.begin(), files.end(), isFile)) {
    report.notes.push_back("no ncsnr (" + files.front().filename().string() + ") in " +
                           layout.betasFolder().string());
    return;
  }
  if (layout.space == NsdSpace::Fsaverage) {
    for (std::size_t h = 0; h < 2; ++h) {
      ScalarMaps maps;
      maps.hemisphere = h == 0 ? Hemisphere::Left : Hemisphere::Right;
      maps.names = {"ncsnr"};
      maps.maps.push_back(readVertexMap(files[h], options.fsaverageVertices, "ncsnr value"));
      const std::string hemisphere = h == 0 ? "lh" : "rh";
      const fs::path relative = fs::path("layers") / (hemisphere + ".ncsnr.func.gii");
      writeGiftiScalars(options.out / relative, maps);
      manifest.layers.push_back({"ncsnr", hemisphere, relative});
      report.layers.push_back(hemisphere + ".ncsnr");
    }
    return;
  }
  Volume volume = ncsnrVolume ? *ncsnrVolume : readNifti(files[0]);
  if (volume.dims[0] != mask->grid.dims[0] || volume.dims[1] != mask->grid.dims[1] ||
      volume.dims[2] != mask->grid.dims[2])
    throw FormatError(files[0], "header dims", "is " + dimsText(volume.dims) + " (expected " +
                                                   dimsText(mask->grid.dims, false) + ", the betas' grid)");
  const fs::path relative = fs::path("layers") / "ncsnr.nii.gz";
  volume.dims[3] = 1;
  volume.voxels.resize(volume.voxelsPerFrame());
  writeNifti(options.out / relative, volume);
  manifest.layers.push_back({"ncsnr", "", relative});
  report.layers.push_back("ncsnr");
}

void importSurfaces(const NsdLayout& layout, const NsdImportOptions& options, StudyManifest& manifest,
                    NsdImportReport& report) {
  for (std::size_t h = 0; h < 2; ++h) {
    const std::string hemisphere = h == 0 ? "lh" : "rh";
    for (const std::string kind : {"white", "pial", "inflated", "sphere"}) {
      const fs::path source = layout.fsaverageSurface(hemisphere, kind);
      if (!isFile(source)) continue;
      Surface surface = readFreeSurferSurface(source);
      if (surface.vertexCount() != options.fsaverageVertices) {
        report.notes.push_back(source.string() + " has " + std::to_string(surface.vertexCount()) +
                               " vertices, not " + std::to_string(options.fsaverageVertices) + "; not used");
        continue;
      }
      surface.hemisphere = h == 0 ? Hemisphere::Left : Hemisphere::Right;
      const fs::path relative = fs::path("surf") / (hemisphere + "." + kind + ".surf.gii");
      writeGiftiSurface(options.out / relative, surface);
      manifest.columns.hemispheres[h].surfaces.emplace_back(kind, relative);
      report.surfaces.push_back(hemisphere + "." + kind);
    }
  }
}

// func1pt8mm columns: NSD's brainmask.nii.gz (the mask NSD itself applied to the betas) when present, else the
// voxels with a finite, nonzero ncsnr.
VolumeMask buildVolumeMask(const NsdLayout& layout, const Volume* ncsnr, NsdImportReport& report) {
  VolumeMask mask;
  const fs::path brainmask = layout.brainMaskFile();
  if (isFile(brainmask)) {
    mask.grid = readNifti(brainmask);
    report.maskSource = brainmask.string();
  } else if (ncsnr) {
    mask.grid = *ncsnr;
    report.maskSource = layout.ncsnrFiles().front().string() + " (nonzero voxels; no brainmask.nii.gz)";
  } else {
    throw std::invalid_argument("func1pt8mm needs a column mask: neither " + brainmask.string() + " nor " +
                                layout.ncsnrFiles().front().string() + " exists");
  }
  mask.grid.dims[3] = 1;
  mask.grid.voxels.resize(mask.grid.voxelsPerFrame());
  for (std::size_t i = 0; i < mask.grid.voxels.size(); ++i) {
    const float value = mask.grid.voxels[i];
    const bool inside = std::isfinite(value) && value != 0.0f;
    mask.grid.voxels[i] = inside ? 1.0f : 0.0f;
    if (inside) mask.voxels.push_back(i);
  }
  mask.grid.sourceDatatype = "UINT8";
  if (mask.voxels.empty()) throw FormatError(report.maskSource, "", "has no nonzero voxel (expected a brain mask)");
  return mask;
}

// ---- betas --------------------------------------------------------------------------------------------------

// One part of one session as a trials x columns row-major matrix (not yet z-scored).
std::vector<float> readSessionPart(const fs::path& file, const NsdImportOptions& options, const VolumeMask* mask,
                                   std::size_t partColumns, const JobContext& context) {
  const auto trials = static_cast<std::int64_t>(options.trialsPerSession);
  if (!mask) {
    MghImage image = readMgh(file);
    const auto& d = image.dims;
    if (static_cast<std::size_t>(d[0]) != partColumns || d[1] != 1 || d[2] != 1 || d[3] != trials)
      throw FormatError(file, "header dims",
                        "is " + dimsText(d) + " (expected " + std::to_string(partColumns) + " x 1 x 1 x " +
                            std::to_string(trials) + ": fsaverage vertices x trials)");
    // MGH stores x (the vertex) fastest, then the frame (the trial): already trials x vertices, row-major.
    return takeFloats(image);
  }
  // One frame (trial) at a time: a session's betas (81 x 104 x 83 x 750 int16) would take 2 GB as float, of which
  // only the mask voxels are kept.
  NiftiFrameReader reader(file);
  const auto& dims = reader.dims();
  const auto& g = mask->grid.dims;
  if (dims[0] != g[0] || dims[1] != g[1] || dims[2] != g[2] || dims[3] != trials)
    throw FormatError(file, "header dims",
                      "is " + dimsText(dims) + " (expected " + dimsText(g, false) + " x " +
                          std::to_string(trials) + ": the mask's grid x trials)");
  // NSD stores func1pt8mm betas as int16 = percent signal change * 300. (The z-score would undo any scale; the
  // division keeps the values meaningful for anyone reading this code path without it.)
  const float scale = reader.sourceDatatype() == "INT16" ? 1.0f / 300.0f : 1.0f;
  std::vector<float> matrix(static_cast<std::size_t>(trials) * partColumns);
  std::vector<float> frame;
  for (std::int64_t t = 0; t < trials; ++t) {
    context.throwIfStopped();
    reader.nextFrame(frame);  // dims[3] == trials: frame t exists (or nextFrame throws); the last checks the CRC
    float* row = matrix.data() + static_cast<std::size_t>(t) * partColumns;
    for (std::size_t j = 0; j < partColumns; ++j) row[j] = frame[mask->voxels[j]] * scale;
  }
  return matrix;
}

std::size_t mostCommon(const std::vector<std::int32_t>& counts) {
  std::map<std::int32_t, std::size_t> histogram;
  for (auto c : counts) ++histogram[c];
  std::size_t best = 0, bestCount = 0;
  for (const auto& [value, n] : histogram)
    if (n >= bestCount) {
      best = static_cast<std::size_t>(value);
      bestCount = n;
    }
  return best;
}

std::string describe(const NsdImportOptions& options, const NsdImportReport& report) {
  std::ostringstream text;
  text << "Natural Scenes Dataset " << options.subject << ", " << toString(options.space) << ", "
       << options.betasVersion << ". Sessions imported: " << formatSessionList(report.sessionsImported) << ".";
  if (!report.sessionsMissing.empty())
    text << " Sessions missing (skipped): " << formatSessionList(report.sessionsMissing) << ".";
  text << " Betas z-scored per session and per column over the session's " << options.trialsPerSession
       << " trials. Train: " << report.trainTrials << " single trials of non-shared images. Test: "
       << report.testImages << " shared images (sharedix), each the mean of its " << report.minRepeats << ".."
       << report.maxRepeats << " repeats present (" << report.testTrials
       << " trials; per-image counts in responses/test_repeats.npy; \"repeats\" is the most common count).";
  if (!report.maskSource.empty()) text << " Columns: voxels of " << report.maskSource << ".";
  return text.str();
}
}  // namespace

std::vector<int> parseSessionList(const std::string& text) {
  std::set<int> sessions;
  std::stringstream parts(text);
  std::string part;
  auto number = [&](const std::string& s) {
    std::size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != s.size() || value < 1 || value > 99)
      throw std::invalid_argument("bad session list '" + text + "': expected numbers 1..99 like 1-40 or 1,3,5-7");
    return value;
  };
  while (std::getline(parts, part, ',')) {
    const auto dash = part.find('-');
    if (dash == std::string::npos) {
      sessions.insert(number(part));
      continue;
    }
    const int first = number(part.substr(0, dash)), last = number(part.substr(dash + 1));
    if (last < first) throw std::invalid_argument("bad session range '" + part + "' in '" + text + "'");
    for (int s = first; s <= last; ++s) sessions.insert(s);
  }
  if (sessions.empty()) throw std::invalid_argument("empty session list '" + text + "'");
  return {sessions.begin(), sessions.end()};
}

std::string formatSessionList(const std::vector<int>& sessions) {
  std::string text;
  for (std::size_t i = 0; i < sessions.size();) {
    std::size_t j = i;
    while (j + 1 < sessions.size() && sessions[j + 1] == sessions[j] + 1) ++j;
    if (!text.empty()) text += ",";
    text += std::to_string(sessions[i]);
    if (j > i) text += "-" + std::to_string(sessions[j]);
    i = j + 1;
  }
  return text.empty() ? "none" : text;
}

std::string NsdImportReport::summary() const {
  std::ostringstream text;
  text << "sessions imported: " << formatSessionList(sessionsImported) << "\n";
  if (!sessionsMissing.empty()) {
    text << "sessions missing (skipped): " << formatSessionList(sessionsMissing) << "\n";
    for (const auto& file : missingFiles) text << "  missing " << file.string() << "\n";
  }
  text << "columns: " << columns << "\n"
       << "train: " << trainTrials << " trials; test: " << testImages << " images from " << testTrials
       << " trials (repeats " << minRepeats << ".." << maxRepeats << ", most often " << repeats << ")\n";
  auto list = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out.empty() ? std::string("none") : out;
  };
  text << "ROI sets: " << list(roiSets) << "\n";
  if (!roiSetsMissing.empty()) text << "ROI sets not found: " << list(roiSetsMissing) << "\n";
  text << "layers: " << list(layers) << "\n";
  if (!surfaces.empty() || maskSource.empty()) text << "surfaces: " << list(surfaces) << "\n";
  if (!maskSource.empty()) text << "mask: " << maskSource << "\n";
  if (captionedImages) text << "captions: " << captionedImages << " images\n";
  for (const auto& note : notes) text << "note: " << note << "\n";
  const double megabytes = static_cast<double>(betaValuesRead) * 4.0 / 1e6;
  text << "betas: " << static_cast<std::uint64_t>(megabytes) << " MB of float32 in " << betaSeconds << " s ("
       << (betaSeconds > 0 ? megabytes / betaSeconds : 0.0) << " MB/s); total " << seconds << " s\n";
  return text.str();
}

NsdImportReport importNsd(const NsdImportOptions& options, const JobContext& context) {
  const auto started = Clock::now();
  NsdImportReport report;
  std::error_code error;
  if (!fs::is_directory(options.root, error))
    throw std::invalid_argument("NSD_ROOT " + options.root.string() + " is not a folder");
  if (!fs::is_directory(options.root / "nsddata_betas", error) && !fs::is_directory(options.root / "nsddata", error))
    throw std::invalid_argument(options.root.string() +
                                " does not look like an NSD download (no nsddata_betas/ or nsddata/ folder)");
  const NsdLayout layout{options.root, options.subject, options.space, options.betasVersion};
  const int subject = layout.subjectNumber();
  if (!fs::is_directory(layout.betasFolder(), error))
    throw std::invalid_argument("no " + options.betasVersion + " betas for " + options.subject + " in " +
                                toString(options.space) + ": " + layout.betasFolder().string() + " does not exist");
  if (options.trialsPerSession == 0) throw std::invalid_argument("trials per session must be positive");

  // Which sessions are there (every file of the session must be).
  std::vector<int> requested = options.sessions;
  if (requested.empty())
    for (int s = 1; s <= 40; ++s) requested.push_back(s);
  for (const int session : requested) {
    bool complete = true;
    for (const auto& file : layout.sessionFiles(session))
      if (!isFile(file)) {
        report.missingFiles.push_back(file);
        complete = false;
      }
    (complete ? report.sessionsImported : report.sessionsMissing).push_back(session);
  }
  if (report.sessionsImported.empty())
    throw std::invalid_argument("nothing to import: none of sessions " + formatSessionList(requested) +
                                " has betas in " + layout.betasFolder().string());

  // The design, and the images it points into.
  const NsdDesign design = readNsdDesign(layout.designFile());
  if (static_cast<std::size_t>(subject) > design.subjectCount)
    throw FormatError(layout.designFile(), "variable 'subjectim'",
                      "has " + std::to_string(design.subjectCount) + " rows; " + options.subject + " needs row " +
                          std::to_string(subject));
  const std::size_t trialsNeeded = static_cast<std::size_t>(report.sessionsImported.back()) * options.trialsPerSession;
  if (design.masterOrdering.size() < trialsNeeded)
    throw FormatError(layout.designFile(), "variable 'masterordering'",
                      "has " + std::to_string(design.masterOrdering.size()) + " trials; session " +
                          std::to_string(report.sessionsImported.back()) + " needs " + std::to_string(trialsNeeded));
  const fs::path stimuliFile = fs::absolute(options.stimuliFile.empty() ? layout.stimuliFile() : options.stimuliFile);
  if (!isFile(stimuliFile))
    throw std::invalid_argument("the NSD images " + stimuliFile.string() +
                                " do not exist (download nsd_stimuli.hdf5 or point to it with --stimuli)");
  const Hdf5ImageBrick brick(stimuliFile, options.stimuliDataset);
  if (static_cast<std::size_t>(design.largestStimulus()) > brick.count())
    throw FormatError(layout.designFile(), "variable 'subjectim'",
                      "refers to image " + std::to_string(design.largestStimulus()) + " but " +
                          stimuliFile.string() + " holds " + std::to_string(brick.count()));
  context.report(0.01, "read the design and opened the images");

  // The output folder: an old study.json goes first, so that a failed import never looks like a complete one.
  if (fs::exists(studyManifestPath(options.out), error)) {
    if (!options.overwrite)
      throw std::invalid_argument(options.out.string() + " already holds a study (pass --overwrite to replace it)");
    fs::remove(studyManifestPath(options.out));
  }
  for (const char* folder : {"responses", "rois", "layers", "surf", "stimuli"})
    fs::create_directories(options.out / folder);

  StudyManifest manifest;
  manifest.name = "NSD " + options.subject + " (" + toString(options.space) + ")";
  manifest.subject = options.subject;
  manifest.space = toString(options.space);

  // Columns.
  std::vector<ColumnPart> parts;
  std::optional<VolumeMask> mask;
  std::optional<Volume> ncsnrVolume;
  if (options.space == NsdSpace::Fsaverage) {
    parts = {{"lh", 0, options.fsaverageVertices}, {"rh", options.fsaverageVertices, options.fsaverageVertices}};
    manifest.columns.kind = "surface";
    manifest.columns.hemispheres = {{"lh", options.fsaverageVertices, {}, {}, 0}, {"rh", options.fsaverageVertices, {}, {}, 0}};
    importSurfaces(layout, options, manifest, report);
  } else {
    if (isFile(layout.ncsnrFiles().front())) ncsnrVolume = readNifti(layout.ncsnrFiles().front());
    mask = buildVolumeMask(layout, ncsnrVolume ? &*ncsnrVolume : nullptr, report);
    parts = {{"volume", 0, mask->voxels.size()}};
    writeNifti(options.out / "mask.nii.gz", mask->grid, {NiftiWriteOptions::Version::Nifti1, true, 1});
    manifest.columns.kind = "volume";
    manifest.columns.mask = "mask.nii.gz";
    manifest.columns.voxels = mask->voxels.size();
  }
  const std::size_t columns = parts.back().offset + parts.back().count;
  report.columns = columns;

  // The small things first, so a malformed ROI or ncsnr file fails in seconds rather than after the betas.
  importRoiSets(layout, options, mask ? &*mask : nullptr, manifest, report);
  importNcsnr(layout, options, mask ? &*mask : nullptr, ncsnrVolume ? &*ncsnrVolume : nullptr, manifest, report);
  ncsnrVolume.reset();
  StudyStimuli stimuli;
  stimuli.count = brick.count();
  stimuli.hdf5File = stimuliFile;
  stimuli.hdf5Dataset = options.stimuliDataset;
  // NSD showed its images 8.4 degrees wide (Allen et al. 2022).
  stimuli.fieldOfViewDeg = 8.4;
  if (!options.captions.empty()) {
    const auto captions = readNsdCaptions(options.captions, brick.count());
    std::string text;
    for (const auto& caption : captions) {
      text += caption;
      text += '\n';
      if (!caption.empty()) ++report.captionedImages;
    }
    writeFileAtomically(options.out / "stimuli" / "captions.txt", text);
    stimuli.captions = fs::path("stimuli") / "captions.txt";
  }
  manifest.stimuli = stimuli;
  context.report(0.03, "wrote ROI sets, layers and surfaces");

  // The trial plan: which row each trial of each imported session goes to.
  const std::unordered_set<std::int32_t> shared(design.sharedImages.begin(), design.sharedImages.end());
  struct TrialTarget {
    bool test = false;
    std::int64_t row = 0;
  };
  std::vector<std::int32_t> trainStimulus, testStimulus;
  std::vector<std::vector<TrialTarget>> plan;  // [session index][trial]
  std::map<std::int32_t, std::int32_t> testCounts;
  for (const int session : report.sessionsImported)
    for (std::size_t t = 0; t < options.trialsPerSession; ++t) {
      const std::int32_t stimulus =
          design.stimulusOfTrial(subject, static_cast<std::size_t>(session - 1) * options.trialsPerSession + t);
      if (shared.count(stimulus + 1)) ++testCounts[stimulus];
    }
  std::map<std::int32_t, std::int64_t> testRowOf;
  std::vector<std::int32_t> repeatCounts;
  for (const auto& [stimulus, count] : testCounts) {
    testRowOf[stimulus] = static_cast<std::int64_t>(testStimulus.size());
    testStimulus.push_back(stimulus);
    repeatCounts.push_back(count);
  }
  for (const int session : report.sessionsImported) {
    auto& targets = plan.emplace_back(options.trialsPerSession);
    for (std::size_t t = 0; t < options.trialsPerSession; ++t) {
      const std::int32_t stimulus =
          design.stimulusOfTrial(subject, static_cast<std::size_t>(session - 1) * options.trialsPerSession + t);
      if (shared.count(stimulus + 1)) {
        targets[t] = {true, testRowOf.at(stimulus)};
        ++report.testTrials;
      } else {
        targets[t] = {false, static_cast<std::int64_t>(trainStimulus.size())};
        trainStimulus.push_back(stimulus);
      }
    }
  }
  report.trainTrials = trainStimulus.size();
  report.testImages = testStimulus.size();
  if (!repeatCounts.empty()) {
    report.repeats = mostCommon(repeatCounts);
    report.minRepeats = static_cast<std::size_t>(*std::min_element(repeatCounts.begin(), repeatCounts.end()));
    report.maxRepeats = static_cast<std::size_t>(*std::max_element(repeatCounts.begin(), repeatCounts.end()));
  }

  // Stream the betas: one session part in memory, z-scored, its rows written where the plan says.
  const auto betasStarted = Clock::now();
  const fs::path responses = options.out / "responses";
  NpyStreamWriter trainWriter(responses / "train_betas.npy", NpyArray::DType::Float32,
                              static_cast<std::int64_t>(columns));
  NpyStreamWriter testWriter(responses / "test_betas.npy", NpyArray::DType::Float32,
                             static_cast<std::int64_t>(columns));
  trainWriter.resizeRows(static_cast<std::int64_t>(report.trainTrials));
  testWriter.resizeRows(static_cast<std::int64_t>(report.testImages));
  const double steps = static_cast<double>(report.sessionsImported.size() * parts.size());
  std::vector<float> sum;
  for (std::size_t si = 0; si < report.sessionsImported.size(); ++si) {
    const int session = report.sessionsImported[si];
    const auto files = layout.sessionFiles(session);
    for (std::size_t p = 0; p < parts.size(); ++p) {
      context.throwIfStopped();
      const ColumnPart& part = parts[p];
      const double step = static_cast<double>(si * parts.size() + p);
      context.report(0.05 + 0.9 * step / steps, "session " + std::to_string(session) + " " + part.name);
      report.betaBytesRead += fs::file_size(files[p]);
      std::vector<float> matrix = readSessionPart(files[p], options, mask ? &*mask : nullptr, part.count, context);
      zscoreColumns(matrix.data(), options.trialsPerSession, part.count);
      sum.resize(part.count);
      for (std::size_t t = 0; t < options.trialsPerSession; ++t) {
        const float* row = matrix.data() + t * part.count;
        const TrialTarget& target = plan[si][t];
        if (!target.test) {
          trainWriter.writeBlock(target.row, static_cast<std::int64_t>(part.offset), row, part.count);
          continue;
        }
        // Test images accumulate their repeats' sum in the output file itself (a full NSD test set is 1000 x
        // 327684 floats, 1.3 GB, which we do not keep in memory); rows are divided by their counts at the end.
        testWriter.readBlock(target.row, static_cast<std::int64_t>(part.offset), sum.data(), part.count);
        for (std::size_t c = 0; c < part.count; ++c) sum[c] += row[c];
        testWriter.writeBlock(target.row, static_cast<std::int64_t>(part.offset), sum.data(), part.count);
      }
      report.betaValuesRead += matrix.size();
    }
  }
  context.report(0.96, "averaging test repeats");
  sum.resize(columns);
  for (std::size_t r = 0; r < testStimulus.size(); ++r) {
    context.throwIfStopped();
    testWriter.readBlock(static_cast<std::int64_t>(r), 0, sum.data(), columns);
    const float scale = 1.0f / static_cast<float>(repeatCounts[r]);
    for (auto& value : sum) value *= scale;
    testWriter.writeBlock(static_cast<std::int64_t>(r), 0, sum.data(), columns);
  }
  context.throwIfStopped();
  trainWriter.commit();
  testWriter.commit();
  writeNpy(responses / "train_stimulus.npy", trainStimulus, {static_cast<std::int64_t>(trainStimulus.size())});
  writeNpy(responses / "test_stimulus.npy", testStimulus, {static_cast<std::int64_t>(testStimulus.size())});
  writeNpy(responses / "test_repeats.npy", repeatCounts, {static_cast<std::int64_t>(repeatCounts.size())});
  report.betaSeconds = std::chrono::duration<double>(Clock::now() - betasStarted).count();

  manifest.train = StudyResponseSet{"responses/train_betas.npy", "responses/train_stimulus.npy", 1};
  if (report.testImages > 0)
    manifest.test = StudyResponseSet{"responses/test_betas.npy", "responses/test_stimulus.npy", report.repeats};
  manifest.description = describe(options, report);
  context.report(0.98, "fingerprinting the responses");
  manifest.responsesHash = hashResponseFiles(options.out, manifest);  // once, for the model caches
  writeStudyManifest(options.out, manifest);
  report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  context.report(1.0, "imported " + std::to_string(report.sessionsImported.size()) + " sessions");
  return report;
}

}  // namespace vl::core
