// Drawing ROIs: geodesic discs against the analytic answer on a sphere, the surface distances are measured on,
// brush strokes, erase, undo, the panel model's rules, and saving to FreeSurfer .label and GIfTI .label.gii read
// back with our readers (and nibabel, when Debian's Python has it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <set>

#include "core/geometry/Icosphere.h"
#include "core/geometry/RoiDrawing.h"
#include "core/io/DataFile.h"
#include "core/io/FreeSurferLabel.h"
#include "core/io/RoiFileWriter.h"
#include "core/panels/RoiDrawPanelModel.h"
#include "core/model/RoiEditor.h"
#include "core/model/Study.h"
#include "tests/support/TempDir.h"
#include "tests/support/Peers.h"

using namespace vl;
using core::Hemisphere;

namespace {
constexpr float kRadius = 50.0f;

// Great-circle distance between two vertices of a sphere of radius kRadius centred at the origin.
double greatCircle(const core::Vec3f& a, const core::Vec3f& b) {
  const double dot = (double(a[0]) * b[0] + double(a[1]) * b[1] + double(a[2]) * b[2]) /
                     (std::hypot(a[0], a[1], a[2]) * std::hypot(b[0], b[1], b[2]));
  return kRadius * std::acos(std::clamp(dot, -1.0, 1.0));
}

std::shared_ptr<const core::Surface> sphere(int levels, float radius, core::SurfaceKind kind, Hemisphere h) {
  auto s = std::make_shared<core::Surface>(core::makeIcosphere(levels, radius, {0, 0, 0}, h));
  s->kind = kind;
  return s;
}

// Left: a white sphere of 50 mm and an "inflated" one twice as big, the inflated one shown. Right: white only.
std::shared_ptr<core::Study> twoSurfaceStudy(int levels = 4) {
  auto study = std::make_shared<core::Study>();
  study->setSurfaces(Hemisphere::Left, {sphere(levels, kRadius, core::SurfaceKind::White, Hemisphere::Left),
                                        sphere(levels, 2 * kRadius, core::SurfaceKind::Inflated, Hemisphere::Left)});
  study->setShownSurface(Hemisphere::Left, 1);
  study->setSurfaces(Hemisphere::Right, {sphere(levels, kRadius, core::SurfaceKind::White, Hemisphere::Right)});
  return study;
}

std::vector<std::int32_t> keysEqualTo(const std::vector<std::int32_t>& keys, std::int32_t key) {
  std::vector<std::int32_t> out;
  for (std::size_t v = 0; v < keys.size(); ++v)
    if (keys[v] == key) out.push_back(static_cast<std::int32_t>(v));
  return out;
}

// A disc around `vertex` at the model's radius, computed and applied at once (the panel does so for small discs).
void drawDisc(core::RoiDrawPanelModel& model, Hemisphere hemisphere, std::int32_t vertex) {
  const auto job = model.discAt(hemisphere, vertex);
  ASSERT_TRUE(job);
  model.applyDisc(*job, core::RoiDrawPanelModel::computeDisc(*job));
}

std::vector<std::int32_t> joined(std::vector<std::int32_t> a, const std::vector<std::int32_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}
}  // namespace

TEST(RoiDrawing, DiscOnASphereHoldsTheVerticesWithinTheGreatCircleRadius) {
  const auto surface = core::makeIcosphere(5, kRadius);  // 10,242 vertices, edges ~2.4 mm
  const std::int32_t centre = 1234;
  for (float radius : {6.0f, 15.0f, 40.0f}) {
    const std::int32_t centres[1] = {centre};
    const auto disc = core::verticesWithinRadius(surface, centres, radius);
    const std::set<std::int32_t> inDisc(disc.begin(), disc.end());
    ASSERT_TRUE(inDisc.count(centre));
    std::size_t expected = 0, borderline = 0;
    for (std::size_t v = 0; v < surface.vertexCount(); ++v) {
      const double d = greatCircle(surface.vertices[centre], surface.vertices[v]);
      const bool inside = inDisc.count(static_cast<std::int32_t>(v)) > 0;
      // Fast marching is within ~1% of the true geodesic; only vertices that close to the rim may go either way.
      if (std::abs(d - radius) <= 0.01 * radius + 0.02) {
        ++borderline;
        continue;
      }
      EXPECT_EQ(inside, d < radius) << "vertex " << v << " at " << d << " mm, radius " << radius;
      expected += d < radius;
    }
    EXPECT_LE(borderline, disc.size() / 10 + 2);
    // The cap's area 2 pi R^2 (1 - cos(r/R)) over the sphere's 4 pi R^2, times the vertex count.
    const double fraction = 0.5 * (1 - std::cos(radius / kRadius));
    EXPECT_NEAR(double(disc.size()), fraction * surface.vertexCount(), 0.08 * fraction * surface.vertexCount() + 3);
    EXPECT_TRUE(std::is_sorted(disc.begin(), disc.end()));
    EXPECT_GE(disc.size(), expected);
  }
}

