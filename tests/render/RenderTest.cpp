// Colour composition, view presets, level-of-detail proxies and offscreen rendering.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/study/StudyFromMeshes.h"
#include "render/ColourMap.h"
#include "core/anatomy/DemoBrainLoader.h"
#include "render/LodProxy.h"
#include "render/OffscreenRenderer.h"
#include "render/VertexColours.h"
#include "render/VertexPicker.h"
#include "render/ViewPreset.h"
#include "render/SceneRenderer.h"

#include <vtkActor.h>
#include <vtkNew.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkRenderWindow.h>
#include "tests/support/TestSurfaces.h"

using namespace vl;

namespace {
double foregroundFraction(const render::RenderedImage& image) {
  std::size_t count = 0;
  for (std::size_t p = 0; p < image.rgb.size(); p += 3)
    if (image.rgb[p] < 235 || image.rgb[p + 1] < 235 || image.rgb[p + 2] < 235) ++count;
  return double(count) / double(image.width * image.height);
}

std::shared_ptr<core::Study> studyWithLayer(std::vector<float> leftValues, core::LayerDisplay display) {
  auto study = fixtures::makeSphereStudy(0);  // 12 vertices per hemisphere
  auto layer = std::make_shared<core::SurfaceLayer>();
  layer->name = "values";
  layer->values[0] = std::move(leftValues);
  study->addLayer(layer, display);
  return study;
}
}  // namespace

TEST(ColourMap, EndsAndMidpointAreExact) {
  const auto& grey = render::colourMap("grey");
  EXPECT_EQ(grey.sample(0.0), (render::Rgb{0, 0, 0}));
  EXPECT_EQ(grey.sample(1.0), (render::Rgb{1, 1, 1}));
  EXPECT_FLOAT_EQ(grey.sample(0.25)[1], 0.25f);
  EXPECT_EQ(grey.sample(-3.0), grey.sample(0.0));  // clamped
  EXPECT_THROW(render::colourMap("no-such-map"), std::invalid_argument);
}

TEST(VertexColours, MapsValuesAtTheRangeEndsNaNAndOpacity) {
  core::LayerDisplay display;
  display.colourMap = "grey";
  display.rangeMin = 2.0;
  display.rangeMax = 4.0;
  std::vector<float> values(12, 3.0f);
  values[0] = 2.0f;          // range start: black
  values[1] = 4.0f;          // range end: white
  values[2] = 10.0f;         // beyond: clamped white
  values[3] = std::nanf(""); // no value: the base grey shows through
  auto study = studyWithLayer(values, display);
  auto rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  ASSERT_EQ(rgba.size(), 48u);
  EXPECT_EQ(rgba[0], 0);
  EXPECT_EQ(rgba[4], 255);
  EXPECT_EQ(rgba[8], 255);
  EXPECT_EQ(rgba[12], std::lround(render::kBaseGrey * 255));
  EXPECT_EQ(rgba[16], 128);  // 3.0 is the middle of 2..4
  EXPECT_EQ(rgba[19], 255);  // alpha

  display.opacity = 0.5f;
  display.invert = true;
  study->setLayerDisplay(study->layers()[0].id, display);
  rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  // inverted: 2.0 maps to white, blended half with the base grey
  EXPECT_EQ(rgba[0], std::lround((0.5 * render::kBaseGrey + 0.5) * 255));
  // the right hemisphere has no values in this layer: plain base grey
  const auto right = render::composeVertexColours(*study, core::Hemisphere::Right);
  EXPECT_EQ(right[0], std::lround(render::kBaseGrey * 255));
}

TEST(VertexColours, RoiSetsFillTheirLabelsOnTopOfLayers) {
  core::LayerDisplay display;
  display.colourMap = "grey";
  display.rangeMin = 0.0;
  display.rangeMax = 1.0;
  auto study = studyWithLayer(std::vector<float>(12, 1.0f), display);  // white everywhere underneath
  auto rois = std::make_shared<core::Parcellation>();
  rois->name = "atlas";
  rois->labels = {{5, "V1", {1.0f, 0.0f, 0.0f, 1.0f}}, {7, "V2", {0.0f, 0.0f, 1.0f, 1.0f}}};
  rois->keys[0].assign(12, 5);
  rois->keys[0][1] = 7;
  rois->keys[0][2] = 99;  // not in the table: shows the layer below
  rois->keys[1].assign(12, 7);
  study->addRoiSet(rois, {true, 1.0f});
  auto rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  EXPECT_EQ((std::array<int, 3>{rgba[0], rgba[1], rgba[2]}), (std::array<int, 3>{255, 0, 0}));
  EXPECT_EQ((std::array<int, 3>{rgba[4], rgba[5], rgba[6]}), (std::array<int, 3>{0, 0, 255}));
  EXPECT_EQ((std::array<int, 3>{rgba[8], rgba[9], rgba[10]}), (std::array<int, 3>{255, 255, 255}));
  study->setRoiDisplay(0, {true, 0.5f});
  rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  EXPECT_EQ(rgba[1], 128);  // half red over white: green channel 0.5
  study->setRoiDisplay(0, {false, 0.5f});
  rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  EXPECT_EQ(rgba[1], 255);
}

