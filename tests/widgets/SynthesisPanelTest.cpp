// The Optimal stimuli dock on the demo study under Xvfb: Start runs a background synthesis whose previews arrive
// and whose plot grows while the event loop keeps turning, Stop cancels it, a short run finishes with every start
// ranked and judged, and Save all writes the PNGs and synthesis.json. With VOXELLENS_SYNTHESIS_SCREENSHOT set, the
// finished panel is saved there as a PNG (docs/synthesis-panel.png).
#include <gtest/gtest.h>

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/ml/BundleCatalog.h"
#include "core/study/StudyFolderLoader.h"
#include "tests/support/TempDir.h"
#include "widgets/JobRunner.h"
#include "widgets/SynthesisPanel.h"
#include "widgets/SynthesisScorePlot.h"

using namespace vl;

namespace {
struct Demo {
  core::LoadedStudy loaded;
  std::shared_ptr<widgets::SynthesisPanelInputs> inputs = std::make_shared<widgets::SynthesisPanelInputs>();
  core::SelectionTarget ffa;
};

Demo& demo() {
  static Demo* made = [] {
    auto* d = new Demo;
    d->loaded = core::loadStudyFolder(core::defaultDemoStudyFolder());
    const auto& experiment = *d->loaded.study->experiment();
    auto embedder = core::studyImageEmbedder();
    d->inputs->models = std::make_shared<core::StudyModels>(core::prepareStudyModels(experiment, core::ImageEmbedder(embedder)));
    core::BundleCatalog catalog;
    d->inputs->bundles = {embedder, catalog.load("demo-clip-generator")};
    d->inputs->judge = catalog.load("demo-category-judge");
    d->inputs->text = catalog.load("demo-clip-text");
    for (std::size_t i = 0; i < experiment.stimuli->count(); ++i) d->inputs->captions.push_back(experiment.stimuli->caption(i));
    d->inputs->studyName = experiment.manifest.name;
    for (const auto& entry : d->loaded.study->roiSets())
      if (entry.data->name == "planted ROIs")
        d->ffa = core::roiTarget(*entry.data, "FFA", {core::Hemisphere::Left, core::Hemisphere::Right}, experiment.columns);
    return d;
  }();
  return *made;
}

template <typename Condition>
bool waitFor(Condition condition, int milliseconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  while (!condition() && std::chrono::steady_clock::now() < end) QTest::qWait(20);
  return condition();
}
}  // namespace

TEST(DemoSynthesisPanel, PreviewsArriveThePlotGrowsAndStopCancels) {
  widgets::JobRunner jobs(1);
  widgets::SynthesisPanel panel(&jobs);
  panel.resize(700, 800);
  panel.show();
  EXPECT_FALSE(panel.startButton()->isEnabled());  // no inputs, no target
  panel.setInputs(demo().inputs);
  panel.setTarget(demo().ffa);
  ASSERT_TRUE(panel.startButton()->isEnabled()) << panel.statusLabel()->text().toStdString();
  panel.model().setMaxSteps(5000);
  panel.model().setStopOnPlateau(false);  // runs until Stop
  QSignalSpy ended(&panel, &widgets::SynthesisPanel::runEnded);
  const auto started = std::chrono::steady_clock::now();
  QTest::mouseClick(panel.startButton(), Qt::LeftButton);
  EXPECT_TRUE(panel.stopButton()->isEnabled());
  ASSERT_TRUE(waitFor([&] { return panel.previewsShown() >= 1; }, 10000));
  const double firstPreview = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(waitFor([&] { return panel.previewsShown() >= 3; }, 10000));
  QTest::qWait(50);
  const int pointsEarly = panel.plot()->pointsDrawn();
  ASSERT_TRUE(waitFor([&] { return panel.plot()->pointsDrawn() > pointsEarly + 8; }, 10000));
  std::printf("first preview after %.2f s; %d previews, %d plotted points before Stop\n", firstPreview,
              panel.previewsShown(), panel.plot()->pointsDrawn());
  QTest::mouseClick(panel.stopButton(), Qt::LeftButton);
  ASSERT_TRUE(waitFor([&] { return ended.count() == 1; }, 5000));
  EXPECT_EQ(panel.model().state(), core::SynthesisPanelModel::State::Cancelled);
  EXPECT_TRUE(panel.startButton()->isEnabled());
  EXPECT_EQ(panel.results()->count(), 0);
}

TEST(DemoSynthesisPanel, AShortRunFinishesRankedJudgedAndSaves) {
  widgets::JobRunner jobs(1);
  widgets::SynthesisPanel panel(&jobs);
  panel.resize(620, 900);
  panel.show();
  panel.setInputs(demo().inputs);
  panel.setTarget(demo().ffa);
  panel.model().setMaxSteps(40);  // short: the machine may be shared
  panel.start();
  ASSERT_TRUE(waitFor([&] { return panel.model().state() == core::SynthesisPanelModel::State::Finished; }, 400000))
      << panel.statusLabel()->text().toStdString();
  ASSERT_EQ(panel.results()->count(), 8);
  const auto& ranked = panel.model().ranked();
  EXPECT_GE(ranked.front().score, ranked.back().score);
  EXPECT_FALSE(ranked.front().judge.empty());
  EXPECT_NE(panel.results()->item(0)->text().toStdString().find("judge:"), std::string::npos);
  // The README's picture (before saving, whose status line would name the test's temporary folder).
  if (const char* shot = std::getenv("VOXELLENS_SYNTHESIS_SCREENSHOT"); shot && *shot) {
    QTest::qWait(100);
    EXPECT_TRUE(panel.grab().save(QString::fromUtf8(shot), "PNG"));
  }
  fixtures::TempDir dir;
  ASSERT_TRUE(panel.saveAllTo(dir.path / "out"));
  EXPECT_TRUE(std::filesystem::exists(dir.path / "out" / "start-01.png"));
  const auto document = nlohmann::json::parse(std::ifstream(dir.path / "out" / "synthesis.json"));
  EXPECT_EQ(document.at("images").size(), 8u);
  EXPECT_TRUE(document.at("images")[0].at("judge").contains("category"));
  ASSERT_TRUE(panel.saveOneTo(0, dir.path / "best.png"));
}

int main(int argc, char** argv) {
  QApplication application(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
