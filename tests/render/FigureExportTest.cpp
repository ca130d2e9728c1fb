// Figure export: the same scene gives the same image however it reaches the renderer; SVG is XML with its colour bar
// as vectors and text; PDF renders and holds its tick text; provenance is in all three formats and beside them; bad
// options and unwritable places fail without leaving a file.
#include <gtest/gtest.h>

#include <expat.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPointData.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/geometry/Icosphere.h"
#include "core/io/FreeSurferCurv.h"
#include "core/io/FreeSurferSurface.h"
#include "core/scene/SceneDocument.h"
#include "core/scene/SceneStudy.h"
#include "render/FigureColourBar.h"
#include "render/FigureExport.h"
#include "render/FigureMontage.h"
#include "render/FigurePdfCanvas.h"
#include "render/FigurePng.h"
#include "tests/render/FigureFiles.h"
#include "tests/support/Peers.h"
#include "tests/support/TempDir.h"

namespace {
namespace fs = std::filesystem;
using vl::render::FigureOptions;
using namespace vl::fixtures::figures;

FigureOptions smallMontage() {
  FigureOptions options;
  options.width = 480;
  options.height = 320;
  options.dpi = 150;
  options.montage = "lateral-medial";
  options.panelLetters = true;
  return options;
}

bool toolAvailable(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

std::string runOutput(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}
}  // namespace

TEST(FigureColourBar, TicksAreRoundAndCoverTheRange) {
  const auto expectTicks = [](double low, double high, std::vector<double> expected) {
    const auto ticks = vl::render::colourBarTicks(low, high);
    ASSERT_EQ(ticks.size(), expected.size()) << low << ".." << high;
    for (std::size_t i = 0; i < ticks.size(); ++i) EXPECT_NEAR(ticks[i], expected[i], 1e-12) << low << ".." << high;
  };
  expectTicks(0, 40, {0, 10, 20, 30, 40});
  expectTicks(-3, 3, {-3, -2, -1, 0, 1, 2, 3});  // 7 and 3 ticks are as far from 5: more ticks
  expectTicks(0.02, 0.97, {0.2, 0.4, 0.6, 0.8});
  expectTicks(-0.37, 0.37, {-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3});
  EXPECT_EQ(vl::render::formatTick(0.2, 0.2), "0.2");
  EXPECT_EQ(vl::render::formatTick(-2, 1), "-2");
  EXPECT_EQ(vl::render::formatTick(0.05, 0.05), "0.05");
}

TEST(FigureMontage, PresetsGridsAndMissingHemispheres) {
  FigureOptions options;
  options.montage = "lateral-medial";
  auto views = vl::render::figureViews(options, "");
  EXPECT_EQ(views.rows, 2);
  EXPECT_EQ(views.columns, 2);
  ASSERT_EQ(views.views.size(), 4u);
  EXPECT_EQ(views.views[1]->name(), "medial-left");
  EXPECT_EQ(views.views[2]->name(), "lateral-right");
  options.montage = "lateral-ventral-posterior";
  EXPECT_EQ(vl::render::figureViews(options, "").views.size(), 6u);
  options.montage = "sideways";
  EXPECT_THROW(vl::render::figureViews(options, ""), std::invalid_argument);
  options.montage.clear();
  options.rows = 1;
  options.columns = 3;
  options.views = {"lateral-left", "dorsal"};
  EXPECT_THROW(vl::render::figureViews(options, ""), std::invalid_argument);  // 2 views for 3 cells
  options.views.push_back("ventral-right");
  EXPECT_EQ(vl::render::figureViews(options, "").views.size(), 3u);

  vl::core::Study leftOnly;
  leftOnly.setSurfaces(vl::core::Hemisphere::Left,
                       {std::make_shared<vl::core::Surface>(vl::core::makeIcosphere(1, 10))});
  options.views = {"lateral-left", "dorsal", "ventral-right"};
  try {
    vl::render::figureViews(options, "", &leftOnly);
    ADD_FAILURE() << "a view of the missing right hemisphere was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("right hemisphere, which is not loaded"), std::string::npos) << e.what();
  }
}

TEST(FigureExport, SceneRenderedTwiceAndThroughAFileGivesTheSameImage) {
  SphereFiles files;
  const auto first = files.dir.path / "first.png";
  const auto report = vl::render::exportFigure(files.scene(), smallMontage(), first);
  EXPECT_EQ(report.views, (std::vector<std::string>{"lateral-left", "medial-left", "lateral-right", "medial-right"}));
  EXPECT_TRUE(report.notRestored.empty());
  const Pixels a = readPng(first);
  ASSERT_EQ(a.width, 480);
  ASSERT_EQ(a.height, 320);

  const auto second = files.dir.path / "second.png";
  vl::render::exportFigure(files.scene(), smallMontage(), second);
  EXPECT_LT(meanDifference(a, readPng(second)), 0.5);

  // Saved as a scene file, reopened, rendered.
  vl::core::writeScene(files.dir.path / "fig.scene.json", files.scene());
  const auto reopened = vl::core::readScene(files.dir.path / "fig.scene.json");
  ASSERT_TRUE(reopened.notRestored.empty());
  const auto third = files.dir.path / "third.png";
  vl::render::exportFigure(reopened.scene, smallMontage(), third);
  EXPECT_LT(meanDifference(a, readPng(third)), 0.5);

  // The study loaded by hand (as the window holds it) and drawn directly.
  auto loaded = vl::core::loadSceneStudy(files.scene());
  const auto fourth = files.dir.path / "fourth.png";
  vl::render::exportFigure(loaded.study, files.scene(), smallMontage(), fourth);
  EXPECT_LT(meanDifference(a, readPng(fourth)), 0.5);

  // And the map changes the image: a different threshold is not "the same".
  auto other = files.scene();
  other.layers[0].threshold = 30;
  const auto fifth = files.dir.path / "fifth.png";
  vl::render::exportFigure(other, smallMontage(), fifth);
  EXPECT_GT(meanDifference(a, readPng(fifth)), 0.5);
}

TEST(FigureExport, PngCarriesProvenanceInTextChunksAndBesideIt) {
  SphereFiles files;
  const auto out = files.dir.path / "fig.png";
  vl::render::exportFigure(files.scene(), smallMontage(), out);
  const auto chunks = vl::render::pngTextChunks(readAll(out));
  std::string provenance;
  for (const auto& [key, value] : chunks)
    if (key == "voxellens:provenance") provenance = value;
  ASSERT_FALSE(provenance.empty());
  const auto json = nlohmann::json::parse(provenance);
  EXPECT_EQ(json["program"]["name"], "voxellens");
  EXPECT_TRUE(json.contains("created"));
  EXPECT_TRUE(json.contains("study"));
  ASSERT_EQ(json["layers"].size(), 3u);  // curvature and sulcal depth shading, then the map
  EXPECT_EQ(json["layers"][2]["name"], "x position");
  EXPECT_EQ(json["layers"][2]["colour_map"], "hot");
  EXPECT_EQ(json["layers"][2]["threshold"], 5.0);
  EXPECT_EQ(json["figure"]["views"].size(), 4u);
  const auto beside = nlohmann::json::parse(readAll(files.dir.path / "fig.provenance.json"));
  EXPECT_EQ(beside["layers"], json["layers"]);
}

TEST(FigureExport, TransparentPngHasAlphaOnlyOverTheBackground) {
  SphereFiles files;
  auto options = smallMontage();
  options.transparent = true;
  options.colourBar = false;
  options.panelLetters = false;
  const auto out = files.dir.path / "clear.png";
  vl::render::exportFigure(files.scene(), options, out);
  const Pixels image = readPng(out);
  ASSERT_EQ(image.components, 4);
  std::size_t clear = 0, opaque = 0;
  for (std::size_t i = 3; i < image.data.size(); i += 4) {
    clear += image.data[i] == 0;
    opaque += image.data[i] == 255;
  }
  EXPECT_EQ(clear + opaque, std::size_t(image.width) * image.height);
  EXPECT_GT(clear, opaque / 4);  // spheres fill part of each view
  EXPECT_GT(opaque, clear / 10);
}

TEST(FigureExport, SvgParsesWithVectorColourBarTextAndMetadata) {
  SphereFiles files;
  const auto out = files.dir.path / "fig.svg";
  auto scene = files.scene();
  scene.selectedRois = {"FFA", "PPA"};
  auto options = smallMontage();
  options.roiNames = true;
  vl::render::exportFigure(scene, options, out);
  SvgContent content;
  ASSERT_TRUE(parseSvg(readAll(out), content));
  EXPECT_EQ(content.images, 4u);  // one embedded render per view
  EXPECT_GT(content.rects, 50u);  // the colour bar's steps are rectangles
  for (const char* tick : {"0", "10", "20", "30", "40"}) EXPECT_TRUE(contains(content.texts, tick)) << tick;
  EXPECT_TRUE(contains(content.texts, "position"));  // the title, wrapped to the narrow bar column: "x" / "position"
  EXPECT_TRUE(contains(content.texts, "mm"));
  EXPECT_TRUE(contains(content.texts, "A"));
  EXPECT_TRUE(contains(content.texts, "D"));
  EXPECT_TRUE(contains(content.texts, "FFA, PPA"));
  ASSERT_EQ(content.metadata, 1u);
  const auto json = nlohmann::json::parse(content.metadataText);
  EXPECT_EQ(json["layers"][2]["colour_map"], "hot");
}

TEST(FigureExport, PdfRendersAndHoldsItsTickTextAndProvenance) {
  SphereFiles files;
  const auto out = files.dir.path / "fig.pdf";
  vl::render::exportFigure(files.scene(), smallMontage(), out);
  const std::string pdf = readAll(out);
  EXPECT_EQ(pdf.rfind("%PDF-1.4", 0), 0u);
  const auto info = pdf.find("/VoxelLensProvenance (");
  ASSERT_NE(info, std::string::npos);
  EXPECT_NE(pdf.find("colour_map", info), std::string::npos);
  EXPECT_NE(pdf.find("/BaseFont /Helvetica"), std::string::npos);
  EXPECT_NE(pdf.find("/Filter /FlateDecode"), std::string::npos);
  if (!toolAvailable("pdftoppm") || !toolAvailable("pdftotext"))
    VL_PEER_MISSING("pdftoppm and pdftotext are not installed (Debian: poppler-utils)");
  const std::string text = runOutput("pdftotext -layout " + out.string() + " - 2>&1");
  for (const char* tick : {"0", "10", "20", "30", "40", "position", "mm"})
    EXPECT_NE(text.find(tick), std::string::npos) << tick << " not in: " << text;
  const auto page = files.dir.path / "page";
  ASSERT_EQ(std::system(("pdftoppm -r 150 -png -singlefile " + out.string() + " " + page.string()).c_str()), 0);
  const Pixels rendered = readPng(page.string() + ".png");
  // 480 x 320 figure pixels at 150 dpi are 230.4 x 153.6 points; at 150 dpi again, 480 x 320 pixels.
  EXPECT_NEAR(rendered.width, 480, 1);
  EXPECT_NEAR(rendered.height, 320, 1);
  // The PNG of the same figure and the PDF's page agree apart from text rasterisation.
  const auto png = files.dir.path / "fig.png";
  vl::render::exportFigure(files.scene(), smallMontage(), png);
  Pixels reference = readPng(png);
  if (rendered.width == reference.width && rendered.height == reference.height && rendered.components == 3) {
    EXPECT_LT(meanDifference(reference, rendered), 12.0);
  }
}

TEST(FigureExport, BadOptionsAndUnwritablePlacesLeaveNoFile) {
  SphereFiles files;
  EXPECT_THROW(vl::render::exportFigure(files.scene(), smallMontage(), files.dir.path / "fig.tiff"),
               std::invalid_argument);
  auto options = smallMontage();
  options.montage = "everything";
  EXPECT_THROW(vl::render::exportFigure(files.scene(), options, files.dir.path / "fig.png"), std::invalid_argument);
  options = smallMontage();
  options.width = 20000;
  EXPECT_THROW(vl::render::exportFigure(files.scene(), options, files.dir.path / "fig.png"), std::invalid_argument);

  auto leftOnly = files.scene();
  leftOnly.surfaceFiles = {files.left};
  fs::remove(files.right);  // lh.white alone: the right hemisphere is not loaded
  EXPECT_THROW(vl::render::exportFigure(leftOnly, smallMontage(), files.dir.path / "fig.png"), std::invalid_argument);

  if (::geteuid() != 0) {  // root writes into read-only folders
    const auto locked = files.dir.path / "locked";
    fs::create_directory(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    auto scene = files.scene();
    scene.layers.clear();
    options = smallMontage();
    options.montage = "ventral";
    EXPECT_THROW(vl::render::exportFigure(scene, options, locked / "fig.pdf"), vl::render::FigureWriteError);
    EXPECT_TRUE(fs::is_empty(locked));
    fs::permissions(locked, fs::perms::owner_all);
  }
  options = smallMontage();
  options.montage.clear();
  options.views = {"lateral-left"};
  EXPECT_THROW(vl::render::exportFigure(files.scene(), options, files.dir.path / "no" / "such" / "fig.png"),
               vl::render::FigureWriteError);
  for (const auto& entry : fs::directory_iterator(files.dir.path))
    EXPECT_EQ(entry.path().extension() == ".png" || entry.path().extension() == ".json", false) << entry.path();
}

TEST(FigurePdf, HelveticaWidthsAndStrings) {
  EXPECT_EQ(vl::render::helveticaWidth("10", false), 1112);
  EXPECT_EQ(vl::render::pdfString("a(b)\\"), "(a\\(b\\)\\\\)");
}
