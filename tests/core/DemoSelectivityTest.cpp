// The selectivity explorer against the demo study's planted truth (issue 12, "Done when"): category ROIs prefer
// their category's images and are captioned with its words, small discs at the category ROIs' centres do too, and
// V1 columns' receptive fields point where their planted pRFs are. Reads the test cache's demo study (demo_cache
// fixture), or the study folder in VOXELLENS_SELECTIVITY_STUDY (e.g. a demo made with another seed).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"
#include "core/selectivity/TargetSelection.h"
#include "core/study/StudyFolderLoader.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct DemoSelection {
  fs::path folder;
  LoadedStudy loaded;
  StudyModels models;
  SelectionInputs inputs;
  Matrix captionEmbedding;
  ContrastEnergyGrid energy;
  std::vector<std::string> categoryOf;  // per stimulus, from tags.tsv
  json truth;
  std::map<std::string, std::set<std::string>> words;  // category-words.json
};

DemoSelection& demo() {
  static DemoSelection* made = [] {
    auto* d = new DemoSelection;
    const char* chosen = std::getenv("VOXELLENS_SELECTIVITY_STUDY");
    d->folder = chosen && *chosen ? fs::path(chosen) : defaultDemoStudyFolder();
    d->loaded = loadStudyFolder(d->folder);
    const auto& experiment = *d->loaded.study->experiment();
    const ImageEmbedder embedder(studyImageEmbedder());
    d->models = prepareStudyModels(experiment, embedder);
    const auto& stimuli = *experiment.stimuli;
    d->inputs.experiment = &experiment;
    d->inputs.encoder = &d->models.encoder;
    d->inputs.stimulusEmbedding = &d->models.stimulusEmbedding;
    for (std::size_t i = 0; i < stimuli.count(); ++i) {
      d->inputs.captions.push_back(stimuli.caption(i));
      d->categoryOf.push_back(stimuli.tags(i).empty() ? "" : stimuli.tags(i).front());
    }
    auto texts = d->inputs.captions;
    std::sort(texts.begin(), texts.end());
    texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
    BundleCatalog catalog;
    const TextEmbedder text(catalog.load("demo-clip-text"));
    d->captionEmbedding = text.embed(texts);
    d->inputs.captionTexts = texts;
    d->inputs.captionEmbedding = &d->captionEmbedding;
    d->energy = computeContrastEnergy(stimuli.count(), [&](std::size_t i) { return stimuli.image(i); });
    d->inputs.contrastEnergy = &d->energy;
    d->truth = json::parse(std::ifstream(d->folder / "truth" / "truth.json"));
    const json words = json::parse(std::ifstream(fs::path(VOXELLENS_TEST_DATA) / "selectivity/category-words.json"));
    for (const auto& [category, list] : words.at("categories").items())
      for (const auto& word : list) d->words[category].insert(word.get<std::string>());
    return d;
  }();
  return *made;
}

// The bank's category name (tags.tsv) and the word list of category-words.json for each planted ROI.
struct Planted {
  const char* roi;
  const char* category;
  const char* wordList;
};
constexpr Planted kPlanted[] = {{"FFA", "face", "faces"},  {"PPA", "place", "places"}, {"EBA", "body", "bodies"},
                                {"VWFA", "word", "words"}, {"food", "food", "food"},   {"V1", "pattern", "gratings"}};

const Parcellation& plantedSet() {
  for (const auto& entry : demo().loaded.study->roiSets())
    if (entry.data->name == "planted ROIs") return *entry.data;
  throw std::runtime_error("the demo study has no planted ROIs");
}

std::size_t ofCategory(const std::vector<RankedImage>& images, const std::string& category) {
  return std::count_if(images.begin(), images.end(),
                       [&](const RankedImage& image) { return demo().categoryOf[image.index] == category; });
}

bool namesCategory(const std::string& text, const std::string& wordList) {
  const auto& words = demo().words.at(wordList);
  std::string word;
  for (char ch : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (!word.empty()) {
      if (words.count(word)) return true;
      word.clear();
    }
  }
  return false;
}

TEST(DemoSelectivity, CategoryRoisPreferAndNameTheirCategory) {
  const auto& columns = demo().loaded.study->experiment()->columns;
  for (const auto& planted : kPlanted) {
    const auto target = roiTarget(plantedSet(), planted.roi, {Hemisphere::Left, Hemisphere::Right}, columns);
    const auto result = selectTarget(demo().inputs, target);
    const std::size_t hits = ofCategory(result.top, planted.category);
    const std::string keyword = result.keywords.empty() ? "" : result.keywords.front().word;
    std::printf("%-5s %3zu columns: %2zu of top 16 %s, measured %2zu; caption \"%s\"; keyword %s; split-half %.2f\n",
                planted.roi, target.columns.size(), hits, planted.category,
                ofCategory(result.measuredTop, planted.category), result.caption.c_str(), keyword.c_str(),
                result.reliability.splitHalfOverlap);
    EXPECT_GE(hits, 14u) << planted.roi;
    EXPECT_TRUE(namesCategory(result.caption, planted.wordList)) << planted.roi << ": " << result.caption;
    EXPECT_TRUE(namesCategory(keyword, planted.wordList)) << planted.roi << ": " << keyword;
  }
}