TEST(ViewPreset, ParsesEveryListedNameAndRoundTrips) {
  for (const auto& name : render::viewPresetNames()) {
    const auto preset = render::parseViewPreset(name);
    ASSERT_TRUE(preset.has_value()) << name;
    EXPECT_EQ(preset->name(), name);
  }
  EXPECT_FALSE(render::parseViewPreset("sideways").has_value());
  const auto lateralLeft = render::parseViewPreset("lateral-left");
  EXPECT_EQ(lateralLeft->cameraDirection(), (std::array<double, 3>{-1, 0, 0}));
  EXPECT_EQ(render::parseViewPreset("medial-right")->cameraDirection(), (std::array<double, 3>{-1, 0, 0}));
  EXPECT_EQ(render::parseViewPreset("dorsal")->viewUp(), (std::array<double, 3>{0, 1, 0}));
  EXPECT_EQ(render::parseViewPreset("lateral")->name(), "lateral-left");
}

TEST(LodProxy, DecimatesAndMapsEveryProxyVertexToItsNearestSourceVertex) {
  auto sphere = std::make_shared<const core::Surface>(core::makeIcosphere(5, 50.0f));  // 20480 triangles
  const auto proxy = render::buildLodProxy(sphere, 2000);
  EXPECT_GT(proxy.mesh.triangleCount(), 1500u);
  EXPECT_LT(proxy.mesh.triangleCount(), 2500u);
  ASSERT_EQ(proxy.sourceVertex.size(), proxy.mesh.vertexCount());
  for (std::size_t v = 0; v < proxy.mesh.vertexCount(); v += 37) {
    const auto& p = proxy.mesh.vertices[v];
    auto distance2 = [&](const core::Vec3f& q) {
      return (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]);
    };
    float best = 1e30f;
    for (const auto& q : sphere->vertices) best = std::min(best, distance2(q));
    EXPECT_FLOAT_EQ(distance2(sphere->vertices[static_cast<std::size_t>(proxy.sourceVertex[v])]), best);
  }
}

TEST(OffscreenRenderer, RendersTheRequestedSizeWithBothSpheres) {
  const auto image = render::renderOffscreen(fixtures::makeSphereStudy(3), {320, 200, std::nullopt, std::nullopt, {1, 1, 1}});
  EXPECT_EQ(image.width, 320);
  EXPECT_EQ(image.height, 200);
  ASSERT_EQ(image.rgb.size(), 320u * 200u * 3u);
  const double fraction = foregroundFraction(image);
  EXPECT_GT(fraction, 0.1);
  EXPECT_LT(fraction, 0.8);
  EXPECT_THROW(render::renderOffscreen(fixtures::makeSphereStudy(1), {8, 8, std::nullopt, std::nullopt, {1, 1, 1}}),
               std::invalid_argument);
}

TEST(OffscreenRenderer, DemoBrainLateralViewCoversAPlausibleFraction) {
  const auto demo = core::loadDemoBrain({});
  render::OffscreenRequest request;
  request.width = 400;
  request.height = 300;
  request.preset = render::parseViewPreset("lateral-left");
  const auto image = render::renderOffscreen(core::buildStudyFromMeshes(demo.meshes, "demo"), request);
  const double fraction = foregroundFraction(image);
  EXPECT_GT(fraction, 0.25);
  EXPECT_LT(fraction, 0.75);
  // Sulci dark, gyri light: the brain's pixels span a wide range of grey.
  int darkest = 255, lightest = 0;
  for (std::size_t p = 0; p < image.rgb.size(); p += 3)
    if (image.rgb[p] < 235) darkest = std::min<int>(darkest, image.rgb[p]), lightest = std::max<int>(lightest, image.rgb[p]);
  EXPECT_GT(lightest - darkest, 120);
}