TEST(RoiDrawing, SeveralCentresGiveTheUnionOfTheirDiscs) {
  const auto surface = core::makeIcosphere(4, kRadius);
  const std::int32_t a[1] = {10}, b[1] = {500}, both[2] = {10, 500};
  const auto discA = core::verticesWithinRadius(surface, a, 12.0f);
  const auto discB = core::verticesWithinRadius(surface, b, 12.0f);
  EXPECT_EQ(core::verticesWithinRadius(surface, both, 12.0f), joined(discA, discB));
  EXPECT_THROW(core::verticesWithinRadius(surface, a, 0.0f), std::invalid_argument);
  EXPECT_THROW(core::verticesWithinRadius(surface, a, std::nanf("")), std::invalid_argument);
  const std::int32_t outside[1] = {static_cast<std::int32_t>(surface.vertexCount())};
  EXPECT_THROW(core::verticesWithinRadius(surface, outside, 5.0f), std::invalid_argument);
}

TEST(RoiDrawing, GeodesicPathFollowsTheGreatCircleBetweenItsEnds) {
  const auto surface = core::makeIcosphere(5, kRadius);
  const auto adjacency = core::MeshAdjacency::build(surface.vertexCount(), surface.triangles);
  const std::int32_t from = 17;
  std::int32_t to = 0;  // the vertex nearest to 30 mm away along the sphere
  for (std::size_t v = 0; v < surface.vertexCount(); ++v)
    if (std::abs(greatCircle(surface.vertices[from], surface.vertices[v]) - 30.0) <
        std::abs(greatCircle(surface.vertices[from], surface.vertices[to]) - 30.0))
      to = static_cast<std::int32_t>(v);
  const double arc = greatCircle(surface.vertices[from], surface.vertices[to]);
  ASSERT_NEAR(arc, 30.0, 1.0);
  const auto path = core::geodesicPath(surface, adjacency, from, to, 60.0f);
  ASSERT_GE(path.size(), 3u);
  EXPECT_EQ(path.front(), from);
  EXPECT_EQ(path.back(), to);
  double length = 0;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const auto a = path[i - 1], b = path[i];
    const auto first = adjacency.neighbours.begin() + adjacency.offsets[a];
    const auto last = adjacency.neighbours.begin() + adjacency.offsets[a + 1];
    EXPECT_NE(std::find(first, last, b), last) << "steps along edges";
    const auto& p = surface.vertices[a];
    const auto& q = surface.vertices[b];
    length += std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    // Every vertex of the path lies near the great circle: its distances to both ends add up to the arc.
    const double detour = greatCircle(surface.vertices[from], p) + greatCircle(p, surface.vertices[to]) - arc;
    EXPECT_LT(detour, 1.5) << "vertex " << a;
  }
  // Along edges the path zig-zags: on a triangular grid at most 2/sqrt(3) = 1.155 times the straight line (plus
  // a little for the sphere's irregular icosahedral grid), never shorter than the chord.
  EXPECT_GE(length, 2 * kRadius * std::sin(arc / (2 * kRadius)) - 1e-3);
  EXPECT_LT(length, 1.17 * arc);
  EXPECT_TRUE(core::geodesicPath(surface, adjacency, from, to, 0.5f * float(arc)).empty()) << "beyond maxLength";
}

