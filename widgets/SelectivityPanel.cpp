#include "widgets/SelectivityPanel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

#include "widgets/SelectivityFieldMap.h"
#include "widgets/SelectivityGallery.h"

namespace vl::widgets {
namespace {
constexpr int kThumbnail = 76, kPinnedThumbnail = 44, kFieldMapSize = 112, kLargeImage = 200;

QLabel* wrappingLabel(QWidget* parent, const char* objectName) {
  auto* label = new QLabel(parent);
  label->setObjectName(QString::fromLatin1(objectName));
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

QString fixedOrNa(double value, int digits, const QString& suffix = {}) {
  return std::isfinite(value) ? QString::number(value, 'f', digits) + suffix : QStringLiteral("n/a");
}

QString columnsText(const core::SelectionTarget& target) {
  const auto n = target.columns.size();
  const QString what = QString::fromStdString(target.describe());
  return n == 1 ? QObject::tr("%1, 1 column").arg(what) : QObject::tr("%1, %2 columns").arg(what).arg(n);
}
}  // namespace

QString reliabilityText(const core::TargetReliability& r) {
  QString text = QObject::tr("<b>Reliability:</b> %1 columns; median noise ceiling %2; median held-out R\u00b2 %3; "
                             "split-half top-%4 overlap %5")
                     .arg(r.columns)
                     .arg(fixedOrNa(r.medianNoiseCeiling, 0, QStringLiteral("%")) +
                          (std::isfinite(r.medianNoiseCeiling) && r.noiseCeilingTrials > 0
                               ? QObject::tr(" for %1-trial means").arg(r.noiseCeilingTrials)
                               : QString()))
                     .arg(fixedOrNa(r.medianTestR2, 3))
                     .arg(r.splitHalfK)
                     .arg(fixedOrNa(r.splitHalfOverlap, 2));
  if (std::isfinite(r.splitHalfOverlap) && r.splitHalfOverlap < SelectivityPanel::kLowOverlap)
    text += QObject::tr("<br><span style='color:#c05000'><b>Low overlap:</b> models fitted on odd and on even trials "
                        "prefer different images, so this gallery may be mostly noise.</span>");
  else if (std::isfinite(r.medianTestR2) && r.medianTestR2 < 0.01)
    text += QObject::tr("<br><span style='color:#c05000'>The encoder barely predicts these columns on held-out "
                        "images: treat the results with care.</span>");
  return text;
}

SelectivityPanel::SelectivityPanel(QWidget* parent) : QWidget(parent) {
  auto* content = new QWidget;
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(6, 6, 6, 6);

  target_ = wrappingLabel(content, "selectivityTarget");
  target_->setText(tr("<b>No target.</b> Click an ROI on the brain, or Alt+click for a disc around a vertex."));
  layout->addWidget(target_);
  status_ = wrappingLabel(content, "selectivityStatus");
  status_->setForegroundRole(QPalette::PlaceholderText);
  status_->hide();
  layout->addWidget(status_);

  auto* controls = new QHBoxLayout;
  radius_ = new QDoubleSpinBox(content);
  radius_->setObjectName(QStringLiteral("selectivityRadius"));
  radius_->setRange(core::SelectivityPanelModel::kMinRadiusMm, core::SelectivityPanelModel::kMaxRadiusMm);
  radius_->setDecimals(1);
  radius_->setSuffix(tr(" mm"));
  radius_->setValue(model_.discRadiusMm());
  radius_->setKeyboardTracking(false);
  radius_->setToolTip(tr("Radius of the geodesic disc an Alt+click makes"));
  topK_ = new QSpinBox(content);
  topK_->setObjectName(QStringLiteral("selectivityTopK"));
  topK_->setRange(1, int(core::SelectivityPanelModel::kMaxTopK));
  topK_->setValue(int(model_.topK()));
  topK_->setKeyboardTracking(false);
  weightByR2_ = new QCheckBox(tr("weight by held-out R\u00b2"), content);
  weightByR2_->setObjectName(QStringLiteral("selectivityWeightR2"));
  pin_ = new QPushButton(tr("Pin"), content);
  pin_->setObjectName(QStringLiteral("selectivityPin"));
  pin_->setToolTip(tr("Keep this target to compare it side by side with others (up to four)"));
  pin_->setEnabled(false);
  controls->addWidget(new QLabel(tr("Alt+click disc"), content));
  controls->addWidget(radius_);
  controls->addWidget(new QLabel(tr("Top"), content));
  controls->addWidget(topK_);
  controls->addStretch();
  controls->addWidget(pin_);
  layout->addLayout(controls);
  layout->addWidget(weightByR2_);

  reliability_ = wrappingLabel(content, "selectivityReliability");
  reliability_->setTextFormat(Qt::RichText);
  layout->addWidget(reliability_);

  caption_ = wrappingLabel(content, "selectivityCaption");
  QFont captionFont = caption_->font();
  captionFont.setPointSizeF(captionFont.pointSizeF() * 1.25);
  captionFont.setBold(true);
  caption_->setFont(captionFont);
  layout->addWidget(caption_);
  nearest_ = wrappingLabel(content, "selectivityNearestCaptions");
  nearest_->setTextFormat(Qt::RichText);
  layout->addWidget(nearest_);
  keywords_ = wrappingLabel(content, "selectivityKeywords");
  keywords_->setTextFormat(Qt::RichText);
  layout->addWidget(keywords_);

  auto* rfRow = new QHBoxLayout;
  rfImage_ = new QLabel(content);
  rfImage_->setObjectName(QStringLiteral("selectivityFieldMap"));
  rfImage_->setFixedSize(kFieldMapSize, kFieldMapSize);
  rfText_ = wrappingLabel(content, "selectivityFieldText");
  rfText_->setTextFormat(Qt::RichText);
  rfRow->addWidget(rfImage_);
  rfRow->addWidget(rfText_, 1);
  layout->addLayout(rfRow);

  auto* legend = new QLabel(content);
  legend->setTextFormat(Qt::RichText);
  legend->setWordWrap(true);
  legend->setText(tr("<span style='color:%1'>&#9632;</span> encoder fitted on it (training) &nbsp; "
                     "<span style='color:%2'>&#9632;</span> held out (test). Score: predicted response (Measured: "
                     "mean response, trials). Click an image: see it, paint its predicted response.")
                      .arg(kFittedImageColour.name(), kHeldOutImageColour.name()));
  layout->addWidget(legend);
  tabs_ = new QTabWidget(content);
  tabs_->setObjectName(QStringLiteral("selectivityGalleries"));
  top_ = new SelectivityGallery(kThumbnail, tabs_);
  top_->setObjectName(QStringLiteral("selectivityTopGallery"));
  bottom_ = new SelectivityGallery(kThumbnail, tabs_);
  bottom_->setObjectName(QStringLiteral("selectivityBottomGallery"));
  measured_ = new SelectivityGallery(kThumbnail, tabs_);
  measured_->setObjectName(QStringLiteral("selectivityMeasuredGallery"));
  tabs_->addTab(top_, tr("Top"));
  tabs_->addTab(bottom_, tr("Bottom"));
  tabs_->addTab(measured_, tr("Measured top"));
  tabs_->setMinimumHeight(4 * (kThumbnail + 28) + 36);
  layout->addWidget(tabs_, 1);

  auto* large = new QHBoxLayout;
  largeImage_ = new QLabel(content);
  largeImage_->setObjectName(QStringLiteral("selectivityLargeImage"));
  largeTitle_ = wrappingLabel(content, "selectivityLargeTitle");
  large->addWidget(largeImage_);
  large->addWidget(largeTitle_, 1);
  largeImage_->hide();
  largeTitle_->hide();
  layout->addLayout(large);

  pinnedBox_ = new QGroupBox(tr("Pinned targets"), content);
  pinnedBox_->setObjectName(QStringLiteral("selectivityPinned"));
  pinnedColumns_ = new QHBoxLayout(pinnedBox_);
  pinnedBox_->hide();
  layout->addWidget(pinnedBox_);

  scroll_ = new QScrollArea(this);
  scroll_->setWidgetResizable(true);
  scroll_->setFrameShape(QFrame::NoFrame);
  scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // labels wrap to the dock's width instead
  scroll_->setWidget(content);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(scroll_);

  connect(radius_, &QDoubleSpinBox::valueChanged, this, [this](double mm) {
    model_.setDiscRadiusMm(float(mm));
    Q_EMIT discRadiusChanged(mm);
  });
  connect(topK_, &QSpinBox::valueChanged, this, [this](int k) {
    model_.setTopK(std::size_t(k));
    Q_EMIT optionsChanged();
  });
  connect(weightByR2_, &QCheckBox::toggled, this, [this](bool on) {
    model_.setWeightByR2(on);
    Q_EMIT optionsChanged();
  });
  connect(pin_, &QPushButton::clicked, this, &SelectivityPanel::pinCurrent);
  for (auto* gallery : {top_, bottom_, measured_})
    connect(gallery, &SelectivityGallery::imageClicked, this, &SelectivityPanel::imageClicked);
  clearResults();
}

void SelectivityPanel::showPending(const QString& description) {
  target_->setText(tr("<b>Target:</b> %1 <i>(computing...)</i>").arg(description.toHtmlEscaped()));
}

void SelectivityPanel::clear() {
  clearResults();
  model_.clearCurrent();
  while (!model_.pinned().empty()) model_.unpin(0);
  pinnedViews_.clear();
  rebuildPinned();
  largeImage_->hide();
  largeTitle_->hide();
  target_->setText(tr("<b>No target.</b> Click an ROI on the brain, or Alt+click for a disc around a vertex."));
}

void SelectivityPanel::showStatus(const QString& text) {
  status_->setText(text);
  status_->setVisible(!text.isEmpty());
}

void SelectivityPanel::clearResults() {
  current_.reset();
  reliability_->clear();
  caption_->clear();
  nearest_->clear();
  keywords_->clear();
  rfImage_->clear();
  rfText_->clear();
  for (auto* gallery : {top_, bottom_, measured_}) gallery->clear();
  pin_->setEnabled(false);
}

void SelectivityPanel::showTargetWithoutColumns(const core::SelectionTarget& target) {
  clearResults();
  model_.setCurrent(target);
  target_->setText(tr("<b>Target:</b> %1: <b>no fitted columns</b> (no response column lies inside it%2).")
                       .arg(QString::fromStdString(target.describe()).toHtmlEscaped())
                       .arg(target.source == core::TargetSource::Disc ? tr("; try a larger disc radius") : QString()));
  Q_EMIT targetChanged(model_.version());
}

void SelectivityPanel::showResult(std::shared_ptr<const SelectivityView> view) {
  if (!view) return;
  clearResults();
  current_ = view;
  const auto& result = view->result;
  model_.setCurrent(result.target);
  target_->setText(tr("<b>Target:</b> %1").arg(columnsText(result.target).toHtmlEscaped()));
  reliability_->setText(reliabilityText(result.reliability));

  if (result.caption.empty()) {
    caption_->setText(view->captionNote.isEmpty() ? tr("(no caption)") : view->captionNote);
  } else {
    caption_->setText(QStringLiteral("\u201c%1\u201d").arg(QString::fromStdString(result.caption)));
  }
  QStringList nearest;
  for (const auto& n : result.nearestCaptions)
    nearest << QStringLiteral("%1 &nbsp;%2").arg(n.similarity, 0, 'f', 2).arg(QString::fromStdString(n.caption).toHtmlEscaped());
  nearest_->setText(nearest.isEmpty() ? QString()
                                      : tr("<b>Nearest bank captions</b> (cosine):<br>") + nearest.join(QStringLiteral("<br>")));
  QStringList words;
  for (const auto& k : result.keywords)
    words << QStringLiteral("%1 <small>(%2)</small>").arg(QString::fromStdString(k.word).toHtmlEscaped()).arg(k.weight, 0, 'f', 2);
  keywords_->setText(words.isEmpty() ? QString() : tr("<b>Keywords:</b> ") + words.join(QStringLiteral(", ")));

  if (result.receptiveField) {
    rfImage_->setPixmap(QPixmap::fromImage(receptiveFieldImage(*result.receptiveField, view->fieldWidth, kFieldMapSize)));
    rfText_->setText(tr("<b>Receptive field</b> (contrast energy weighted by %1; ring: peak, cross: fixation)<br>%2")
                         .arg(QString::fromStdString(result.receptiveFieldData).toHtmlEscaped(),
                              receptiveFieldText(*result.receptiveField).toHtmlEscaped()));
  } else {
    rfText_->setText(tr("<b>Receptive field:</b> n/a (no contrast-energy grid for this bank)"));
  }

  const auto k = view->top.size();
  top_->setImages(view->top, false);
  bottom_->setImages(view->bottom, false);
  measured_->setImages(view->measuredTop, true);
  tabs_->setTabText(0, tr("Top %1").arg(k));
  tabs_->setTabText(1, tr("Bottom %1").arg(view->bottom.size()));
  tabs_->setTabText(2, view->measuredTop.empty() ? tr("Measured: none") : tr("Measured top %1").arg(view->measuredTop.size()));
  tabs_->setTabEnabled(2, !view->measuredTop.empty());
  pin_->setEnabled(model_.pinned().size() < core::SelectivityPanelModel::kMaxPinned);
  Q_EMIT targetChanged(model_.version());
}

void SelectivityPanel::showLargeImage(const QImage& image, const QString& title) {
  largeImage_->setPixmap(QPixmap::fromImage(
      image.scaled(kLargeImage, kLargeImage, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
  largeTitle_->setText(title);
  largeImage_->show();
  largeTitle_->show();
  // Below the gallery, which may fill the dock: scrolled into view once the layout has made room for it.
  QMetaObject::invokeMethod(this, [this] { scroll_->ensureWidgetVisible(largeImage_); }, Qt::QueuedConnection);
}

void SelectivityPanel::pinCurrent() {
  if (!current_ || !model_.pinCurrent()) return;
  pinnedViews_.push_back(current_);
  rebuildPinned();
}

void SelectivityPanel::unpin(std::size_t index) {
  if (index >= pinnedViews_.size()) return;
  model_.unpin(index);
  pinnedViews_.erase(pinnedViews_.begin() + std::ptrdiff_t(index));
  rebuildPinned();
}

std::vector<SelectivityGallery*> SelectivityPanel::pinnedGalleries() const { return pinnedGalleries_; }

void SelectivityPanel::rebuildPinned() {
  // Later, not now: this runs inside the clicked signal of an Unpin button of one of these columns.
  while (auto* item = pinnedColumns_->takeAt(0)) {
    if (auto* widget = item->widget()) {
      widget->hide();
      widget->deleteLater();
    }
    delete item;
  }
  pinnedGalleries_.clear();
  for (std::size_t i = 0; i < pinnedViews_.size(); ++i) {
    const auto& view = *pinnedViews_[i];
    auto* column = new QWidget(pinnedBox_);
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* header = new QHBoxLayout;
    auto* name = new QLabel(QString::fromStdString(view.result.target.describe()), column);
    name->setWordWrap(true);
    auto* unpinButton = new QToolButton(column);
    unpinButton->setText(QStringLiteral("\u00d7"));
    unpinButton->setToolTip(tr("Unpin"));
    unpinButton->setObjectName(QStringLiteral("selectivityUnpin%1").arg(i));
    header->addWidget(name, 1);
    header->addWidget(unpinButton);
    layout->addLayout(header);
    auto* caption = new QLabel(QString::fromStdString(view.result.caption), column);
    caption->setWordWrap(true);
    layout->addWidget(caption);
    auto* overlap = new QLabel(tr("overlap %1").arg(fixedOrNa(view.result.reliability.splitHalfOverlap, 2)), column);
    layout->addWidget(overlap);
    auto* gallery = new SelectivityGallery(kPinnedThumbnail, column);
    gallery->setImages(view.top, false);
    gallery->setMinimumHeight(3 * (kPinnedThumbnail + 26));
    connect(gallery, &SelectivityGallery::imageClicked, this, &SelectivityPanel::imageClicked);
    layout->addWidget(gallery, 1);
    pinnedGalleries_.push_back(gallery);
    connect(unpinButton, &QToolButton::clicked, this, [this, i] { unpin(i); });
    pinnedColumns_->addWidget(column, 1);
  }
  pinnedBox_->setVisible(!pinnedViews_.empty());
  pin_->setEnabled(current_ && model_.pinned().size() < core::SelectivityPanelModel::kMaxPinned);
  Q_EMIT targetChanged(model_.version());
}

}  // namespace vl::widgets
