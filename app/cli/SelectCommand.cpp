#include "app/cli/SelectCommand.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli/CommandLine.h"
#include "app/cli/SelectMapsCommand.h"
#include "app/cli/TargetArguments.h"
#include "app/cli/TerminalProgress.h"
#include "core/fitting/SelectionContext.h"
#include "core/fitting/StudyProvenance.h"
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
    "usage: voxellens select --study DIR (--roi [SET:]NAME[,NAME...][@lh|rh] | --vertex HEMI:ID [--radius MM]\n"
    "                        | --label FILE)\n"
    "                        [--top K] [--weight-r2] [--embedder NAME|DIR] --out DIR\n"
    "       voxellens select --study DIR --all-rois SET --out DIR\n"
    "       voxellens select --study DIR --maps [--clusters K] [--embedder NAME|DIR] --out DIR\n"
    "What a patch of cortex prefers, from the study's fitted encoder (fitted and cached first when missing, as\n"
    "fit-study does): the top and bottom K bank images (default 16, up to 64) by the target's predicted response,\n"
    "the top K by measured response with their trial counts, the target's reliability (columns, median held-out\n"
    "R^2, split-half top-K overlap), a caption (BrainSCUBA projection of the target's weights, captioned by the\n"
    "nearest bank captions in the text encoder's space, or by an installed captioner bundle of the embedding's size;\n"
    "selection.json's caption_source says which), rank-weighted keywords of the top images' captions and the\n"
    "receptive field (contrast-energy map; x, y, polar angle, eccentricity in degrees when study.json states\n"
    "stimuli.field_of_view_deg, pixels otherwise). Writes DIR/selection.json and DIR/gallery.png (top images, a\n"
    "bar under each: blue = the encoder was fitted on it, orange = held out).\n"
    "--roi: an ROI by name; without SET every ROI set is searched and an ambiguous name is refused with the\n"
    "matches; several names (V1,V2,V3) select the union of those ROIs; both hemispheres unless @lh or @rh.\n"
    "--vertex: a geodesic disc (default 6 mm) around a vertex of the hemisphere's reference surface. --label: a\n"
    "FreeSurfer .label file named lh.* or rh.* (a drawn ROI).\n"
    "--all-rois SET: one CSV row per ROI of the set (DIR/selection.csv). --weight-r2: the predicted response and\n"
    "the caption direction weigh each column by its held-out R^2 (default: every column counts the same).\n"
    "--maps: the caption map and the category selectivity maps of the whole study as GIfTI files per hemisphere\n"
    "(DIR/lh|rh.caption_map.label.gii, DIR/lh|rh.<category>.func.gii) and DIR/maps.json; --clusters K (default 7).\n";

namespace {
namespace fs = std::filesystem;
using core::Hemisphere;

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

// Empty cells for values a target does not have (CSV).
std::string fixed(double value, int digits = 3) { return formatFixed(value, digits, ""); }

}  // namespace

int runSelectCommand(const std::vector<std::string>& arguments) {
  if (std::find(arguments.begin(), arguments.end(), "--maps") != arguments.end())
    return runSelectMapsCommand(arguments);
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
  const float radius = parseRadiusOption(args);
  core::SelectionOptions options;
  options.weightByR2 = args.has("--weight-r2");
  options.topK = wholeNumberOption(args, "--top", options.topK, 1, 64);

  TerminalProgress progress;
  const auto context = progress.context();
  const auto loaded = loadStudyWithResponses(*studyFolder, "to select from", context.slice(0, 0.2));
  const auto& study = *loaded.study;
  const auto experiment = study.experiment();
  const auto& columns = experiment->columns;

  // The target first, so that a bad name is reported before any fitting.
  std::vector<core::SelectionTarget> targets;
  std::string allSet;
  if (const auto roi = args.value("--roi")) targets.push_back(parseRoiTarget(study, columns, *roi));
  if (const auto vertex = args.value("--vertex")) targets.push_back(parseVertexTarget(study, columns, *vertex, radius));
  if (const auto label = args.value("--label")) targets.push_back(parseLabelTarget(columns, *label));
  if (const auto set = args.value("--all-rois")) {
    const auto* parcellation = findRoiSet(study, *set);
    allSet = parcellation->name;
    for (const auto& l : parcellation->labels)
      if (l.key != 0) targets.push_back(core::roiTarget(*parcellation, l.name, {Hemisphere::Left, Hemisphere::Right}, columns));
  }
  if (targets.size() == 1 && targets.front().columns.empty())
    throw UsageError("the target " + targets.front().describe() + " has no response columns (no response column " +
                     "lies inside it" + (args.value("--vertex") ? "; try a larger --radius)" : ")"));

  const auto embedderBundle = core::studyImageEmbedder(args.value("--embedder").value_or(""));
  const core::ImageEmbedder embedder(embedderBundle);
  auto models = std::make_shared<const core::StudyModels>(
      core::prepareStudyModels(*experiment, embedder, context.slice(0.2, 0.8)));
  const auto selection = core::makeSelectionContext(experiment, models, embedder.dimension(), context.slice(0.8, 1.0));
  const auto inputs = selection.inputs();
  const auto& stimuli = *experiment->stimuli;

  const auto provenance = core::studyProvenance(*studyFolder, *experiment, *models,
                                                 {embedderBundle, selection.textEncoder, selection.captioner});
  const std::string& captionNote = selection.captionNote;

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