TEST(RoiDrawing, GeodesicsAreMeasuredOnTheWhiteSurfaceNotTheShownInflatedOne) {
  const auto study = twoSurfaceStudy();
  const auto& surfaces = study->hemisphere(Hemisphere::Left).surfaces;
  EXPECT_EQ(core::geodesicSurfaceOf(surfaces)->kind, core::SurfaceKind::White);
  EXPECT_EQ(study->shownSurface(Hemisphere::Left)->kind, core::SurfaceKind::Inflated);
  EXPECT_EQ(core::geodesicSurfaceOf({surfaces[1]})->kind, core::SurfaceKind::Inflated);  // nothing better
  EXPECT_EQ(core::geodesicSurfaceOf({}), nullptr);

  core::RoiDrawPanelModel model;
  model.setStudy(study);
  model.setRadius(15.0f);
  const auto job = model.discAt(Hemisphere::Left, 7);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->surface->kind, core::SurfaceKind::White);
  const auto vertices = core::RoiDrawPanelModel::computeDisc(*job);
  model.applyDisc(*job, vertices);
  // 15 mm on the 50 mm white sphere, not on the 100 mm inflated one (which would hold about a quarter as many).
  const std::int32_t centre[1] = {7};
  EXPECT_EQ(vertices, core::verticesWithinRadius(*surfaces[0], centre, 15.0f));
  EXPECT_GT(vertices.size(), 2 * core::verticesWithinRadius(*surfaces[1], centre, 15.0f).size());
  // The drawn set is an ROI set of the study, shown like the others.
  ASSERT_EQ(study->roiSets().size(), 1u);
  EXPECT_EQ(study->roiSets()[0].data->name, core::RoiDrawPanelModel::kSetName);
  EXPECT_EQ(keysEqualTo(study->roiSets()[0].data->keysFor(Hemisphere::Left), model.activeRoi()), vertices);
  EXPECT_EQ(model.activeRoiVertexCount(), vertices.size());
}

TEST(RoiDrawing, DiscsFollowTheStudysChosenReferenceSurface) {
  const auto study = twoSurfaceStudy();
  const auto& surfaces = study->hemisphere(Hemisphere::Left).surfaces;
  study->setReferenceSurface(Hemisphere::Left, 1);  // the user chose to measure on the inflated surface
  core::RoiDrawPanelModel model;
  model.setStudy(study);
  model.setRadius(15.0f);
  const auto job = model.discAt(Hemisphere::Left, 7);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->surface, surfaces[1]);
  const std::int32_t centre[1] = {7};
  EXPECT_EQ(core::RoiDrawPanelModel::computeDisc(*job), core::verticesWithinRadius(*surfaces[1], centre, 15.0f));
}

TEST(RoiDrawing, BrushStrokeAddsADiscPerPickAndUndoRemovesTheWholeStroke) {
  const auto study = twoSurfaceStudy();
  const auto& white = *study->hemisphere(Hemisphere::Left).surfaces[0];
  core::RoiDrawPanelModel model;
  model.setStudy(study);
  model.setTool(core::RoiTool::Brush);
  model.setRadius(6.0f);
  EXPECT_TRUE(model.dragDraws());

  model.beginStroke();
  model.brushAt(Hemisphere::Left, 3);
  model.brushAt(Hemisphere::Left, 40);
  model.endStroke();
  const std::int32_t c3[1] = {3}, c40[1] = {40}, c900[1] = {900};
  // The two dabs and the band between them, along the shortest path from the first pick to the second.
  const auto adjacency = core::MeshAdjacency::build(white.vertexCount(), white.triangles);
  const auto path = core::geodesicPath(white, adjacency, 3, 40, core::RoiDrawPanelModel::kMaxJoinedGap);
  ASSERT_GE(path.size(), 2u);
  const auto first = core::verticesWithinRadius(white, path, 6.0f);
  const auto dabs = joined(core::verticesWithinRadius(white, c3, 6.0f), core::verticesWithinRadius(white, c40, 6.0f));
  EXPECT_TRUE(std::includes(first.begin(), first.end(), dabs.begin(), dabs.end()));
  const auto keys = [&] { return study->roiSets()[0].data->keysFor(Hemisphere::Left); };
  const std::int32_t key = model.activeRoi();
  EXPECT_EQ(keysEqualTo(keys(), key), first);

  model.beginStroke();
  model.brushAt(Hemisphere::Left, 900);
  model.endStroke();
  EXPECT_EQ(keysEqualTo(keys(), key), joined(first, core::verticesWithinRadius(white, c900, 6.0f)));

  ASSERT_TRUE(model.canUndo());
  model.undo();  // the last stroke only
  EXPECT_EQ(keysEqualTo(keys(), key), first);
  model.undo();
  EXPECT_TRUE(keysEqualTo(keys(), key).empty());
  EXPECT_FALSE(model.canUndo());
}

