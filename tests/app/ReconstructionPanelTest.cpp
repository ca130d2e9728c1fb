// The Reconstruction dock in the window, on the demo study (test cache): FFA made the selectivity target, the dock
// set to decode from it with the forward model, test trials typed, Run; the rows fill with the seen image, five
// identified images and three reconstructions each, and the scores lie in their ranges with the planted ceiling;
// Cancel ends a whole-cortex run and leaves no rows; a user's brain_decoder bundle is offered and run.
// With VOXELLENS_RECONSTRUCTION_SCREENSHOT=FILE.png the window is saved there once the rows are filled.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <cstdlib>

#include "app/MainWindow.h"
#include "app/ReconstructionController.h"
#include "app/SelectivityController.h"
#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/ml/BundleRunners.h"
#include "core/study/StudyFolderLoader.h"
#include "tests/support/RidgeDecoderBundle.h"
#include "tests/support/ScopedVariable.h"
#include "tests/support/TempDir.h"
#include "widgets/ReconstructionPanel.h"
#include "widgets/SelectivityPanel.h"

using vl::app::MainWindow;

namespace {

bool inUnitRange(double v) { return v >= 0.0 && v <= 1.0; }

}  // namespace

TEST(ReconstructionPanel, PickedTestTrialsOfFfaFillTheRowsWithImagesAndScores) {
  MainWindow window({}, true);
  window.show();
  auto* controller = window.findChild<vl::app::ReconstructionController*>();
  auto* panel = window.findChild<vl::widgets::ReconstructionPanel*>();
  ASSERT_TRUE(controller && panel);
  QSignalSpy ready(controller, &vl::app::ReconstructionController::ready);
  ASSERT_TRUE(controller->isReady() || ready.wait(600000));
  QSignalSpy selectivityReady(window.selectivity(), &vl::app::SelectivityController::ready);
  ASSERT_TRUE(window.selectivity()->isReady() || selectivityReady.wait(600000));
  EXPECT_EQ(panel->trialList()->count(), 300);
  EXPECT_EQ(panel->trialList()->selectedItems().size(), 8);  // the first 8 by default

  // FFA (both hemispheres) as the explorer's target, as the ROIs dock's "make target" does.
  int set = -1, key = 0;
  const auto& sets = window.study()->roiSets();
  for (std::size_t i = 0; i < sets.size(); ++i)
    if (sets[i].data->name == "planted ROIs")
      for (const auto& label : sets[i].data->labels)
        if (label.name == "FFA") set = int(i), key = label.key;
  ASSERT_GE(set, 0);
  QSignalSpy target(window.selectivityPanel(), &vl::widgets::SelectivityPanel::targetChanged);
  window.selectivity()->selectRoi(set, key);
  ASSERT_TRUE(!target.isEmpty() || target.wait(120000));

  panel->parentWidget()->parentWidget()->parentWidget()->raise();  // panel -> viewport -> scroll area -> dock
  panel->sourceBox()->setCurrentIndex(int(vl::core::ReconstructionSource::SelectivityTarget));
  panel->methodBox()->setCurrentIndex(int(vl::core::ReconstructionMethod::Forward));
  panel->trialText()->setFocus();
  panel->trialText()->selectAll();
  QTest::keyClicks(panel->trialText(), "0-5, 10, 42");
  QTest::keyClick(panel->trialText(), Qt::Key_Return);
  EXPECT_EQ(panel->model().chosenTrials(), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 10, 42}));
  EXPECT_EQ(panel->trialList()->selectedItems().size(), 8);
  ASSERT_TRUE(panel->runButton()->isEnabled()) << panel->runButton()->toolTip().toStdString();

  QSignalSpy ended(controller, &vl::app::ReconstructionController::runEnded);
  QTest::mouseClick(panel->runButton(), Qt::LeftButton);
  EXPECT_TRUE(panel->cancelButton()->isEnabled());
  ASSERT_TRUE(ended.wait(1200000));
  ASSERT_EQ(panel->model().state(), vl::core::ReconstructionPanelModel::State::Finished)
      << panel->statusLabel()->text().toStdString();

  ASSERT_EQ(panel->rowsShown(), 8);
  for (int r = 0; r < panel->rowsShown(); ++r) {
    const auto labels = panel->rowImages(r);
    ASSERT_EQ(labels.size(), 9u);
    for (const auto* label : labels) EXPECT_FALSE(label->pixmap().isNull()) << "row " << r;
  }
  const auto& rows = panel->model().rows();
  EXPECT_EQ(rows[6].testRow, 10u);
  for (const auto& row : rows) {
    EXPECT_GE(row.trueRank, 1u);
    EXPECT_LE(row.trueRank, 300u);
    EXPECT_EQ(row.identified.size(), 5u);
    EXPECT_GT(row.combined.width, 0);
  }
  const auto& scores = *panel->model().scores();
  EXPECT_EQ(scores.ways, 300u);
  EXPECT_NEAR(scores.chance, 1.0 / 300, 1e-12);
  EXPECT_TRUE(inUnitRange(scores.brainToImage) && inUnitRange(scores.imageToBrain));
  ASSERT_TRUE(scores.ceiling.has_value());  // the demo study keeps its truth
  EXPECT_TRUE(inUnitRange(scores.ceiling->first) && inUnitRange(scores.ceiling->second));
  for (const auto& s : {scores.lowLevel, scores.highLevel, scores.combined, scores.fromTruth}) {
    EXPECT_TRUE(s.pixCorr >= -1 && s.pixCorr <= 1) << s.pixCorr;
    EXPECT_TRUE(inUnitRange(s.ssim)) << s.ssim;
    EXPECT_TRUE(inUnitRange(s.twoWayEmbedding)) << s.twoWayEmbedding;
  }
  EXPECT_EQ(scores.reconstructed, 8u);
  EXPECT_NE(scores.data.find("repeat means"), std::string::npos);
  EXPECT_TRUE(panel->scoresLabel()->text().contains(QStringLiteral("Planted ceiling")));
  std::printf("reconstruction of 8 FFA trials: top-1 %.3f / %.3f (ceiling %.3f / %.3f); PixCorr low %.3f high %.3f "
              "combined %.3f, true embeddings %.3f\n",
              scores.brainToImage, scores.imageToBrain, scores.ceiling->first, scores.ceiling->second,
              scores.lowLevel.pixCorr, scores.highLevel.pixCorr, scores.combined.pixCorr, scores.fromTruth.pixCorr);
  if (const char* file = std::getenv("VOXELLENS_RECONSTRUCTION_SCREENSHOT"); file && *file) {
    QTest::qWait(200);
    EXPECT_TRUE(window.grab().save(QString::fromLocal8Bit(file)));
  }
}

