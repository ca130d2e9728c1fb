#include "app/cli/SelectCommand.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/FreeSurferLabel.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/Sha256.h"
#include "core/selectivity/SelectionJson.h"
#include "core/selectivity/TargetSelection.h"
#include "core/study/StudyFolderLoader.h"
#include "render/OffscreenRenderer.h"

namespace vl::app {

const char* const kSelectHelp =
    "usage: voxellens select --study DIR (--roi [SET:]NAME[@lh|rh] | --vertex HEMI:ID [--radius MM] | --label FILE)\n"
    "                        [--top K] [--weight-r2] [--embedder NAME|DIR] --out DIR\n"
    "       voxellens select --study DIR --all-rois SET --out DIR\n"
    "What a patch of cortex prefers, from the study's fitted encoder (fitted and cached first when missing, as\n"
    "fit-study does): the top and bottom K bank images (default 16, up to 64) by the target's predicted response,\n"
    "the top K by measured response with their trial counts, the target's reliability (columns, median held-out\n"
    "R^2, split-half top-K overlap), a caption (BrainSCUBA projection of the target's weights, captioned by the\n"
    "nearest bank captions in the text encoder's space), rank-weighted keywords of the top images' captions and the\n"
    "receptive field (contrast-energy map; x, y, polar angle, eccentricity in degrees when study.json states\n"
    "stimuli.field_of_view_deg, pixels otherwise). Writes DIR/selection.json and DIR/gallery.png (top images, a\n"
    "bar under each: blue = the encoder was fitted on it, orange = held out).\n"
    "--roi: an ROI by name; without SET every ROI set is searched and an ambiguous name is refused with the\n"
    "matches; both hemispheres unless @lh or @rh. --vertex: a geodesic disc (default 6 mm) around a vertex of the\n"
    "hemisphere's reference surface. --label: a FreeSurfer .label file named lh.* or rh.* (a drawn ROI).\n"
    "--all-rois SET: one CSV row per ROI of the set (DIR/selection.csv). --weight-r2: the predicted response and\n"
    "the caption direction weigh each column by its held-out R^2 (default: every column counts the same).\n";

namespace {
namespace fs = std::filesystem;
using core::Hemisphere;

std::string lower(std::string text) {
  for (auto& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

// An ROI set named by its full name or a prefix of it, case-insensitively ("planted" for "planted ROIs").
const core::Parcellation* findSet(const core::Study& study, const std::string& name) {
  std::vector<const core::Parcellation*> prefix;
  for (const auto& entry : study.roiSets()) {
    if (lower(entry.data->name) == lower(name)) return entry.data.get();
    if (lower(entry.data->name).rfind(lower(name), 0) == 0) prefix.push_back(entry.data.get());
  }
  if (prefix.size() == 1) return prefix.front();
  std::string known;
  for (const auto& entry : study.roiSets()) known += (known.empty() ? "" : ", ") + entry.data->name;
  throw UsageError("no single ROI set named " + name + " (the study has: " + known + ")");
}

bool hasLabel(const core::Parcellation& set, const std::string& name) {
  return std::any_of(set.labels.begin(), set.labels.end(), [&](const core::Label& l) { return l.name == name; });
}

core::SelectionTarget parseRoi(const core::Study& study, const core::ColumnMap& columns, std::string text) {
  std::vector<Hemisphere> hemispheres = {Hemisphere::Left, Hemisphere::Right};
  if (const auto at = text.rfind('@'); at != std::string::npos) {
    const std::string hemi = text.substr(at + 1);
    if (hemi == "lh") hemispheres = {Hemisphere::Left};
    else if (hemi == "rh") hemispheres = {Hemisphere::Right};
    else throw UsageError("--roi " + text + ": expected @lh or @rh after the name");
    text.resize(at);
  }
  const core::Parcellation* set = nullptr;
  std::string name = text;
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    set = findSet(study, text.substr(0, colon));
    name = text.substr(colon + 1);
    if (!hasLabel(*set, name)) {
      std::string known;
      for (const auto& l : set->labels)
        if (l.key != 0) known += (known.empty() ? "" : ", ") + l.name;
      throw UsageError("ROI set " + set->name + " has no ROI " + name + " (it has: " + known + ")");
    }
  } else {
    std::vector<const core::Parcellation*> matches;
    for (const auto& entry : study.roiSets())
      if (hasLabel(*entry.data, name)) matches.push_back(entry.data.get());
    if (matches.size() > 1) {
      std::string list;
      for (auto* m : matches) list += (list.empty() ? "" : ", ") + m->name + ":" + name;
      throw UsageError("ROI name " + name + " is in several ROI sets; name one: " + list);
    }
    if (matches.empty()) {
      std::string similar;
      for (const auto& entry : study.roiSets())
        for (const auto& l : entry.data->labels)
          if (l.key != 0 && lower(l.name).find(lower(name)) != std::string::npos)
            similar += (similar.empty() ? "" : ", ") + entry.data->name + ":" + l.name;
      std::string sets;
      for (const auto& entry : study.roiSets()) sets += (sets.empty() ? "" : ", ") + entry.data->name;
      throw UsageError("no ROI named " + name + " in any ROI set" +
                       (similar.empty() ? " (sets: " + sets + ")" : " (similar: " + similar + ")"));
    }
    set = matches.front();
  }
  return core::roiTarget(*set, name, hemispheres, columns);
}

core::SelectionTarget parseVertex(const core::Study& study, const core::ColumnMap& columns, const std::string& text,
                                  float radius) {
  const auto colon = text.find(':');
  const std::string hemi = colon == std::string::npos ? "" : text.substr(0, colon);
  if (hemi != "lh" && hemi != "rh") throw UsageError("--vertex " + text + ": expected lh:ID or rh:ID");
  long long id = -1;
  try {
    std::size_t used = 0;
    id = std::stoll(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw UsageError("--vertex " + text + ": the vertex id must be a whole number");
  }
  const Hemisphere hemisphere = hemi == "lh" ? Hemisphere::Left : Hemisphere::Right;
  const auto surface = study.referenceSurface(hemisphere);
  if (!surface) throw UsageError("the study has no surface for " + hemi);
  if (id < 0 || static_cast<std::size_t>(id) >= surface->vertexCount())
    throw UsageError("--vertex " + text + ": hemisphere " + hemi + " has " + std::to_string(surface->vertexCount()) +
                     " vertices (ids 0.." + std::to_string(surface->vertexCount() - 1) + ")");
  return core::discTarget(*surface, hemisphere, static_cast<std::int32_t>(id), radius, columns);
}

core::SelectionTarget parseLabel(const core::ColumnMap& columns, const fs::path& file) {
  const auto label = core::readFreeSurferLabel(file);
  if (!label.hemisphere)
    throw UsageError(file.string() + ": the label file's name must start with lh. or rh. (its hemisphere)");
  return core::drawnTarget(file.filename().string(), *label.hemisphere, label.vertices, columns);
}

// Thumbnails of the top images, four per row, each with a bar saying whether the encoder was fitted on it.
render::RenderedImage galleryImage(const core::SelectionResult& result, const core::StimulusSource& stimuli) {
  constexpr int kThumb = 128, kBar = 6, kGap = 4, kPerRow = 4;
  const int count = static_cast<int>(result.top.size());
  const int rows = (count + kPerRow - 1) / kPerRow;
  render::RenderedImage out;
  out.width = kPerRow * (kThumb + kGap) + kGap;
  out.height = rows * (kThumb + kBar + kGap) + kGap;
  out.rgb.assign(std::size_t(out.width) * out.height * 3, 255);
  for (int n = 0; n < count; ++n) {
    const auto image = stimuli.image(result.top[n].index);
    const int left = kGap + (n % kPerRow) * (kThumb + kGap), top = kGap + (n / kPerRow) * (kThumb + kBar + kGap);
    for (int y = 0; y < kThumb + kBar; ++y)
      for (int x = 0; x < kThumb; ++x) {
        std::uint8_t* pixel = &out.rgb[(std::size_t(top + y) * out.width + left + x) * 3];
        if (y >= kThumb) {
          const bool fitted = result.top[n].fitted;
          pixel[0] = fitted ? 40 : 240, pixel[1] = fitted ? 90 : 140, pixel[2] = fitted ? 200 : 20;
          continue;
        }
        const int sx = x * image.width / kThumb, sy = y * image.height / kThumb;
        const std::uint8_t* source = &image.rgb[(std::size_t(sy) * image.width + sx) * 3];
        std::copy(source, source + 3, pixel);
      }
  }
  return out;
}

std::string csvField(std::string text) {
  std::string out = "\"";
  for (char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string fixed(double value, int digits = 3) {
  if (!std::isfinite(value)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

}  // namespace

int runSelectCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {"--weight-r2"},
                                   {"--study", "--roi", "--vertex", "--radius", "--label", "--top", "--out",
                                    "--all-rois", "--embedder"});
  if (!args.positional.empty()) throw UsageError("unexpected argument " + args.positional.front());
  const auto studyFolder = args.value("--study");
  const auto out = args.value("--out");
  if (!studyFolder) throw UsageError("--study DIR is required (a folder with study.json)");
  if (!out) throw UsageError("--out DIR is required");
  const int chosen = int(args.value("--roi").has_value()) + int(args.value("--vertex").has_value()) +
                     int(args.value("--label").has_value()) + int(args.value("--all-rois").has_value());
  if (chosen != 1) throw UsageError("name one target: --roi, --vertex, --label or --all-rois");
  if (args.value("--radius") && !args.value("--vertex")) throw UsageError("--radius goes with --vertex");
  float radius = 6.0f;
  if (const auto text = args.value("--radius")) {
    try {
      radius = std::stof(*text);
    } catch (const std::exception&) {
      radius = -1;
    }
    if (!(radius > 0) || radius > 100) throw UsageError("--radius " + *text + ": expected millimetres in (0, 100]");
  }
  core::SelectionOptions options;
  options.weightByR2 = args.has("--weight-r2");
  if (const auto text = args.value("--top")) {
    int k = 0;
    try {
      k = std::stoi(*text);
    } catch (const std::exception&) {
    }
    if (k < 1 || k > 64) throw UsageError("--top " + *text + ": expected 1..64");
    options.topK = static_cast<std::size_t>(k);
  }

  TerminalProgress progress;
  const auto context = progress.context();
  const auto loaded = core::loadStudyFolder(*studyFolder, context.slice(0, 0.2));
  const auto& study = *loaded.study;
  const auto experiment = study.experiment();
  if (!experiment || !experiment->stimuli || !experiment->train || !experiment->test)
    throw UsageError(*studyFolder + ": the study has no stimuli and responses to select from");
  const auto& columns = experiment->columns;

  // The target first, so that a bad name is reported before any fitting.
  std::vector<core::SelectionTarget> targets;
  std::string allSet;
  if (const auto roi = args.value("--roi")) targets.push_back(parseRoi(study, columns, *roi));
  if (const auto vertex = args.value("--vertex")) targets.push_back(parseVertex(study, columns, *vertex, radius));
  if (const auto label = args.value("--label")) targets.push_back(parseLabel(columns, *label));
  if (const auto set = args.value("--all-rois")) {
    const auto* parcellation = findSet(study, *set);
    allSet = parcellation->name;
    for (const auto& l : parcellation->labels)
      if (l.key != 0) targets.push_back(core::roiTarget(*parcellation, l.name, {Hemisphere::Left, Hemisphere::Right}, columns));
  }
  if (targets.size() == 1 && targets.front().columns.empty())
    throw UsageError("the target " + targets.front().describe() + " has no response columns (no response column " +
                     "lies inside it" + (args.value("--vertex") ? "; try a larger --radius)" : ")"));

  const auto embedderBundle = core::studyImageEmbedder(args.value("--embedder").value_or(""));
  const core::ImageEmbedder embedder(embedderBundle);
  const auto models = core::prepareStudyModels(*experiment, embedder, context.slice(0.2, 0.8));

  const auto& stimuli = *experiment->stimuli;
  core::SelectionInputs inputs;
  inputs.experiment = experiment.get();
  inputs.encoder = &models.encoder;
  inputs.stimulusEmbedding = &models.stimulusEmbedding;
  for (std::size_t i = 0; i < stimuli.count(); ++i) inputs.captions.push_back(stimuli.caption(i));
  if (std::all_of(inputs.captions.begin(), inputs.captions.end(), [](const std::string& c) { return c.empty(); }))
    inputs.captions.clear();

  core::SelectionProvenance provenance;
  provenance.studyPath = fs::absolute(*studyFolder).string();
  provenance.studyName = experiment->manifest.name;
  provenance.responsesHash = experiment->manifest.responsesHash;
  provenance.fitCacheKey = models.cacheFolder.string();
  provenance.fitCv = models.encoder.selection;
  provenance.models.push_back({embedderBundle->name(), "image_embedder",
                               core::sha256HexOfFile(embedderBundle->manifest().torchscript)});

  // Captions through the text encoder in the image encoder's space (the demo CLIP pair); unique texts only.
  core::Matrix captionEmbedding;
  std::vector<std::string> uniqueCaptions;
  std::string captionNote;
  if (!inputs.captions.empty()) {
    core::BundleCatalog catalog;
    const auto textEmbedders = catalog.usableOfKind(core::ModelKind::TextEmbedder);
    std::shared_ptr<const core::ModelBundle> textBundle;
    for (const auto* listing : textEmbedders) {
      auto bundle = catalog.load(listing->manifest->name);
      if (core::TextEmbedder(bundle).dimension() == embedder.dimension()) {
        textBundle = bundle;
        break;
      }
    }
    if (textBundle) {
      uniqueCaptions = inputs.captions;
      std::sort(uniqueCaptions.begin(), uniqueCaptions.end());
      uniqueCaptions.erase(std::unique(uniqueCaptions.begin(), uniqueCaptions.end()), uniqueCaptions.end());
      captionEmbedding = core::TextEmbedder(textBundle).embed(uniqueCaptions, context.slice(0.8, 0.9));
      provenance.models.push_back({textBundle->name(), "text_embedder",
                                   core::sha256HexOfFile(textBundle->manifest().torchscript)});
    } else {
      captionNote = "no text embedder of the image embedder's dimension is installed: no caption";
    }
  }
  inputs.captionEmbedding = captionEmbedding.empty() ? nullptr : &captionEmbedding;

  // Images smaller than the grid (tiny test banks) get one cell per pixel.
  const auto first = stimuli.image(0);
  const int grid = std::min({core::kReceptiveFieldGrid, first.width, first.height});
  const auto energy = core::computeContrastEnergy(
      stimuli.count(), [&](std::size_t i) { return stimuli.image(i); }, grid, context.slice(0.9, 1.0));
  inputs.contrastEnergy = &energy;

  inputs.captionTexts = uniqueCaptions;
  auto selectOne = [&](const core::SelectionTarget& target) { return core::selectTarget(inputs, target, options); };

  fs::create_directories(*out);
  if (!allSet.empty()) {
    std::ostringstream csv;
    csv << "roi,columns,median_test_r2,split_half_overlap,caption,keywords,rf_x,rf_y,rf_polar_angle_deg,"
           "rf_eccentricity,rf_unit\n";
    for (const auto& target : targets) {
      csv << csvField(target.roiName) << "," << target.columns.size();
      if (target.columns.empty()) {
        csv << ",,,,,,,,,\n";
        continue;
      }
      const auto result = selectOne(target);
      std::string keywords;
      for (std::size_t k = 0; k < std::min<std::size_t>(3, result.keywords.size()); ++k)
        keywords += (k ? " " : "") + result.keywords[k].word;
      csv << "," << fixed(result.reliability.medianTestR2, 4) << "," << fixed(result.reliability.splitHalfOverlap, 3)
          << "," << csvField(result.caption) << "," << csvField(keywords);
      if (result.receptiveField) {
        const auto& rf = *result.receptiveField;
        csv << "," << fixed(rf.x, 2) << "," << fixed(rf.y, 2) << "," << fixed(rf.polarAngleDeg, 1) << ","
            << fixed(rf.eccentricity, 2) << "," << (rf.inDegrees ? "deg" : "px") << "\n";
      } else {
        csv << ",,,,,\n";
      }
    }
    core::writeFileAtomically(fs::path(*out) / "selection.csv", csv.str());
    std::printf("%zu ROIs of %s -> %s\n", targets.size(), allSet.c_str(), (fs::path(*out) / "selection.csv").c_str());
    return 0;
  }

  const auto result = selectOne(targets.front());
  auto document = core::selectionJson(result, inputs.captions, provenance);
  if (!captionNote.empty()) document["caption_note"] = captionNote;
  core::writeSelectionJson(fs::path(*out) / "selection.json", document);
  render::writePng(galleryImage(result, stimuli), fs::path(*out) / "gallery.png");

  std::printf("target: %s, %zu columns; median test R^2 %s; split-half top-%zu overlap %s\n",
              result.target.describe().c_str(), result.target.columns.size(),
              fixed(result.reliability.medianTestR2, 4).c_str(), result.reliability.splitHalfK,
              fixed(result.reliability.splitHalfOverlap, 2).c_str());
  std::printf("caption: %s\n", result.caption.empty() ? "(none)" : result.caption.c_str());
  if (!result.keywords.empty()) std::printf("top keyword: %s\n", result.keywords.front().word.c_str());
  if (result.receptiveField) {
    const auto& rf = *result.receptiveField;
    std::printf("rf: x %.2f y %.2f polar angle %.1f deg eccentricity %.2f %s\n", rf.x, rf.y, rf.polarAngleDeg,
                rf.eccentricity, rf.inDegrees ? "deg" : "px (field of view unknown)");
  }
  std::printf("wrote %s and gallery.png\n", (fs::path(*out) / "selection.json").c_str());
  return 0;
}

}  // namespace vl::app
