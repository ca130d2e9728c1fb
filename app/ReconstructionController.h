#pragma once
// Drives the Reconstruction dock: once the study's models are ready it loads the image embedder and a generator of
// its size in a background job; Run calls core::reconstructStudy on a worker (identification, the combined ridge,
// the combined weights on validation images, reconstructions and scores) with progress and Cancel, never on the GUI
// thread, and hands the rows to the panel. The selectivity explorer's current target and the newest drawn ROI are
// kept up to date as the panel's sources.
#include <QObject>

#include <memory>

#include "core/jobs/JobQueue.h"

namespace vl::core {
class ModelBundle;
struct StudyModels;
}  // namespace vl::core
namespace vl::widgets {
class JobRunner;
class ReconstructionPanel;
class SelectivityPanel;
class StudyAdapter;
}  // namespace vl::widgets

namespace vl::app {

class StudyModelsController;

class ReconstructionController : public QObject {
  Q_OBJECT
public:
  ReconstructionController(widgets::JobRunner* jobs, widgets::StudyAdapter* adapter, StudyModelsController* models,
                           widgets::SelectivityPanel* selectivity, widgets::ReconstructionPanel* panel,
                           QObject* parent = nullptr);

  void modelsReady();
  void run();
  void cancel();
  bool isReady() const { return generator_ != nullptr; }

Q_SIGNALS:
  void ready();
  void runEnded();  // finished, cancelled or failed

private:
  void updateDrawnTarget();

  widgets::JobRunner* jobs_;
  widgets::StudyAdapter* adapter_;
  StudyModelsController* models_;
  widgets::SelectivityPanel* selectivity_;
  widgets::ReconstructionPanel* panel_;
  std::shared_ptr<const core::ModelBundle> embedder_, generator_;
  std::shared_ptr<const core::ModelBundle> decoder_;  // the user's brain_decoder bundle that fits the study, if any
  core::JobId loadJob_ = 0, runJob_ = 0;
};

}  // namespace vl::app
