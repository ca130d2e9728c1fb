#pragma once
// Gives a study with stimuli and responses its models on first use: a background job embeds the stimuli with the
// first usable image embedder (plugins/, $VOXELLENS_PLUGINS), fits the per-column encoder and the decoder (or
// reads them from the cache, core/analysis/StudyModelPipeline.h), and adds the encoder's held-out R^2 to the study
// as a layer on the full mesh. The decoder's identification scores go to the status line and the Jobs dock.
#include <QObject>
#include <QString>

#include <memory>

#include "core/fitting/StudyModelPipeline.h"
#include "core/jobs/JobQueue.h"
#include "core/model/Study.h"

namespace vl::widgets {
class JobRunner;
}

namespace vl::app {

class StudyModelsController : public QObject {
  Q_OBJECT
public:
  explicit StudyModelsController(widgets::JobRunner* jobs, QObject* parent = nullptr);

  // Starts the job when the study has an experiment with stimuli, train and test responses; otherwise nothing.
  void studyOpened(const std::shared_ptr<core::Study>& study);
  // The models of the current study once ready (null before, and for studies without responses).
  std::shared_ptr<const core::StudyModels> models() const { return models_; }

  static constexpr const char* kEncoderLayerPrefix = "Encoder R\u00b2 (test)";

Q_SIGNALS:
  // summary: one status-bar line (the decoder's score with its chance level and data); details: every score with
  // the data it is on and how it was cross-validated (the status bar's tooltip).
  void modelsReady(const QString& summary, const QString& details);
  void modelsFailed(const QString& message);

private:
  widgets::JobRunner* jobs_;
  std::weak_ptr<core::Study> study_;
  std::shared_ptr<const core::StudyModels> models_;
  core::JobId job_ = 0;
};

}  // namespace vl::app