TEST(RoiDrawing, EraseRemovesOnlyTheActiveRoiAndUndoBringsItBack) {
  const auto study = twoSurfaceStudy();
  const auto& white = *study->hemisphere(Hemisphere::Left).surfaces[0];
  core::RoiDrawPanelModel model;
  model.setStudy(study);
  model.setRoiName("V1");
  model.setRadius(20.0f);
  drawDisc(model, Hemisphere::Left, 0);
  const std::int32_t v1 = model.activeRoi();
  model.newRoi("V2");
  const std::int32_t v2 = model.activeRoi();
  ASSERT_NE(v1, v2);
  EXPECT_EQ(model.roiName(), "V2");
  // V2 is painted over part of V1: those vertices move to V2.
  const auto job = model.discAt(Hemisphere::Left, 0);
  model.setRadius(5.0f);
  drawDisc(model, Hemisphere::Left, 0);
  const auto keys = [&] { return study->roiSets()[0].data->keysFor(Hemisphere::Left); };
  const std::int32_t c0[1] = {0};
  const auto big = core::verticesWithinRadius(white, c0, 20.0f), inner = core::verticesWithinRadius(white, c0, 5.0f);
  EXPECT_EQ(keysEqualTo(keys(), v2), inner);
  EXPECT_EQ(keysEqualTo(keys(), v1).size(), big.size() - inner.size());
  ASSERT_TRUE(job);

  // Erase with a 20 mm brush around vertex 0: V2 (active) goes, V1 stays.
  model.setTool(core::RoiTool::Erase);
  model.setRadius(20.0f);
  model.beginStroke();
  model.brushAt(Hemisphere::Left, 0);
  model.endStroke();
  EXPECT_TRUE(keysEqualTo(keys(), v2).empty());
  EXPECT_EQ(keysEqualTo(keys(), v1).size(), big.size() - inner.size());
  model.undo();
  EXPECT_EQ(keysEqualTo(keys(), v2), inner);
  model.undo();  // the V2 disc: its vertices return to V1
  EXPECT_EQ(keysEqualTo(keys(), v1), big);
  EXPECT_TRUE(keysEqualTo(keys(), v2).empty());
  // Names and colours: distinct, in the study's label table.
  const auto& labels = study->roiSets()[0].data->labels;
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].name, "V1");
  EXPECT_EQ(labels[1].name, "V2");
  EXPECT_NE(labels[0].rgba, labels[1].rgba);
}

TEST(RoiDrawing, PanelModelRules) {
  core::RoiDrawPanelModel model;
  EXPECT_FALSE(model.canDraw());
  EXPECT_FALSE(model.discAt(Hemisphere::Left, 0));
  const auto study = twoSurfaceStudy();
  int changes = 0;
  model.setListener([&] { ++changes; });
  model.setStudy(study);
  EXPECT_TRUE(model.canDraw());
  EXPECT_FALSE(model.dragDraws());
  model.setRadius(80.0f);
  EXPECT_FLOAT_EQ(model.radius(), 80.0f);
  EXPECT_TRUE(model.discAt(Hemisphere::Left, 1)->background);  // big discs leave the GUI thread
  model.setRadius(10.0f);
  EXPECT_FALSE(model.discAt(Hemisphere::Left, 1)->background);
  model.setRadius(1000.0f);
  EXPECT_FLOAT_EQ(model.radius(), core::RoiDrawPanelModel::kMaxDiscRadius);
  model.setRadius(-3.0f);
  EXPECT_FLOAT_EQ(model.radius(), core::RoiDrawPanelModel::kMinRadius);
  model.setTool(core::RoiTool::Brush);
  model.setRadius(60.0f);
  EXPECT_FLOAT_EQ(model.radius(), core::RoiDrawPanelModel::kMaxBrushRadius);
  EXPECT_FALSE(model.discAt(Hemisphere::Left, 1));  // the disc tool's job only
  EXPECT_FALSE(model.discAt(Hemisphere::Left, 5000000));
  EXPECT_GT(changes, 5);
  // Names are unique within the set; an empty name becomes "ROI n".
  const auto first = model.newRoi();
  EXPECT_EQ(model.roiName(), "ROI 1");
  model.newRoi("ROI 1");
  EXPECT_EQ(model.roiName(), "ROI 1 2");
  model.setRoiName("");  // an empty name does not rename
  EXPECT_EQ(study->roiSets()[0].data->labels.back().name, "ROI 1 2");
  EXPECT_NE(model.activeRoi(), first);
  // Renaming the active ROI renames it in the study.
  model.setRoiName("FFA");
  EXPECT_EQ(study->roiSets()[0].data->labels.back().name, "FFA");
  // A study whose ROI set does not fit its vertex count is refused.
  auto wrong = std::make_shared<core::Parcellation>(*study->roiSets()[0].data);
  wrong->keys[0].pop_back();
  EXPECT_THROW(study->setRoiSetData(0, wrong), std::invalid_argument);
  EXPECT_THROW(study->setRoiSetData(5, wrong), std::out_of_range);
}

