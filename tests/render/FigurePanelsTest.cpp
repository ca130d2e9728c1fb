// What figures draw beside and on the brains: the selectivity gallery (bank images and caption, from the scene alone),
// the selected ROI's highlight (as the window draws it) and a scale bar where a mm is one length across the view.
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>

#include "core/model/StimulusSource.h"
#include "core/scene/SceneGallery.h"
#include "core/scene/SceneStudy.h"
#include "core/study/Experiment.h"
#include "render/FigureExport.h"
#include "render/FigureGalleryPanel.h"
#include "render/FigureScaleBar.h"
#include "render/ImageResample.h"
#include "render/RoiHighlight.h"
#include "tests/render/FigureFiles.h"

namespace {
namespace fs = std::filesystem;
using namespace vl::fixtures::figures;
using vl::render::FigureOptions;

// A bank of solid-colour 12x12 images: image i has colour kColours[i].
constexpr std::array<std::array<std::uint8_t, 3>, 5> kColours{
    {{200, 20, 20}, {20, 200, 20}, {20, 20, 200}, {200, 200, 20}, {20, 200, 200}}};

class SolidBank : public vl::core::StimulusSource {
public:
  std::size_t count() const override { return kColours.size(); }
  vl::core::StimulusImage image(std::size_t index) const override {
    vl::core::StimulusImage image{12, 12, {}};
    for (int i = 0; i < 144; ++i) image.rgb.insert(image.rgb.end(), kColours.at(index).begin(), kColours.at(index).end());
    return image;
  }
  std::string caption(std::size_t) const override { return {}; }
  std::vector<std::string> tags(std::size_t) const override { return {}; }
};

std::shared_ptr<vl::core::Study> studyWithBank(const vl::core::SceneDocument& scene) {
  auto study = vl::core::loadSceneStudy(scene).study;
  auto experiment = std::make_shared<vl::core::Experiment>();
  experiment->stimuli = std::make_shared<SolidBank>();
  study->setExperiment(experiment);
  return study;
}

vl::core::SceneDocument sceneWithGallery(const SphereFiles& files, std::vector<std::size_t> images) {
  auto scene = files.scene();
  vl::core::ScenePanel panel{vl::core::kSelectivityPanelName, nlohmann::json::object()};
  vl::core::storeGallery(panel, {"ROI test:patch (lh)", std::move(images), "red square", "nearest bank captions"});
  scene.panels.push_back(panel);
  return scene;
}

std::string joined(const std::vector<std::string>& texts) {
  std::string all;
  for (const auto& text : texts) all += text + "\n";
  return all;
}

std::size_t pixelsNear(const Pixels& png, const std::array<int, 3>& colour, int tolerance,
                       int x0 = 0, int x1 = -1) {
  if (x1 < 0) x1 = png.width;
  std::size_t count = 0;
  for (int y = 0; y < png.height; ++y)
    for (int x = x0; x < x1; ++x) {
      const auto* p = &png.data[(std::size_t(y) * png.width + x) * png.components];
      if (std::abs(p[0] - colour[0]) <= tolerance && std::abs(p[1] - colour[1]) <= tolerance &&
          std::abs(p[2] - colour[2]) <= tolerance)
        ++count;
    }
  return count;
}

FigureOptions oneView(int width, int height) {
  FigureOptions options;
  options.width = width;
  options.height = height;
  options.dpi = 150;
  options.views = {"lateral-left"};
  return options;
}
}  // namespace

