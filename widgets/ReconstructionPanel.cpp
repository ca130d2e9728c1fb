#include "widgets/ReconstructionPanel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace vl::widgets {
namespace {

QPixmap thumbnail(const core::StimulusImage& image, int size) {
  if (image.width <= 0 || image.rgb.size() < std::size_t(image.width) * std::size_t(image.height) * 3) return {};
  QImage out(image.width, image.height, QImage::Format_RGB888);
  for (int y = 0; y < image.height; ++y)
    std::copy_n(image.rgb.data() + std::size_t(y) * std::size_t(image.width) * 3, std::size_t(image.width) * 3,
                out.scanLine(y));
  return QPixmap::fromImage(out.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

QLabel* imageLabel(const core::StimulusImage& image, const QString& tip, QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setPixmap(thumbnail(image, ReconstructionPanel::kThumbnailPixels));
  label->setFixedSize(ReconstructionPanel::kThumbnailPixels, ReconstructionPanel::kThumbnailPixels);
  label->setToolTip(tip);
  return label;
}

QLabel* headerLabel(const QString& text, QWidget* parent) {
  auto* label = new QLabel(text, parent);
  label->setAlignment(Qt::AlignCenter);
  QFont font = label->font();
  font.setPointSizeF(font.pointSizeF() * 0.85);
  label->setFont(font);
  return label;
}

}  // namespace

ReconstructionPanel::ReconstructionPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  source_ = new QComboBox(this);
  source_->addItems({tr("Whole cortex"), tr("Selectivity target"), tr("Drawn ROI")});
  source_->setToolTip(tr("The response columns to decode from"));
  method_ = new QComboBox(this);
  method_->addItems({tr("Forward model"), tr("Ridge decoder"), tr("Contrastive decoder"), tr("Decoder bundle")});
  method_->setToolTip(tr("How each trial is identified among the test images: the forward model's likelihood "
                         "(Kay et al. 2008), or the cosine similarity of the embedding decoded by ridge, by the "
                         "contrastive MLP (fitted on first use, a few minutes, then cached with the study's models) or "
                         "by your own brain_decoder bundle (one that reads every response column of the study)"));
  form->addRow(tr("Source"), source_);
  form->addRow(tr("Method"), method_);
  trialText_ = new QLineEdit(this);
  trialText_->setPlaceholderText(tr("e.g. 0-7, 12"));
  trialText_->setToolTip(tr("Test trials to reconstruct: indices and ranges"));
  form->addRow(tr("Test trials"), trialText_);
  layout->addLayout(form);
  trials_ = new QListWidget(this);
  trials_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  trials_->setMaximumHeight(90);
  layout->addWidget(trials_);
  auto* buttons = new QHBoxLayout;
  run_ = new QPushButton(tr("Run"), this);
  cancel_ = new QPushButton(tr("Cancel"), this);
  buttons->addWidget(run_);
  buttons->addWidget(cancel_);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  scores_ = new QLabel(this);
  scores_->setWordWrap(true);
  scores_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(scores_);
  grid_ = new QGridLayout;
  grid_->setHorizontalSpacing(2);
  grid_->setVerticalSpacing(2);
  layout->addLayout(grid_);
  layout->addStretch(1);

  connect(source_, &QComboBox::currentIndexChanged, this, [this](int index) {
    model_.setSource(static_cast<core::ReconstructionSource>(index));
    Q_EMIT sourceChanged();
    refresh();
  });
  connect(method_, &QComboBox::currentIndexChanged, this, [this](int index) {
    model_.setMethod(static_cast<core::ReconstructionMethod>(index));
    refresh();
  });
  connect(trials_, &QListWidget::itemSelectionChanged, this, [this] {
    if (!updatingList_) takeListSelection();
  });
  connect(trialText_, &QLineEdit::editingFinished, this, [this] {
    std::string error;
    if (!model_.setChosenTrials(trialText_->text().toStdString(), error)) {
      status_->setText(QString::fromStdString(error));
      return;
    }
    refresh();
  });
  connect(run_, &QPushButton::clicked, this, [this] { Q_EMIT runRequested(); });
  connect(cancel_, &QPushButton::clicked, this, [this] { Q_EMIT cancelRequested(); });
  refresh();
}

void ReconstructionPanel::takeListSelection() {
  std::vector<std::size_t> chosen;
  for (int i = 0; i < trials_->count(); ++i)
    if (trials_->item(i)->isSelected()) chosen.push_back(std::size_t(i));
  model_.setChosenTrials(std::move(chosen));
  refresh();
}

void ReconstructionPanel::showTrials() {
  updatingList_ = true;
  if (shownTrialCount_ != model_.testTrials()) {
    trials_->clear();
    for (std::size_t i = 0; i < model_.testTrials(); ++i) trials_->addItem(tr("Test trial %1").arg(i));
    shownTrialCount_ = model_.testTrials();
  }
  const auto& chosen = model_.chosenTrials();
  for (int i = 0; i < trials_->count(); ++i)
    trials_->item(i)->setSelected(std::binary_search(chosen.begin(), chosen.end(), std::size_t(i)));
  if (!trialText_->hasFocus()) trialText_->setText(QString::fromStdString(model_.chosenTrialsText()));
  updatingList_ = false;
}

void ReconstructionPanel::showResults() {
  const auto& rows = model_.rows();
  if (shownRows_ == rows.data() && int(rows.size()) == rowsShown()) return;
  shownRows_ = rows.data();
  while (auto* item = grid_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  rowImages_.clear();
  if (rows.empty()) return;
  const QStringList headers = {tr("Seen"), tr("Identified (best 5)"), QString(), QString(), QString(), QString(),
                               tr("Low"), tr("High"), tr("Comb.")};
  for (int c = 0; c < headers.size(); ++c)
    if (!headers[c].isEmpty()) grid_->addWidget(headerLabel(headers[c], this), 0, c, 1, c == 1 ? 5 : 1);
  int r = 1;
  for (const auto& row : rows) {
    std::vector<QLabel*> labels;
    labels.push_back(imageLabel(row.seen, tr("Test trial %1: the image seen").arg(row.testRow), this));
    for (std::size_t k = 0; k < 5; ++k)
      labels.push_back(k < row.identified.size()
                           ? imageLabel(row.identified[k], tr("Identified #%1").arg(k + 1), this)
                           : imageLabel({}, {}, this));
    labels.push_back(imageLabel(row.lowLevel, tr("Low level: 16 x 16 ridge"), this));
    labels.push_back(imageLabel(row.highLevel, tr("High level: the generator on the decoded embedding"), this));
    labels.push_back(imageLabel(row.combined, tr("Combined: the generator's input optimised"), this));
    for (std::size_t c = 0; c < labels.size(); ++c) grid_->addWidget(labels[c], r, int(c));
    auto* rank = new QLabel(tr("#%1\nrank %2").arg(row.testRow).arg(row.trueRank), this);
    rank->setToolTip(tr("Test trial %1; the seen image's rank among the test images").arg(row.testRow));
    QFont font = rank->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    rank->setFont(font);
    if (row.trueRank == 1) rank->setStyleSheet(QStringLiteral("color: #1a7f37"));
    grid_->addWidget(rank, r, int(labels.size()));
    rowImages_.push_back(std::move(labels));
    ++r;
  }
}

std::vector<QLabel*> ReconstructionPanel::rowImages(int row) const {
  return row >= 0 && row < rowsShown() ? rowImages_[std::size_t(row)] : std::vector<QLabel*>{};
}

void ReconstructionPanel::refresh() {
  if (model_.version() == shownVersion_) return;
  shownVersion_ = model_.version();
  const bool running = model_.running();
  source_->setEnabled(!running);
  method_->setEnabled(!running);
  trials_->setEnabled(!running);
  trialText_->setEnabled(!running);
  if (source_->currentIndex() != int(model_.source())) source_->setCurrentIndex(int(model_.source()));
  const auto bundle = QString::fromStdString(model_.decoderBundle());
  method_->setItemText(int(core::ReconstructionMethod::DecoderBundle),
                       bundle.isEmpty() ? tr("Decoder bundle (none fits)") : tr("Decoder bundle: %1").arg(bundle));
  if (method_->currentIndex() != int(model_.method())) method_->setCurrentIndex(int(model_.method()));
  const auto why = model_.whyNotRunnable();
  run_->setEnabled(why.empty());
  run_->setToolTip(QString::fromStdString(why));
  cancel_->setEnabled(running);
  status_->setText(QString::fromStdString(model_.status()));
  QStringList lines;
  for (const auto& line : model_.scoreLines()) lines << QString::fromStdString(line).toHtmlEscaped();
  scores_->setText(lines.join(QStringLiteral("<br>")));
  showTrials();
  showResults();
}

}  // namespace vl::widgets
