// The Colin27 demo brain: plausible size, one closed genus-0 2-manifold per hemisphere on the right side of the
// midline that inflates without folding, and curvature with FreeSurfer's sign (negative on gyral crowns, positive in
// sulcal fundi).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "core/demo/DemoAtlases.h"
#include "core/study/StudyFromMeshes.h"
#include "core/geometry/MeshOrientation.h"
#include "core/geometry/MeshTopology.h"
#include "core/geometry/SurfaceInflation.h"
#include "core/anatomy/DemoBrainLoader.h"

using namespace vl;

namespace {
const core::DemoBrainMeshes& demoBrain() {
  static const auto brain = core::loadDemoBrain({});  // extracts once per machine, then from the cache
  return brain;
}
const core::SurfaceLayer& layerNamed(const char* name) {
  const auto& layers = demoBrain().meshes.layers;
  auto it = std::find_if(layers.begin(), layers.end(), [name](const auto& l) { return l.name == name; });
  if (it == layers.end()) throw std::runtime_error(std::string("no layer ") + name);
  return *it;
}
}  // namespace

TEST(DemoBrain, HasTwoHemispheresOfPlausibleSize) {
  const auto& surfaces = demoBrain().meshes.surfaces;
  ASSERT_EQ(surfaces.size(), 2u);
  EXPECT_EQ(surfaces[0].hemisphere, core::Hemisphere::Left);
  EXPECT_EQ(surfaces[1].hemisphere, core::Hemisphere::Right);
  const auto total = surfaces[0].vertexCount() + surfaces[1].vertexCount();
  EXPECT_GE(total, 100000u);
  EXPECT_LE(total, 400000u);
  // Hemispheres of one brain differ by a few percent, not by a factor.
  const double ratio = double(surfaces[0].vertexCount()) / double(surfaces[1].vertexCount());
  EXPECT_GT(ratio, 0.85);
  EXPECT_LT(ratio, 1.15);
}

TEST(DemoBrain, EachHemisphereIsOneClosedManifoldFacingOutwards) {
  for (const auto& surface : demoBrain().meshes.surfaces) {
    const auto report = core::analyseTopology(surface);
    EXPECT_TRUE(report.isClosedManifold()) << core::toString(surface.hemisphere) << ": " << report.summary();
    EXPECT_EQ(report.components, 1u) << report.summary();
    EXPECT_EQ(report.eulerCharacteristic, 2) << "a handle or cavity in the white surface: " << report.summary();
    EXPECT_EQ(core::closedSurfaceFacing(surface), core::SurfaceFacing::Outward);
    // A white-matter hemisphere holds roughly 200-700 cm^3.
    const double volume = core::signedVolume(surface);
    EXPECT_GT(volume, 200e3);
    EXPECT_LT(volume, 700e3);
  }
}

TEST(DemoBrain, HemispheresLieOnTheirSideOfTheMidlineInMniSpace) {
  for (const auto& surface : demoBrain().meshes.surfaces) {
    const bool left = surface.hemisphere == core::Hemisphere::Left;
    float minX = 1e9f, maxX = -1e9f, minY = 1e9f, maxY = -1e9f;
    for (const auto& v : surface.vertices) {
      minX = std::min(minX, v[0]), maxX = std::max(maxX, v[0]);
      minY = std::min(minY, v[1]), maxY = std::max(maxY, v[1]);
    }
    if (left) EXPECT_LT(maxX, 0.0f);
    else EXPECT_GT(minX, 0.0f);
    EXPECT_GT(std::abs(left ? minX : maxX), 55.0f);  // lateral surface 55-75 mm from the midline
    EXPECT_LT(std::abs(left ? minX : maxX), 80.0f);
    EXPECT_LT(minY, -85.0f);  // occipital pole
    EXPECT_GT(maxY, 55.0f);   // frontal pole
  }
}

// The white surface has no handles to tear open, so inflation (with the window's options) folds only a few spots,
// where the medial temporal white matter is thin: well under one triangle in 2,000.
TEST(DemoBrain, InflationFoldsAlmostNoTriangles) {
  for (const auto& surface : demoBrain().meshes.surfaces) {
    EXPECT_LE(core::countFlippedTriangles(surface.vertices, surface.triangles), surface.triangleCount() / 10000)
        << "folded triangles on the white surface itself";
    const auto inflated = core::inflateSurface(surface);
    EXPECT_LT(inflated.flippedTriangles, surface.triangleCount() / 2000) << core::toString(surface.hemisphere);
  }
}

TEST(DemoBrain, CurvatureIsNegativeOnCrownsAndPositiveInFundi) {
  const auto& curvature = layerNamed(core::kCurvatureLayerName);
  const auto& depth = layerNamed(core::kSulcalDepthLayerName);
  for (int h = 0; h < 2; ++h) {
    const auto& c = curvature.values[h];
    const auto& d = depth.values[h];
    ASSERT_EQ(c.size(), d.size());
    std::vector<std::size_t> order(c.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return d[a] < d[b]; });
    const std::size_t tenth = order.size() / 10;
    double crowns = 0, fundi = 0;
    for (std::size_t i = 0; i < tenth; ++i) {
      crowns += c[order[i]];                     // least deep: gyral crowns
      fundi += c[order[order.size() - 1 - i]];  // deepest: sulcal fundi
    }
    crowns /= double(tenth);
    fundi /= double(tenth);
    EXPECT_LT(crowns, -0.05) << "hemisphere " << h;
    EXPECT_GT(fundi, 0.05) << "hemisphere " << h;
  }
}

TEST(DemoAtlases, LabelTheCortexWithAnatomicallyPlausibleRegions) {
  auto study = core::buildStudyFromMeshes(demoBrain().meshes, "demo");
  core::addDemoAtlases(*study);
  ASSERT_EQ(study->roiSets().size(), 2u);
  const auto& harvardOxford = *study->roiSets()[0].data;
  const auto& brodmann = *study->roiSets()[1].data;
  EXPECT_EQ(harvardOxford.name, "Harvard-Oxford cortical");
  EXPECT_FALSE(study->roiSets()[0].display.visible);  // shown on request, curvature stays readable
  const auto& surface = *study->shownSurface(core::Hemisphere::Left);
  const auto& keys = harvardOxford.keys[0];
  ASSERT_EQ(keys.size(), surface.vertexCount());
  const auto labelled = std::count_if(keys.begin(), keys.end(), [](auto k) { return k > 0; });
  EXPECT_GT(double(labelled) / double(keys.size()), 0.7) << "most of the white surface lies under cortex";
  // The 1% most anterior vertices are mostly frontal pole; the 1% most posterior mostly occipital.
  std::vector<std::size_t> order(surface.vertexCount());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return surface.vertices[a][1] < surface.vertices[b][1]; });
  const std::size_t percent = order.size() / 100;
  auto share = [&](const std::vector<std::int32_t>& labels, auto begin, auto end, std::vector<int> wanted) {
    std::size_t hits = 0;
    for (auto it = begin; it != end; ++it)
      hits += std::find(wanted.begin(), wanted.end(), labels[*it]) != wanted.end();
    return double(hits) / double(end - begin);
  };
  EXPECT_GT(share(keys, order.end() - percent, order.end(), {1}), 0.5);                           // Frontal Pole
  EXPECT_GT(share(keys, order.begin(), order.begin() + percent, {48, 22, 23, 32, 36, 24, 47}), 0.7);  // occipital
  EXPECT_GT(share(brodmann.keys[0], order.begin(), order.begin() + percent, {17, 18, 19}), 0.6);  // visual areas
}
