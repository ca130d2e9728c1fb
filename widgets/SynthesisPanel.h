#pragma once
// The Optimal stimuli dock: Start/Stop, starts, steps, search space and seed; live previews of every start; the plot
// of predicted response against step with the bank's reference lines; the finished images ranked, each with its
// bank percentile, the judge's category and the nearest bank image's caption; Save one / Save all (PNG + JSON).
// Bound to a core::SynthesisPanelModel, which holds every rule; the synthesis runs as a background job (JobRunner)
// with progress and Cancel, its frames marshalled to the GUI thread.
//
// Wiring (MainWindow): construct with the job runner, hand it the study's inputs when the study models are ready
// (setInputs), and pass it the selectivity panel's current target (setTarget) when that changes.
#include <QWidget>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/fitting/StimulusSynthesis.h"
#include "core/fitting/StimulusSynthesisReport.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/jobs/JobQueue.h"
#include "core/panels/SynthesisPanelModel.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace vl::widgets {

class JobRunner;
class SynthesisScorePlot;

// What a synthesis needs from the open study: its fitted models, the bundles and the bank's captions.
struct SynthesisPanelInputs {
  std::shared_ptr<const core::StudyModels> models;  // encoder + the bank's embedding
  core::SynthesisModels bundles;                    // image embedder + generator
  std::shared_ptr<const core::ModelBundle> judge;   // image_classifier; may be null
  std::shared_ptr<const core::ModelBundle> text;    // text_embedder for zero-shot categories; may be null
  std::vector<std::string> captions;                // the bank's, one per stimulus
  std::string studyPath, studyName;
};

class SynthesisPanel : public QWidget {
  Q_OBJECT
public:
  explicit SynthesisPanel(JobRunner* jobs, QWidget* parent = nullptr);

  core::SynthesisPanelModel& model() { return model_; }
  void setInputs(std::shared_ptr<const SynthesisPanelInputs> inputs);
  void setTarget(const core::SelectionTarget& target);

  void start();
  void stop();
  // What Save all / Save one do after their dialogs: PNGs + synthesis.json into `folder`; false (and the reason in
  // the status line) on failure.
  bool saveAllTo(const std::filesystem::path& folder);
  bool saveOneTo(std::size_t rank, const std::filesystem::path& pngFile);

  QPushButton* startButton() const { return start_; }
  QPushButton* stopButton() const { return stop_; }
  QLabel* statusLabel() const { return status_; }
  SynthesisScorePlot* plot() const { return plot_; }
  QListWidget* results() const { return results_; }
  int previewsShown() const { return previewsShown_; }  // preview refreshes so far (for tests)

Q_SIGNALS:
  void runEnded();  // finished, cancelled or failed

private:
  struct Finished;
  void refresh();
  void showPreviews();
  void showResults();
  void onFrame(const core::SynthesisFrame& frame);
  void chooseSaveAll();
  void chooseSaveOne();

  core::SynthesisPanelModel model_;
  JobRunner* jobs_;
  std::shared_ptr<const SynthesisPanelInputs> inputs_;
  std::shared_ptr<Finished> finished_;
  core::JobId job_ = 0;
  bool jobRunning_ = false;
  int previewsShown_ = 0;
  QPushButton* start_;
  QPushButton* stop_;
  QSpinBox* starts_;
  QSpinBox* steps_;
  QSpinBox* seed_;
  QComboBox* space_;
  QLabel* status_;
  QWidget* previewArea_;
  QGridLayout* previewGrid_;
  std::vector<QLabel*> previewLabels_;
  SynthesisScorePlot* plot_;
  QListWidget* results_;
  QPushButton* saveOne_;
  QPushButton* saveAll_;
};

}  // namespace vl::widgets