TEST(FigureGallery, SvgHoldsTheCaptionAsTextAndOneImagePerBankImage) {
  SphereFiles files;
  const auto scene = sceneWithGallery(files, {3, 1, 4});
  const auto study = studyWithBank(scene);
  const fs::path out = files.dir.path / "gallery.svg";
  const auto report = vl::render::exportFigure(study, scene, oneView(900, 600), out);
  EXPECT_TRUE(report.gallery);
  for (const auto& note : report.notRestored) EXPECT_EQ(note.find("selectivityDock"), std::string::npos) << note;
  SvgContent svg;
  ASSERT_TRUE(parseSvg(readAll(out), svg));
  EXPECT_EQ(svg.images, 1u + 3u) << "the brain and the three bank images";
  const std::string texts = joined(svg.texts);
  EXPECT_NE(texts.find("\"red square\""), std::string::npos) << texts;
  EXPECT_NE(texts.find("(nearest bank captions)"), std::string::npos) << texts;
  EXPECT_NE(texts.find("patch"), std::string::npos) << "the target names the gallery: " << texts;
  const auto& provenance = report.provenance.at("figure").at("gallery");
  EXPECT_EQ(provenance.at("images"), nlohmann::json({3, 1, 4}));
  EXPECT_EQ(provenance.at("caption"), "red square");
  // Provenance still lists the scene; a figure without the gallery has just the brain.
  FigureOptions without = oneView(900, 600);
  without.selectivityPanel = false;
  const auto plain = vl::render::exportFigure(study, scene, without, files.dir.path / "plain.svg");
  EXPECT_FALSE(plain.gallery);
  SvgContent plainSvg;
  ASSERT_TRUE(parseSvg(readAll(files.dir.path / "plain.svg"), plainSvg));
  EXPECT_EQ(plainSvg.images, 1u);
  EXPECT_EQ(joined(plainSvg.texts).find("red square"), std::string::npos);
}

TEST(FigureGallery, PngShowsTheBankImagesInOrderBesideTheViews) {
  SphereFiles files;
  const auto scene = sceneWithGallery(files, {3, 1, 4});
  const auto study = studyWithBank(scene);
  FigureOptions options = oneView(900, 600);
  options.colourBar = false;
  const fs::path out = files.dir.path / "gallery.png";
  vl::render::exportFigure(study, scene, options, out);
  const Pixels png = readPng(out);
  ASSERT_EQ(png.width, 900);
  // The gallery takes the right 30 % (270 px): the images' colours are there, in order (left to right, then down),
  // and nowhere in the brain's part.
  const int galleryLeft = 900 - 270;
  std::vector<std::pair<int, int>> firstSeen;  // (x, y from the top) of each image's first pixel, row by row
  for (std::size_t image : {3u, 1u, 4u}) {
    const std::array<int, 3> colour{kColours[image][0], kColours[image][1], kColours[image][2]};
    EXPECT_GT(pixelsNear(png, colour, 2, galleryLeft), 400u) << "image " << image;
    EXPECT_EQ(pixelsNear(png, colour, 2, 0, galleryLeft), 0u) << "image " << image;
    for (int y = png.height - 1, found = 0; y >= 0 && !found; --y)
      for (int x = galleryLeft; x < png.width && !found; ++x) {
        const auto* p = &png.data[(std::size_t(y) * png.width + x) * png.components];
        if (p[0] == colour[0] && p[1] == colour[1] && p[2] == colour[2]) {
          firstSeen.push_back({x, png.height - 1 - y});  // readPng's rows start at the bottom (VTK's order)
          found = 1;
        }
      }
  }
  ASSERT_EQ(firstSeen.size(), 3u);
  const auto readingOrder = [](std::pair<int, int> a, std::pair<int, int> b) {
    return a.second < b.second || (a.second == b.second && a.first < b.first);
  };
  EXPECT_TRUE(readingOrder(firstSeen[0], firstSeen[1])) << "the most preferred image first";
  EXPECT_TRUE(readingOrder(firstSeen[1], firstSeen[2]));
  EXPECT_EQ(pixelsNear(png, {kColours[0][0], kColours[0][1], kColours[0][2]}, 2), 0u) << "image 0 is not stored";
}