TEST(RoiEditor, StrokesThatChangeNothingAreNotUndoSteps) {
  core::RoiEditor editor("set", {10, 0});
  const auto key = editor.addRoi("a");
  const std::int32_t some[3] = {1, 2, 3};
  EXPECT_EQ(editor.apply(Hemisphere::Left, key, core::PaintMode::Erase, some), 0u);
  EXPECT_FALSE(editor.canUndo());
  EXPECT_EQ(editor.apply(Hemisphere::Left, key, core::PaintMode::Paint, some), 3u);
  EXPECT_EQ(editor.apply(Hemisphere::Left, key, core::PaintMode::Paint, some), 0u);
  EXPECT_TRUE(editor.undo());
  EXPECT_TRUE(editor.verticesOf(Hemisphere::Left, key).empty());
  EXPECT_FALSE(editor.undo());
  const std::int32_t bad[1] = {10};
  EXPECT_THROW(editor.apply(Hemisphere::Left, key, core::PaintMode::Paint, bad), std::invalid_argument);
  EXPECT_THROW(editor.apply(Hemisphere::Right, key, core::PaintMode::Paint, some), std::invalid_argument);
  EXPECT_THROW(editor.apply(Hemisphere::Left, 99, core::PaintMode::Paint, some), std::invalid_argument);
  EXPECT_THROW(editor.addRoi(""), std::invalid_argument);
  // Snapshots handed out earlier do not change under later strokes.
  const auto before = editor.parcellation();
  editor.apply(Hemisphere::Left, key, core::PaintMode::Paint, some);
  EXPECT_EQ(before->keys[0][1], 0);
  EXPECT_EQ(editor.parcellation()->keys[0][1], key);
}

TEST(RoiFiles, DrawnRoisSaveAsFreeSurferLabelAndGiftiAndReadBackIdentically) {
  fixtures::TempDir dir;
  const auto study = twoSurfaceStudy();
  const auto& white = *study->hemisphere(Hemisphere::Left).surfaces[0];
  core::RoiDrawPanelModel model;
  model.setStudy(study);
  model.setRoiName("V1 drawn");
  model.setRadius(12.0f);
  drawDisc(model, Hemisphere::Left, 100);
  model.newRoi("V2");
  drawDisc(model, Hemisphere::Left, 2000);
  const auto set = study->roiSets()[0].data;

  // FreeSurfer: the active ROI, vertex ids with white-surface coordinates (the shown surface is the inflated one).
  const auto labelFile = dir.path / "V2.label";
  EXPECT_EQ(model.hemisphereToSave(labelFile), Hemisphere::Left);
  model.save(labelFile);
  const auto subset = core::readFreeSurferLabel(labelFile);
  const auto expected = keysEqualTo(set->keysFor(Hemisphere::Left), model.activeRoi());
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(subset.vertices, expected);
  for (std::size_t i = 0; i < subset.vertices.size(); ++i) EXPECT_EQ(subset.positions[i], white.vertices[expected[i]]);

  // GIfTI: the whole set on the left hemisphere, names, keys and colours.
  const auto giftiFile = dir.path / "lh.drawn.label.gii";
  model.save(giftiFile);
  const auto read = core::readDataFile(giftiFile);
  const auto* map = std::get_if<core::LabelMap>(&read.content);
  ASSERT_NE(map, nullptr);
  EXPECT_EQ(map->keys, set->keysFor(Hemisphere::Left));
  ASSERT_EQ(map->labels.size(), 3u);
  EXPECT_EQ(map->labels[0].key, 0);
  EXPECT_EQ(map->labels[1].name, "V1 drawn");
  EXPECT_EQ(map->labels[2].name, "V2");
  for (int c = 0; c < 4; ++c) EXPECT_NEAR(map->labels[2].rgba[c], set->labels[1].rgba[c], 1e-6);
  EXPECT_EQ(map->hemisphere, Hemisphere::Left);

  // Bad names and nothing on the asked hemisphere are refused, and no file appears.
  EXPECT_THROW(model.save(dir.path / "roi.txt"), std::invalid_argument);
  EXPECT_THROW(model.save(dir.path / "rh.V2.label"), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(dir.path / "rh.V2.label"));
  EXPECT_EQ(model.suggestedFileName(), "lh.V2.label");

  // nibabel reads the GIfTI as a label file with our table (live check when Debian's Python has nibabel).
  if (std::system("/usr/bin/python3 -c 'import nibabel' >/dev/null 2>&1") != 0) VL_PEER_MISSING("no nibabel (Debian: python3-nibabel)");
  const auto script = dir.path / "check.py";
  std::ofstream(script) << "import nibabel as nib, numpy as np, sys\n"
                           "g = nib.load(sys.argv[1])\n"
                           "d = g.darrays[0]\n"
                           "assert nib.nifti1.intent_codes.niistring[d.intent] == 'NIFTI_INTENT_LABEL'\n"
                           "t = g.labeltable.get_labels_as_dict()\n"
                           "print(len(d.data), int((d.data == 1).sum()), int((d.data == 2).sum()), t[1], t[2])\n";
  const std::string command = "/usr/bin/python3 " + script.string() + " " + giftiFile.string();
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[512] = {};
  const std::size_t got = std::fread(buffer, 1, sizeof(buffer) - 1, pipe);
  ASSERT_EQ(::pclose(pipe), 0) << command;
  const std::string expectedLine = std::to_string(white.vertexCount()) + " " +
                                   std::to_string(keysEqualTo(set->keysFor(Hemisphere::Left), 1).size()) + " " +
                                   std::to_string(expected.size()) + " V1 drawn V2\n";
  EXPECT_EQ(std::string(buffer, got), expectedLine);
}

