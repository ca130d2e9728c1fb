#include "widgets/SynthesisPanel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMetaObject>
#include <QPixmap>
#include <QPointer>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>
#include <optional>

#include "core/fitting/StimulusSynthesisJudges.h"
#include "core/io/AtomicFileWriter.h"
#include "core/ml/BundleRunners.h"
#include "widgets/JobRunner.h"
#include "widgets/QueuedCall.h"
#include "widgets/SynthesisScorePlot.h"

namespace vl::widgets {
namespace {
constexpr int kPreviewPixels = 72;

QImage toQImage(const core::StimulusImage& image) {
  QImage out(image.width, image.height, QImage::Format_RGB888);
  for (int y = 0; y < image.height; ++y)
    std::copy_n(image.rgb.data() + std::size_t(y) * std::size_t(image.width) * 3, std::size_t(image.width) * 3,
                out.scanLine(y));
  return out;
}

QPixmap thumbnail(const core::StimulusImage& image, int size) {
  if (image.width <= 0) return {};
  return QPixmap::fromImage(toQImage(image).scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation));
}
}  // namespace

// A finished run: what Save needs to write the same synthesis.json as the CLI.
struct SynthesisPanel::Finished {
  core::SynthesisResult result;
  core::BankReference bank;
  std::vector<core::SynthesisImageReport> reports;
  core::SynthesisSettings settings;
  core::SelectionTarget target;
};

SynthesisPanel::SynthesisPanel(JobRunner* jobs, QWidget* parent) : QWidget(parent), jobs_(jobs) {
  auto* layout = new QVBoxLayout(this);
  auto* controls = new QHBoxLayout;
  start_ = new QPushButton(tr("Start"));
  stop_ = new QPushButton(tr("Stop"));
  starts_ = new QSpinBox;
  starts_->setRange(1, core::SynthesisPanelModel::kMaxStarts);
  starts_->setPrefix(tr("starts "));
  steps_ = new QSpinBox;
  steps_->setRange(1, core::SynthesisPanelModel::kMaxSteps);
  steps_->setPrefix(tr("steps "));
  seed_ = new QSpinBox;
  seed_->setRange(0, 1000000);
  seed_->setPrefix(tr("seed "));
  space_ = new QComboBox;
  space_->addItem(tr("generator latent"));
  space_->addItem(tr("pixels"));
  for (QWidget* w : std::initializer_list<QWidget*>{start_, stop_, starts_, steps_, seed_, space_}) controls->addWidget(w);
  layout->addLayout(controls);
  status_ = new QLabel;
  status_->setWordWrap(true);
  layout->addWidget(status_);
  previewArea_ = new QWidget;
  previewGrid_ = new QGridLayout(previewArea_);
  previewGrid_->setSpacing(3);
  layout->addWidget(previewArea_);
  plot_ = new SynthesisScorePlot(model_);
  layout->addWidget(plot_, 1);
  results_ = new QListWidget;
  results_->setIconSize(QSize(kPreviewPixels, kPreviewPixels));
  results_->setMinimumHeight(160);
  layout->addWidget(results_, 1);
  auto* saves = new QHBoxLayout;
  saveOne_ = new QPushButton(tr("Save image..."));
  saveAll_ = new QPushButton(tr("Save all..."));
  saves->addWidget(saveOne_);
  saves->addWidget(saveAll_);
  saves->addStretch();
  layout->addLayout(saves);

  starts_->setValue(model_.starts());
  steps_->setValue(model_.maxSteps());
  seed_->setValue(int(model_.seed()));
  connect(start_, &QPushButton::clicked, this, &SynthesisPanel::start);
  connect(stop_, &QPushButton::clicked, this, &SynthesisPanel::stop);
  connect(starts_, &QSpinBox::valueChanged, this, [this](int n) { model_.setStarts(n); });
  connect(steps_, &QSpinBox::valueChanged, this, [this](int n) { model_.setMaxSteps(n); });
  connect(seed_, &QSpinBox::valueChanged, this, [this](int n) { model_.setSeed(std::uint64_t(n)); });
  connect(space_, &QComboBox::currentIndexChanged, this, [this](int i) { model_.setPixelSpace(i == 1); });
  connect(saveAll_, &QPushButton::clicked, this, &SynthesisPanel::chooseSaveAll);
  connect(saveOne_, &QPushButton::clicked, this, &SynthesisPanel::chooseSaveOne);
  connect(jobs_, &JobRunner::finished, this, [this](qulonglong id, const QString&, int state, const QString& error) {
    if (id != job_ || !jobRunning_) return;
    jobRunning_ = false;
    if (state == int(core::JobState::Cancelled)) model_.cancelled();
    else if (state == int(core::JobState::Failed)) model_.failed(error.toStdString());
    refresh();
    Q_EMIT runEnded();
  });
  refresh();
}