TEST(FigureGallery, LaysOutSquareCellsAndTheCaptionUnderThem) {
  vl::render::FigureGalleryContent content;
  content.title = "Preferred images: ROI a";
  content.caption = "a caption long enough to wrap onto a second line of the panel";
  for (int i = 0; i < 6; ++i) content.images.push_back(vl::render::RenderedImage{4, 4, std::vector<std::uint8_t>(48, 9), {}});
  const vl::render::FigureGalleryPanel panel(content, {100, 0, 300, 500}, 12, {0, 0, 0});
  ASSERT_EQ(panel.cells().size(), 6u);
  for (const auto& cell : panel.cells()) {
    EXPECT_EQ(cell.width, cell.height);
    EXPECT_GE(cell.x, 100);
    EXPECT_LE(cell.x + cell.width, 400.5);
    EXPECT_GE(cell.y, 12) << "below the title";
  }
  EXPECT_GT(panel.cells()[0].width, 80) << "two or three columns fill the 300 px width";
  EXPECT_GT(panel.captionBaseline(), panel.cells().back().y + panel.cells().back().height);
  EXPECT_LT(panel.captionBaseline(), 500);
}

TEST(FigureGallery, AnOldSceneOrAMissingBankIsListedNotDrawn) {
  SphereFiles files;
  auto scene = files.scene();
  scene.panels.push_back({vl::core::kSelectivityPanelName, nlohmann::json::object()});  // saved before galleries
  const auto study = studyWithBank(scene);
  auto report = vl::render::exportFigure(study, scene, oneView(400, 300), files.dir.path / "old.png");
  EXPECT_FALSE(report.gallery);
  EXPECT_NE(joined(report.notRestored).find("stores no gallery"), std::string::npos) << joined(report.notRestored);

  const auto withGallery = sceneWithGallery(files, {1, 99});
  report = vl::render::exportFigure(study, withGallery, oneView(400, 300), files.dir.path / "partial.png");
  EXPECT_TRUE(report.gallery);
  EXPECT_NE(joined(report.notRestored).find("image 99 is not in the bank of 5 images"), std::string::npos);
  const auto noBank = vl::core::loadSceneStudy(withGallery).study;
  report = vl::render::exportFigure(noBank, withGallery, oneView(400, 300), files.dir.path / "nobank.png");
  EXPECT_FALSE(report.gallery);
  EXPECT_NE(joined(report.notRestored).find("no stimulus bank"), std::string::npos);
}

TEST(FigureHighlight, TheSelectedRoisOutlineHasTheHighlightColour) {
  SphereFiles files;
  auto scene = files.scene();
  scene.layers.clear();  // grey curvature only: nothing else on the brain is yellow
  auto study = vl::core::loadSceneStudy(scene).study;
  auto set = std::make_shared<vl::core::Parcellation>();
  set->name = "test";
  set->labels = {{7, "patch", {0.1f, 0.1f, 0.9f, 1.0f}}};
  const auto& surface = *study->hemisphere(vl::core::Hemisphere::Left).surfaces.front();
  for (const auto& v : surface.vertices) set->keys[0].push_back(v[2] > 20.0f ? 7 : 0);
  set->keys[1].assign(study->hemisphere(vl::core::Hemisphere::Right).surfaces.front()->vertexCount(), 0);
  vl::core::RoiDisplay display;
  display.mode = vl::core::RoiDrawMode::Outline;
  study->addRoiSet(set, display);
  const std::array<int, 3> highlight{int(std::lround(vl::render::kHighlightColour[0] * 255)),
                                     int(std::lround(vl::render::kHighlightColour[1] * 255)),
                                     int(std::lround(vl::render::kHighlightColour[2] * 255))};
  FigureOptions options = oneView(480, 360);
  options.colourBar = false;
  vl::render::exportFigure(study, scene, options, files.dir.path / "plain.png");
  EXPECT_EQ(pixelsNear(readPng(files.dir.path / "plain.png"), highlight, 6), 0u);
  scene.selectedRois = {"patch"};
  const auto report = vl::render::exportFigure(study, scene, options, files.dir.path / "selected.png");
  EXPECT_TRUE(report.notRestored.empty()) << joined(report.notRestored);
  EXPECT_EQ(report.provenance.at("figure").at("highlighted_roi"), "patch");
  const Pixels png = readPng(files.dir.path / "selected.png");
  // The outline is a closed ring around the cap, several pixels wide: hundreds of pixels of the highlight colour.
  EXPECT_GT(pixelsNear(png, highlight, 6), 200u);
  scene.selectedRois = {"nowhere"};
  const auto missing = vl::render::exportFigure(study, scene, options, files.dir.path / "missing.png");
  EXPECT_NE(joined(missing.notRestored).find("selected ROI \"nowhere\""), std::string::npos);
}

