// Render regression: the demo brain with curvature, a viridis overlay and a parcellation, rendered offscreen at
// 320x240 from every camera preset and compared with reference PNGs in tests/data/render. Software OpenGL
// differs slightly between machines and Mesa versions, so the comparison is tolerant (a pixel differs when a
// channel is off by more than kChannelTolerance; at most kMaxDifferingFraction of the pixels may differ and the
// mean absolute difference must stay under kMaxMeanDifference), yet a wrong camera, preset or colour map fails
// (checked below against the references themselves). On failure the rendered and difference images are written
// to the build tree (render-regression/). VOXELLENS_UPDATE_RENDER_REFERENCES=1 rewrites the references instead
// (tests/data/render/README.md).
#include <gtest/gtest.h>

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPointData.h>
#include <vtkDataArray.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>

#include "core/anatomy/DemoBrainLoader.h"
#include "render/OffscreenRenderer.h"
#include "render/RenderBenchmark.h"
#include "render/ViewPreset.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
constexpr int kWidth = 320, kHeight = 240;
constexpr int kChannelTolerance = 40;          // per channel, 0..255
constexpr double kMaxDifferingFraction = 0.01;  // of all pixels
constexpr double kMaxMeanDifference = 1.5;      // mean |a - b| over all channels, 0..255

const fs::path kReferences = fs::path(VOXELLENS_SOURCE_DIR) / "tests/data/render";
const fs::path kFailures = fs::path(VOXELLENS_BINARY_DIR) / "render-regression";

bool updating() {
  const char* flag = std::getenv("VOXELLENS_UPDATE_RENDER_REFERENCES");
  return flag && std::string(flag) == "1";
}

std::vector<render::ViewPreset> presets() {
  std::vector<render::ViewPreset> all;
  for (auto view : {render::View::Lateral, render::View::Medial, render::View::Dorsal, render::View::Ventral,
                    render::View::Anterior, render::View::Posterior}) {
    all.push_back({view, core::Hemisphere::Left});
    if (view != render::View::Lateral && view != render::View::Medial) all.push_back({view, std::nullopt});
  }
  return all;
}

std::shared_ptr<core::Study> scene() {
  static const auto demo = core::loadDemoBrain({});
  return render::makeBenchmarkStudy(demo.meshes);
}

// Each test renders only what it compares (CTest runs every test in a process of its own): one preset, once.
const render::RenderedImage& renderPreset(const std::string& name) {
  static std::map<std::string, render::RenderedImage> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  render::OffscreenRequest request;
  request.width = kWidth;
  request.height = kHeight;
  request.preset = render::parseViewPreset(name);
  if (!request.preset) throw std::invalid_argument("no preset " + name);
  return cache[name] = render::renderOffscreen(scene(), request);
}

render::RenderedImage readPng(const fs::path& file) {
  vtkNew<vtkPNGReader> reader;
  if (!fs::exists(file) || !reader->CanReadFile(file.c_str())) return {};
  reader->SetFileName(file.c_str());
  reader->Update();
  vtkImageData* data = reader->GetOutput();
  int dims[3];
  data->GetDimensions(dims);
  const int components = data->GetNumberOfScalarComponents();
  render::RenderedImage image{dims[0], dims[1], std::vector<std::uint8_t>(std::size_t(dims[0]) * dims[1] * 3)};
  auto* pixels = static_cast<const std::uint8_t*>(data->GetScalarPointer());
  for (int row = 0; row < dims[1]; ++row)  // VTK images start at the bottom row
    for (int x = 0; x < dims[0]; ++x)
      for (int c = 0; c < 3; ++c)
        image.rgb[(std::size_t(row) * dims[0] + x) * 3 + c] =
            pixels[(std::size_t(dims[1] - 1 - row) * dims[0] + x) * components + std::min(c, components - 1)];
  return image;
}

struct Difference {
  double differingFraction = 1.0;
  double meanDifference = 255.0;
  bool passes() const { return differingFraction <= kMaxDifferingFraction && meanDifference <= kMaxMeanDifference; }
};

std::ostream& operator<<(std::ostream& out, const Difference& d) {
  return out << d.differingFraction * 100 << "% of pixels differ (limit " << kMaxDifferingFraction * 100
             << "%), mean difference " << d.meanDifference << " (limit " << kMaxMeanDifference << ")";
}