TEST(ReconstructionPanel, CancelStopsARunOfTheWholeCortex) {
  MainWindow window({}, true);
  window.show();
  auto* controller = window.findChild<vl::app::ReconstructionController*>();
  auto* panel = window.findChild<vl::widgets::ReconstructionPanel*>();
  ASSERT_TRUE(controller && panel);
  QSignalSpy ready(controller, &vl::app::ReconstructionController::ready);
  ASSERT_TRUE(controller->isReady() || ready.wait(600000));
  ASSERT_TRUE(panel->runButton()->isEnabled()) << panel->runButton()->toolTip().toStdString();
  QSignalSpy ended(controller, &vl::app::ReconstructionController::runEnded);
  QTest::mouseClick(panel->runButton(), Qt::LeftButton);
  ASSERT_TRUE(panel->cancelButton()->isEnabled());
  EXPECT_FALSE(panel->sourceBox()->isEnabled());  // settings are fixed while it runs
  QTest::qWait(500);
  QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
  ASSERT_TRUE(ended.wait(120000));
  EXPECT_EQ(panel->model().state(), vl::core::ReconstructionPanelModel::State::Cancelled);
  EXPECT_EQ(panel->statusLabel()->text(), QStringLiteral("Cancelled"));
  EXPECT_TRUE(panel->runButton()->isEnabled());
  EXPECT_EQ(panel->rowsShown(), 0);
}

// A user's brain_decoder bundle on the plug-in path is offered as a method once it fits the study; the bundle here
// holds the study's own ridge decoder, so the dock's identification must equal the ridge decoder's.
TEST(ReconstructionPanel, OffersAndRunsTheUsersDecoderBundle) {
  const auto studyFolder = vl::core::defaultDemoStudyFolder();
  const auto loaded = vl::core::loadStudyFolder(studyFolder);
  const auto& experiment = *loaded.study->experiment();
  const auto models =
      vl::core::prepareStudyModels(experiment, vl::core::ImageEmbedder(vl::core::studyImageEmbedder()));
  vl::fixtures::TempDir plugins;
  vl::fixtures::writeRidgeDecoderBundle(plugins.path / "ridge-as-bundle", "ridge-as-bundle", models.decoder,
                                        experiment.test->columns);
  const vl::fixtures::ScopedVariable path("VOXELLENS_PLUGINS", plugins.path.string());

  MainWindow window({}, true);
  window.show();
  auto* controller = window.findChild<vl::app::ReconstructionController*>();
  auto* panel = window.findChild<vl::widgets::ReconstructionPanel*>();
  ASSERT_TRUE(controller && panel);
  QSignalSpy ready(controller, &vl::app::ReconstructionController::ready);
  ASSERT_TRUE(controller->isReady() || ready.wait(600000));
  EXPECT_EQ(panel->model().decoderBundle(), "ridge-as-bundle");
  const int bundleItem = int(vl::core::ReconstructionMethod::DecoderBundle);
  EXPECT_EQ(panel->methodBox()->itemText(bundleItem), QStringLiteral("Decoder bundle: ridge-as-bundle"));
  panel->parentWidget()->parentWidget()->parentWidget()->raise();
  panel->methodBox()->setCurrentIndex(bundleItem);
  ASSERT_TRUE(panel->runButton()->isEnabled()) << panel->runButton()->toolTip().toStdString();
  QSignalSpy ended(controller, &vl::app::ReconstructionController::runEnded);
  QTest::mouseClick(panel->runButton(), Qt::LeftButton);
  ASSERT_TRUE(ended.wait(1200000));
  ASSERT_EQ(panel->model().state(), vl::core::ReconstructionPanelModel::State::Finished)
      << panel->statusLabel()->text().toStdString();
  ASSERT_EQ(panel->rowsShown(), 8);
  const auto& scores = *panel->model().scores();
  EXPECT_EQ(scores.columns, experiment.test->columns);
  // LibTorch's product and BLAS's differ in the last bits: one near tie in 300 may fall the other way.
  EXPECT_NEAR(scores.brainToImage, models.decoder.topOne, 1.0 / 300 + 1e-9);
  EXPECT_NEAR(scores.imageToBrain, models.decoder.topOneImageToBrain, 1.0 / 300 + 1e-9);
  EXPECT_TRUE(panel->scoresLabel()->text().contains(QStringLiteral("decoder bundle ridge-as-bundle")));
  for (const auto& row : panel->model().rows()) EXPECT_GT(row.highLevel.width, 0);
}