TEST(RoiFiles, BothHemispheresNeedAHemisphereInTheName) {
  fixtures::TempDir dir;
  const auto study = twoSurfaceStudy(3);
  core::RoiDrawPanelModel model;
  model.setStudy(study);
  model.setRadius(10.0f);
  for (auto h : {Hemisphere::Left, Hemisphere::Right}) drawDisc(model, h, 5);
  EXPECT_THROW(model.save(dir.path / "roi.label"), std::invalid_argument);
  EXPECT_NO_THROW(model.save(dir.path / "rh.roi.label"));
  EXPECT_EQ(core::readFreeSurferLabel(dir.path / "rh.roi.label").hemisphere, Hemisphere::Right);
  EXPECT_THROW(core::roiFileFormatFor("x.nii"), std::invalid_argument);
}

TEST(RoiEditor, RedoReplaysAnUndoneStrokeAndANewStrokeForgetsIt) {
  core::RoiEditor editor("set", {10, 0});
  const auto a = editor.addRoi("a");
  const auto b = editor.addRoi("b");
  const std::int32_t first[3] = {1, 2, 3};
  editor.apply(Hemisphere::Left, a, core::PaintMode::Paint, first);
  // One stroke touching vertex 2 twice (b, then erased from b: back to 0) and painting 4 with b.
  editor.beginStroke();
  const std::int32_t twoAndFour[2] = {2, 4};
  const std::int32_t two[1] = {2};
  editor.apply(Hemisphere::Left, b, core::PaintMode::Paint, twoAndFour);
  editor.apply(Hemisphere::Left, b, core::PaintMode::Erase, two);
  editor.endStroke();
  const auto afterStroke = editor.parcellation()->keys[0];
  EXPECT_EQ(afterStroke, (std::vector<std::int32_t>{0, a, 0, a, b, 0, 0, 0, 0, 0}));
  EXPECT_EQ(editor.strokeCount(), 2u);
  EXPECT_FALSE(editor.canRedo());
  ASSERT_TRUE(editor.undo());
  EXPECT_EQ(editor.parcellation()->keys[0], (std::vector<std::int32_t>{0, a, a, a, 0, 0, 0, 0, 0, 0}));
  ASSERT_TRUE(editor.canRedo());
  ASSERT_TRUE(editor.redo());
  EXPECT_EQ(editor.parcellation()->keys[0], afterStroke);
  EXPECT_EQ(editor.strokeCount(), 2u);
  // Undo twice, redo once: the first stroke is back; a new stroke then forgets the second.
  editor.undo();
  editor.undo();
  EXPECT_EQ(editor.parcellation()->keys[0], std::vector<std::int32_t>(10, 0));
  editor.redo();
  EXPECT_EQ(editor.parcellation()->keys[0], (std::vector<std::int32_t>{0, a, a, a, 0, 0, 0, 0, 0, 0}));
  const std::int32_t seven[1] = {7};
  editor.apply(Hemisphere::Left, b, core::PaintMode::Paint, seven);
  EXPECT_FALSE(editor.canRedo());
  EXPECT_FALSE(editor.redo());
}