void SynthesisPanel::setInputs(std::shared_ptr<const SynthesisPanelInputs> inputs) {
  inputs_ = std::move(inputs);
  refresh();
}

void SynthesisPanel::setTarget(const core::SelectionTarget& target) {
  model_.setTarget(target);
  refresh();
}

void SynthesisPanel::start() {
  if (!inputs_ || !inputs_->models) {
    status_->setText(tr("the study's models are not ready yet"));
    return;
  }
  if (!model_.start()) {
    refresh();
    return;
  }
  for (auto* label : previewLabels_) delete label;
  previewLabels_.clear();
  results_->clear();
  finished_.reset();

  core::SynthesisObjective objective;
  objective.target = core::targetWeights(inputs_->models->encoder, model_.target()->columns);
  core::SynthesisOptions options;
  options.space = model_.pixelSpace() ? core::SynthesisSpace::Pixels : core::SynthesisSpace::Latent;
  options.starts = model_.starts();
  options.maxSteps = model_.maxSteps();
  options.minSteps = model_.stopOnPlateau() ? std::min(options.minSteps, options.maxSteps) : options.maxSteps;
  options.seed = model_.seed();
  options.previewSeconds = 0.25;  // the panel promises a refresh at least every 0.5 s
  const auto bank = core::bankReference(inputs_->models->stimulusEmbedding, objective);
  model_.setReferences({bank.p50, bank.p99, bank.best});

  QPointer<SynthesisPanel> self(this);
  auto inputs = inputs_;
  const auto target = *model_.target();
  auto finished = std::make_shared<Finished>();
  job_ = jobs_->run(
      tr("Optimal stimuli: %1").arg(QString::fromStdString(target.describe())),
      [self, inputs, objective, options, bank, target, finished](const core::JobContext& context) {
        auto onFrame = [self](const core::SynthesisFrame& frame) {
          postQueuedCall(self, [self, frame] {
            if (self) self->onFrame(frame);
          });
        };
        finished->result = core::synthesizeStimuli(inputs->bundles, objective, inputs->models->stimulusEmbedding,
                                                   options, onFrame, context);
        std::optional<core::ImageClassifier> classifier;
        if (inputs->judge) classifier.emplace(inputs->judge);
        std::optional<core::TextEmbedder> text;
        std::optional<core::ZeroShotCategories> zeroShot;
        if (inputs->text) {
          text.emplace(inputs->text);
          if (core::unknownPromptWords(*text, core::demoCategoryPrompts()).empty())
            zeroShot.emplace(*text, core::demoCategoryPrompts());
        }
        finished->bank = bank;
        finished->reports = core::reportSynthesis(finished->result, bank, inputs->models->stimulusEmbedding,
                                                  inputs->captions,
                                                  {classifier ? &*classifier : nullptr, zeroShot ? &*zeroShot : nullptr});
        finished->settings = {options, target.describe(), "", objective.lambda, objective.diversity};
        finished->target = target;
      },
      [self, finished] {
        if (!self) return;
        self->finished_ = finished;
        std::vector<core::SynthesisPanelImage> ranked;
        for (const auto& report : finished->reports) {
          const auto& start = finished->result.starts[report.start];
          core::SynthesisPanelImage image;
          image.start = report.start;
          image.image = start.image;
          image.score = start.objective;
          image.percentile = report.percentile;
          if (report.judge) image.judge = report.judge->category, image.judgeProbability = report.judge->score;
          if (report.zeroShot) image.zeroShot = report.zeroShot->category;
          for (const auto& n : report.nearest) image.nearest.push_back(n.index);
          if (!report.nearest.empty()) image.nearestCaption = report.nearest.front().caption;
          ranked.push_back(std::move(image));
        }
        std::vector<std::string> failures;
        for (const auto& start : finished->result.starts)
          if (start.failed) failures.push_back(start.failure);
        self->model_.finish(std::move(ranked), std::move(failures));
        self->showResults();
      });
  jobRunning_ = true;
  refresh();
}

void SynthesisPanel::stop() {
  if (jobRunning_) jobs_->cancel(job_);
}

void SynthesisPanel::onFrame(const core::SynthesisFrame& frame) {
  if (!model_.running()) return;
  const bool withPreviews = !frame.previews.empty();
  model_.addFrame(frame.step, frame.scores, frame.previews);
  if (withPreviews) showPreviews();
  plot_->update();
  status_->setText(QString::fromStdString(model_.status()));
}

void SynthesisPanel::showPreviews() {
  const auto& previews = model_.previews();
  while (previewLabels_.size() < previews.size()) {
    auto* label = new QLabel;
    label->setFixedSize(kPreviewPixels, kPreviewPixels);
    const int index = int(previewLabels_.size());
    previewGrid_->addWidget(label, index / 8, index % 8);
    previewLabels_.push_back(label);
  }
  for (std::size_t i = 0; i < previews.size(); ++i) previewLabels_[i]->setPixmap(thumbnail(previews[i], kPreviewPixels));
  ++previewsShown_;
}