TEST(OffscreenRenderer, WritesAPngAtomically) {
  const auto folder = std::filesystem::temp_directory_path();
  const auto file = folder / "voxellens-render-test.png";
  render::writePng(render::renderOffscreen(fixtures::makeSphereStudy(2), {64, 48, std::nullopt, std::nullopt, {0, 0, 0}}), file);
  std::ifstream in(file, std::ios::binary);
  unsigned char header[24];
  ASSERT_TRUE(in.read(reinterpret_cast<char*>(header), 24));
  EXPECT_EQ(header[1], 'P');
  EXPECT_EQ((header[16] << 24) | (header[17] << 16) | (header[18] << 8) | header[19], 64);  // IHDR width
  EXPECT_EQ((header[20] << 24) | (header[21] << 16) | (header[22] << 8) | header[23], 48);
  std::filesystem::remove(file);
}

TEST(VertexPicker, PicksTheVertexUnderThePixelOnKnownGeometry) {
  auto study = fixtures::makeSphereStudy(4, 50.0f);  // spheres at x = -60 and +60
  render::SceneRenderer scene;
  scene.setStudy(study);
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(300, 300);
  window->AddRenderer(scene.renderer());
  scene.applyViewPreset({render::View::Dorsal, core::Hemisphere::Left});
  window->Render();
  // Seen from above, the image centre is the left sphere's north pole (0 - 60, 0, 50).
  const auto picked = render::pickVertex(scene, 150, 150);
  ASSERT_TRUE(picked.has_value());
  EXPECT_EQ(picked->hemisphere, core::Hemisphere::Left);
  const auto& surface = *study->shownSurface(core::Hemisphere::Left);
  EXPECT_EQ(picked->position, surface.vertices[static_cast<std::size_t>(picked->vertex)]);
  EXPECT_NEAR(picked->position[0], -60.0f, 2.5f);
  EXPECT_NEAR(picked->position[2], 50.0f, 0.2f);
  EXPECT_FALSE(render::pickVertex(scene, 2, 2).has_value());  // the corner is background
}

// The LOD proxy's preparation finds the demo surfaces closed and outward-facing, so their actors cull back faces;
// seen from outside that must change (almost) no pixel: only silhouette pixels where a back face tied in depth.
TEST(SurfaceActor, CullingTheHiddenSideOfTheDemoBrainChangesNoVisiblePixel) {
  const auto demo = core::loadDemoBrain({});
  auto study = core::buildStudyFromMeshes(demo.meshes, "demo");
  render::SceneRenderer scene;
  scene.setStudy(study);
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(480, 360);
  window->AddRenderer(scene.renderer());
  scene.renderer()->SetUseFXAA(false);  // compare the raster itself
  auto grab = [&](const char* preset) {
    scene.applyViewPreset(*render::parseViewPreset(preset));
    window->Render();
    unsigned char* pixels = window->GetPixelData(0, 0, 479, 359, 1);
    std::vector<unsigned char> copy(pixels, pixels + 480 * 360 * 3);
    delete[] pixels;
    return copy;
  };
  const char* presets[] = {"lateral-left", "medial-right", "ventral", "anterior"};
  std::vector<std::vector<unsigned char>> before;
  for (const char* preset : presets) before.push_back(grab(preset));
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto proxy = std::make_shared<const render::LodProxy>(render::buildLodProxy(study->shownSurface(side), 12000));
    EXPECT_EQ(proxy->sourceFacing, core::SurfaceFacing::Outward);
    scene.setLodProxy(proxy);
    EXPECT_TRUE(scene.surfaces().actor(side).fullActor()->GetProperty()->GetBackfaceCulling());
  }
  for (std::size_t i = 0; i < std::size(presets); ++i) {
    const auto after = grab(presets[i]);
    std::size_t brain = 0, differ = 0;
    for (std::size_t p = 0; p < after.size(); p += 3) {
      const bool foreground = before[i][p] < 250 || before[i][p + 1] < 250 || before[i][p + 2] < 250;
      brain += foreground;
      int largest = 0;
      for (int c = 0; c < 3; ++c) largest = std::max(largest, std::abs(int(after[p + c]) - int(before[i][p + c])));
      differ += largest > 8;
    }
    EXPECT_GT(brain, 20000u) << presets[i];
    EXPECT_LT(double(differ), 0.002 * double(brain)) << presets[i] << ": " << differ << " of " << brain;
  }
}