TEST(FigureScaleBar, OnlyWhereAMillimetreIsOneLength) {
  using vl::core::SurfaceKind;
  vl::render::CameraState camera;
  camera.parallelProjection = true;
  camera.parallelScale = 60;
  EXPECT_DOUBLE_EQ(*vl::render::pixelsPerMm(camera, 600, {SurfaceKind::White, SurfaceKind::Pial}), 5.0);
  EXPECT_FALSE(vl::render::pixelsPerMm(camera, 600, {SurfaceKind::White, SurfaceKind::Inflated}));
  EXPECT_FALSE(vl::render::pixelsPerMm(camera, 600, {SurfaceKind::Sphere}));
  EXPECT_FALSE(vl::render::pixelsPerMm(camera, 600, {SurfaceKind::Flat}));
  camera.parallelProjection = false;
  EXPECT_FALSE(vl::render::pixelsPerMm(camera, 600, {SurfaceKind::White}));
  EXPECT_DOUBLE_EQ(vl::render::scaleBarLengthMm(5.0, 120), 20.0);  // 24 mm fit: 20
  EXPECT_DOUBLE_EQ(vl::render::scaleBarLengthMm(5.0, 99), 10.0);   // 19.8 mm fit: 10
  EXPECT_DOUBLE_EQ(vl::render::scaleBarLengthMm(0.5, 150), 200.0);  // 300 mm fit: 200
}

TEST(FigureScaleBar, TheBarIsItsLengthAtTheCamerasScaleAndMatchesTheBrain) {
  SphereFiles files;
  auto scene = files.scene();
  scene.layers.clear();
  // The left sphere (radius 50 mm, centre x = -60) seen from the left, orthographic, 60 mm from the centre to the
  // top of the view: 480 px high means 4 px per mm.
  scene.camera = vl::core::SceneCamera{{-400, 0, 0}, {-60, 0, 0}, {0, 0, 1}, 30.0, true, 60.0};
  FigureOptions options;
  options.width = 640;
  options.height = 480;
  options.colourBar = false;
  const fs::path svgFile = files.dir.path / "scale.svg";
  vl::render::exportFigure(scene, options, svgFile);
  const std::string svg = readAll(svgFile);
  std::smatch label;
  ASSERT_TRUE(std::regex_search(svg, label, std::regex(">([0-9.]+) mm</text>"))) << "a scale bar is drawn";
  const double lengthMm = std::stod(label[1]);
  std::smatch line;
  ASSERT_TRUE(std::regex_search(svg, line, std::regex("<line x1=\"([0-9.]+)\" y1=\"[0-9.]+\" x2=\"([0-9.]+)\"")));
  const double pixels = std::stod(line[2]) - std::stod(line[1]);
  EXPECT_NEAR(pixels, lengthMm * 480.0 / (2 * 60.0), 2.0);
  EXPECT_NE(readAll(files.dir.path / "scale.provenance.json").find("\"scale_bars_mm\": [\n      " + label[1].str()),
            std::string::npos) << "the provenance says which bar each view has";
  EXPECT_GE(pixels, 640 * 0.1) << "a round length that is not a speck";
  EXPECT_LE(pixels, 640 * 0.25);

  // The same view as PNG: the sphere's width across its middle row is its 100 mm diameter at the bar's scale.
  const fs::path pngFile = files.dir.path / "scale.png";
  vl::render::exportFigure(scene, options, pngFile);
  const Pixels png = readPng(pngFile);
  int left = -1, right = -1;
  const int row = png.height / 2;
  for (int x = 0; x < png.width; ++x) {
    const auto* p = &png.data[(std::size_t(row) * png.width + x) * png.components];
    if (p[0] < 250 || p[1] < 250 || p[2] < 250) {
      if (left < 0) left = x;
      right = x;
    }
  }
  ASSERT_GE(left, 0);
  std::printf("scale bar: %g mm = %.2f px (camera: %.2f px); sphere 100 mm = %d px (%.3f px/mm)\n", lengthMm, pixels,
              lengthMm * 480.0 / (2 * 60.0), right - left + 1, (right - left + 1) / 100.0);
  EXPECT_NEAR(double(right - left + 1) / 100.0, pixels / lengthMm, 0.04 * pixels / lengthMm);

  // Perspective, or the option off: no bar.
  scene.camera->parallelProjection = false;
  vl::render::exportFigure(scene, options, svgFile);
  EXPECT_FALSE(std::regex_search(readAll(svgFile), std::regex(" mm</text>")));
  scene.camera->parallelProjection = true;
  options.scaleBar = false;
  vl::render::exportFigure(scene, options, svgFile);
  EXPECT_FALSE(std::regex_search(readAll(svgFile), std::regex(" mm</text>")));
}