TEST(DemoSelectivity, SmallDiscsAtCategoryCentresPreferTheirCategory) {
  const auto& study = *demo().loaded.study;
  const auto& columns = study.experiment()->columns;
  for (const auto& roi : demo().truth.at("rois")) {
    if (!roi.contains("centre_vertex") || roi.at("centre_vertex").is_null()) continue;
    const std::string name = roi.at("name");
    const auto& selectivity = roi.at("selectivity");
    std::string category;
    double best = -1;
    for (const auto& [c, v] : selectivity.items())
      if (v.get<double>() > best) best = v.get<double>(), category = c;
    const Hemisphere hemisphere = roi.at("hemisphere") == "lh" ? Hemisphere::Left : Hemisphere::Right;
    const auto target = discTarget(*study.referenceSurface(hemisphere), hemisphere,
                                   roi.at("centre_vertex").get<std::int32_t>(), 4.0f, columns);
    if (target.columns.empty()) {
      std::printf("%s %s: no column within 4 mm of the centre\n", roi.at("hemisphere").get<std::string>().c_str(),
                  name.c_str());
      ADD_FAILURE() << name << " has no column within 4 mm of its centre";
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    const auto result = selectTarget(demo().inputs, target);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const std::size_t hits = ofCategory(result.top, category);
    std::printf("%s %-5s disc 4 mm, %zu columns: %2zu of top 16 %s (selection %.1f ms)\n",
                roi.at("hemisphere").get<std::string>().c_str(), name.c_str(), target.columns.size(), hits,
                category.c_str(), ms);
    EXPECT_GE(hits, 12u) << roi.at("hemisphere") << " " << name;
  }
}

TEST(DemoSelectivity, V1ReceptiveFieldsPointAtThePlantedPolarAngle) {
  const auto& study = *demo().loaded.study;
  const auto& experiment = *study.experiment();
  const auto& columns = experiment.columns;
  const SurfaceLayer* eccentricity = nullptr;
  const SurfaceLayer* polar = nullptr;
  for (const auto& layer : study.layers()) {
    if (layer.data->name == "eccentricity (planted)") eccentricity = layer.data.get();
    if (layer.data->name == "polar angle (planted)") polar = layer.data.get();
  }
  ASSERT_TRUE(eccentricity && polar);
  const auto& set = plantedSet();
  std::vector<double> errors;
  for (Hemisphere hemisphere : {Hemisphere::Left, Hemisphere::Right}) {
    const auto& keys = set.keysFor(hemisphere);
    const auto vertices = columns.columnVertices(hemisphere);
    for (std::size_t local = 0; local < vertices.size(); ++local) {
      const auto vertex = static_cast<std::size_t>(vertices[local]);
      if (keys[vertex] != 1) continue;  // V1
      const float ecc = eccentricity->valuesFor(hemisphere)[vertex];
      if (!(ecc >= 1.0f && ecc <= 3.5f)) continue;
      SelectionTarget target;
      target.columns = {columns.firstColumn(hemisphere) + local};
      const auto result = selectTarget(demo().inputs, target);
      ASSERT_TRUE(result.receptiveField && result.receptiveField->inDegrees);
      double error = std::fabs(result.receptiveField->polarAngleDeg - polar->valuesFor(hemisphere)[vertex]);
      error = std::min(error, 360.0 - error);
      errors.push_back(error);
    }
  }
  ASSERT_GT(errors.size(), 20u);
  std::nth_element(errors.begin(), errors.begin() + std::ptrdiff_t(errors.size() / 2), errors.end());
  const double median = errors[errors.size() / 2];
  std::printf("V1 columns at 1-3.5 deg: %zu, median polar-angle error %.1f deg\n", errors.size(), median);
  EXPECT_LE(median, 20.0);
}

// A captioner model, when installed, captions the target's projected direction (the one the nearest captions are
// found for): the caption is its output and says so, and the nearest captions stay listed.
TEST(DemoSelectivity, AnInstalledCaptionerCaptionsTheProjectedDirection) {
  const auto& columns = demo().loaded.study->experiment()->columns;
  auto inputs = demo().inputs;
  std::vector<double> seen;
  inputs.captionerName = "test-captioner";
  inputs.captioner = [&](const std::vector<double>& direction) {
    seen = direction;
    return std::string("a face said by the captioner");
  };
  const auto target = roiTarget(plantedSet(), "FFA", {Hemisphere::Left, Hemisphere::Right}, columns);
  const auto withCaptioner = selectTarget(inputs, target);
  const auto without = selectTarget(demo().inputs, target);
  EXPECT_EQ(withCaptioner.caption, "a face said by the captioner");
  EXPECT_EQ(withCaptioner.captionSource, "captioner test-captioner");
  EXPECT_EQ(without.captionSource, "nearest bank captions");
  EXPECT_EQ(withCaptioner.nearestCaptions.size(), without.nearestCaptions.size());
  ASSERT_EQ(seen.size(), demo().inputs.stimulusEmbedding->cols);
  double norm = 0;
  for (double v : seen) norm += v * v;
  EXPECT_GT(norm, 0.0);
  // An empty answer keeps the composed caption.
  inputs.captioner = [](const std::vector<double>&) { return std::string(); };
  EXPECT_EQ(selectTarget(inputs, target).caption, without.caption);
}

}  // namespace
}  // namespace vl::core