void SynthesisPanel::showResults() {
  results_->clear();
  const auto& ranked = model_.ranked();
  for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
    const auto& image = ranked[rank];
    QString text = tr("%1. start %2: %3 (bank percentile %4)")
                       .arg(rank + 1)
                       .arg(image.start + 1)
                       .arg(image.score, 0, 'f', 3)
                       .arg(image.percentile, 0, 'f', 1);
    if (!image.judge.empty())
      text += tr("\njudge: %1 (%2)").arg(QString::fromStdString(image.judge)).arg(image.judgeProbability, 0, 'f', 2);
    if (!image.zeroShot.empty()) text += tr(", zero-shot: %1").arg(QString::fromStdString(image.zeroShot));
    if (!image.nearestCaption.empty())
      text += tr("\nnearest bank image %1: %2").arg(image.nearest.front()).arg(QString::fromStdString(image.nearestCaption));
    auto* item = new QListWidgetItem(QIcon(thumbnail(image.image, kPreviewPixels)), text);
    results_->addItem(item);
  }
  if (!ranked.empty()) results_->setCurrentRow(0);
  refresh();
}

void SynthesisPanel::refresh() {
  // The settings boxes follow the model (which a caller may have changed directly).
  for (auto [box, value] : {std::pair{starts_, model_.starts()}, std::pair{steps_, model_.maxSteps()},
                            std::pair{seed_, int(model_.seed())}}) {
    const QSignalBlocker block(box);
    box->setValue(value);
  }
  {
    const QSignalBlocker block(space_);
    space_->setCurrentIndex(model_.pixelSpace() ? 1 : 0);
  }
  start_->setEnabled(model_.whyNotStartable().empty() && inputs_ && !jobRunning_);
  stop_->setEnabled(jobRunning_);
  const bool haveResults = finished_ && !model_.ranked().empty();
  saveOne_->setEnabled(haveResults);
  saveAll_->setEnabled(haveResults);
  for (QWidget* w : std::initializer_list<QWidget*>{starts_, steps_, seed_, space_}) w->setEnabled(!jobRunning_);
  QString status = QString::fromStdString(model_.status());
  if (!inputs_ && model_.state() == core::SynthesisPanelModel::State::Idle)
    status = tr("open a study with fitted models to synthesise stimuli");
  status_->setText(status);
  plot_->update();
}

bool SynthesisPanel::saveOneTo(std::size_t rank, const std::filesystem::path& pngFile) {
  if (!finished_ || rank >= finished_->reports.size()) return false;
  const auto& image = finished_->result.starts[finished_->reports[rank].start].image;
  if (!toQImage(image).save(QString::fromStdString(pngFile.string()), "PNG")) {
    status_->setText(tr("could not write %1").arg(QString::fromStdString(pngFile.string())));
    return false;
  }
  return true;
}

bool SynthesisPanel::saveAllTo(const std::filesystem::path& folder) {
  if (!finished_) return false;
  try {
    std::filesystem::create_directories(folder);
    std::vector<std::string> files;
    for (std::size_t i = 0; i < finished_->result.starts.size(); ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "start-%02zu.png", i + 1);
      files.push_back(name);
      const auto& image = finished_->result.starts[i].image;
      if (image.width > 0 && !toQImage(image).save(QString::fromStdString((folder / name).string()), "PNG"))
        throw std::runtime_error("could not write " + (folder / name).string());
    }
    nlohmann::json provenance = {{"program", {{"name", "voxellens"}}},
                                 {"study", {{"path", inputs_ ? inputs_->studyPath : ""},
                                            {"name", inputs_ ? inputs_->studyName : ""}}}};
    const auto document = core::synthesisJson(finished_->result, finished_->reports, finished_->bank,
                                              inputs_ ? inputs_->captions : std::vector<std::string>{},
                                              finished_->settings, files, provenance);
    core::writeFileAtomically(folder / "synthesis.json", document.dump(2) + "\n");
  } catch (const std::exception& error) {
    status_->setText(QString::fromStdString(error.what()));
    return false;
  }
  status_->setText(tr("saved to %1").arg(QString::fromStdString(folder.string())));
  return true;
}

void SynthesisPanel::chooseSaveAll() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Save all synthesised images to"));
  if (!folder.isEmpty()) saveAllTo(folder.toStdString());
}

void SynthesisPanel::chooseSaveOne() {
  const int row = std::max(0, results_->currentRow());
  const QString file = QFileDialog::getSaveFileName(this, tr("Save image"), QString(), tr("PNG images (*.png)"));
  if (!file.isEmpty()) saveOneTo(std::size_t(row), file.toStdString());
}

}  // namespace vl::widgets