Difference compare(const render::RenderedImage& a, const render::RenderedImage& b, render::RenderedImage* diff = nullptr) {
  if (a.width != b.width || a.height != b.height || a.rgb.size() != b.rgb.size()) return {};
  std::size_t differing = 0;
  double total = 0;
  if (diff) *diff = {a.width, a.height, std::vector<std::uint8_t>(a.rgb.size(), 255)};
  for (std::size_t p = 0; p < a.rgb.size(); p += 3) {
    int worst = 0;
    for (int c = 0; c < 3; ++c) {
      const int d = std::abs(int(a.rgb[p + c]) - int(b.rgb[p + c]));
      worst = std::max(worst, d);
      total += d;
    }
    if (worst > kChannelTolerance) {
      ++differing;
      if (diff) diff->rgb[p] = 255, diff->rgb[p + 1] = 0, diff->rgb[p + 2] = 0;
    } else if (diff && worst > 0) {
      diff->rgb[p] = diff->rgb[p + 1] = diff->rgb[p + 2] = static_cast<std::uint8_t>(255 - std::min(255, worst * 4));
    }
  }
  return {double(differing) / double(a.width * a.height), total / double(a.rgb.size())};
}
}  // namespace

class RenderRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(RenderRegression, MatchesItsReferenceImage) {
  const auto& image = renderPreset(GetParam());
  const fs::path reference = kReferences / (GetParam() + ".png");
  if (updating()) {
    render::writePng(image, reference);
    GTEST_SKIP() << "wrote " << reference;
  }
  const auto expected = readPng(reference);
  ASSERT_EQ(expected.width, kWidth) << reference << " is missing or not a 320x240 PNG; see tests/data/render/README.md";
  ASSERT_EQ(expected.height, kHeight);
  render::RenderedImage diff;
  const auto difference = compare(image, expected, &diff);
  if (!difference.passes()) {
    fs::create_directories(kFailures);
    render::writePng(image, kFailures / (GetParam() + ".actual.png"));
    render::writePng(diff, kFailures / (GetParam() + ".difference.png"));
  }
  EXPECT_TRUE(difference.passes()) << GetParam() << ": " << difference << "; images in " << kFailures;
  RecordProperty("differing_percent", std::to_string(difference.differingFraction * 100));
  RecordProperty("mean_difference", std::to_string(difference.meanDifference));
}

INSTANTIATE_TEST_SUITE_P(Presets, RenderRegression, ::testing::ValuesIn([] {
                           std::vector<std::string> names;
                           for (const auto& p : presets()) names.push_back(p.name());
                           return names;
                         }()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The tolerance must not hide real mistakes: the references of different presets (a wrong camera or preset) fail
// against each other, the lateral render fails against the medial reference, and the same view with another
// colour map fails against its own reference.
TEST(RenderRegressionTolerance, RejectsTheWrongPresetAndTheWrongColourMap) {
  if (updating()) GTEST_SKIP() << "references are being rewritten";
  std::map<std::string, render::RenderedImage> references;
  for (const auto& preset : presets()) {
    references[preset.name()] = readPng(kReferences / (preset.name() + ".png"));
    ASSERT_EQ(references[preset.name()].width, kWidth) << preset.name() << " reference missing";
  }
  Difference closest;
  std::string closestPair;
  for (const auto& [name, image] : references) {
    for (const auto& [otherName, other] : references) {
      if (otherName <= name) continue;
      const auto d = compare(image, other);
      EXPECT_FALSE(d.passes()) << name << " passed as " << otherName << ": " << d;
      if (d.differingFraction < closest.differingFraction) closest = d, closestPair = name + " vs " + otherName;
    }
  }
  std::printf("closest pair of presets: %s: %.1f%% of pixels differ, mean difference %.2f\n", closestPair.c_str(),
              closest.differingFraction * 100, closest.meanDifference);
  // A render, not just the references: lateral against medial, the plainest case of a wrong camera.
  const auto lateral = compare(renderPreset("lateral-left"), references.at("medial-left"));
  EXPECT_FALSE(lateral.passes()) << "lateral-left passed as medial-left: " << lateral;
  EXPECT_TRUE(compare(renderPreset("lateral-left"), references.at("lateral-left")).passes());

  auto study = scene();
  for (const auto& entry : study->layers()) {
    if (entry.data->name != "overlay") continue;
    auto display = entry.display;
    display.colourMap = "inferno";
    study->setLayerDisplay(entry.id, display);
  }
  render::OffscreenRequest request;
  request.width = kWidth;
  request.height = kHeight;
  request.preset = render::ViewPreset{render::View::Lateral, core::Hemisphere::Left};
  const auto d = compare(render::renderOffscreen(study, request), references.at("lateral-left"));
  EXPECT_FALSE(d.passes()) << "inferno instead of viridis passed: " << d;
  std::printf("inferno instead of viridis: %.1f%% of pixels differ, mean difference %.2f\n",
              d.differingFraction * 100, d.meanDifference);
}