TEST(FigureScaleBar, GoesToTheCornerThatHidesTheLeastOfTheBrain) {
  // A 100 x 80 white view with "brain" (grey) in its bottom-left quarter, then also in its bottom-right one.
  vl::render::RenderedImage view{100, 80, std::vector<std::uint8_t>(100 * 80 * 3, 255), {}};
  const auto paint = [&](int x0, int x1, int y0, int y1) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x)
        for (int c = 0; c < 3; ++c) view.rgb[(std::size_t(y) * 100 + x) * 3 + c] = 128;
  };
  const vl::render::Rgb white{1, 1, 1};
  EXPECT_EQ(vl::render::clearestCorner(view, white, 30, 10, 4), (std::pair<double, double>{4, 66}))
      << "bottom-left when the view is empty";
  paint(0, 50, 40, 80);
  EXPECT_EQ(vl::render::clearestCorner(view, white, 30, 10, 4), (std::pair<double, double>{66, 66}));
  paint(50, 100, 40, 80);
  EXPECT_EQ(vl::render::clearestCorner(view, white, 30, 10, 4), (std::pair<double, double>{66, 4}));
  // With alpha, what is transparent is background whatever its colour.
  view.alpha.assign(100 * 80, 0);
  EXPECT_EQ(vl::render::clearestCorner(view, white, 30, 10, 4), (std::pair<double, double>{4, 66}));
}

TEST(ImageResample, AveragesWhenShrinkingAndKeepsFlatColours) {
  vl::render::RenderedImage stripes{4, 2, {}, {}};
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x)
      for (int c = 0; c < 3; ++c) stripes.rgb.push_back(x % 2 ? 200 : 0);
  const auto half = vl::render::resampleImage(stripes, 2, 1);
  ASSERT_EQ(half.rgb.size(), 6u);
  for (auto value : half.rgb) EXPECT_NEAR(value, 100, 2) << "each output pixel averages a dark and a light one";
  const auto grown = vl::render::resampleImage(vl::render::RenderedImage{1, 1, {10, 20, 30}, {}}, 5, 3);
  for (std::size_t i = 0; i < grown.rgb.size(); i += 3)
    EXPECT_EQ((std::array<int, 3>{grown.rgb[i], grown.rgb[i + 1], grown.rgb[i + 2]}), (std::array<int, 3>{10, 20, 30}));
  EXPECT_THROW(vl::render::resampleImage(stripes, 0, 3), std::invalid_argument);
}
