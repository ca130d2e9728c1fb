#include "widgets/SelectivityGallery.h"

#include <QPainter>

#include <algorithm>

namespace vl::widgets {

QImage toQImage(const core::StimulusImage& image) {
  if (image.width <= 0 || image.height <= 0) return {};
  QImage out(image.rgb.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888);
  return out.copy();  // detached from the StimulusImage's buffer
}

QImage thumbnailOf(const core::StimulusImage& image, int size) {
  const QImage full = toQImage(image);
  if (full.isNull()) return {};
  const int side = std::min(full.width(), full.height());
  return full.copy((full.width() - side) / 2, (full.height() - side) / 2, side, side)
      .scaled(size, size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

namespace {
enum Role { RoleStimulus = Qt::UserRole };
constexpr int kBarHeight = 5;
}  // namespace

SelectivityGallery::SelectivityGallery(int thumbnailSize, QWidget* parent)
    : QListWidget(parent), thumbnailSize_(thumbnailSize) {
  setViewMode(QListView::IconMode);
  setMovement(QListView::Static);
  setResizeMode(QListView::Adjust);
  setWrapping(true);
  setUniformItemSizes(true);
  setIconSize(QSize(thumbnailSize, thumbnailSize + kBarHeight));
  setSpacing(2);
  setSelectionMode(QAbstractItemView::SingleSelection);
  connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    Q_EMIT imageClicked(item->data(RoleStimulus).toInt());
  });
}

int SelectivityGallery::stimulusAt(int row) const {
  const auto* it = item(row);
  return it ? it->data(RoleStimulus).toInt() : -1;
}

void SelectivityGallery::setImages(const std::vector<SelectivityThumbnail>& images, bool measured) {
  clear();
  for (std::size_t rank = 0; rank < images.size(); ++rank) {
    const auto& image = images[rank];
    // The thumbnail with the fitted / held-out bar painted under it, so the mark survives any style.
    QPixmap pixmap(thumbnailSize_, thumbnailSize_ + kBarHeight);
    pixmap.fill(Qt::white);
    {
      QPainter painter(&pixmap);
      if (!image.image.isNull())
        painter.drawImage(QRect(0, 0, thumbnailSize_, thumbnailSize_), image.image);
      painter.fillRect(0, thumbnailSize_, thumbnailSize_, kBarHeight,
                       image.ranked.fitted ? kFittedImageColour : kHeldOutImageColour);
    }
    QString text = QStringLiteral("#%1  %2").arg(rank + 1).arg(image.ranked.score, 0, 'f', 2);
    if (measured) text += tr(" (%1\u00d7)").arg(image.ranked.trials);
    auto* item = new QListWidgetItem(QIcon(pixmap), text, this);
    item->setData(RoleStimulus, static_cast<int>(image.ranked.index));
    item->setToolTip(tr("Image %1%2\n%3")
                         .arg(image.ranked.index)
                         .arg(image.ranked.fitted ? tr(" (the encoder was fitted on it)") : tr(" (held out)"))
                         .arg(image.caption));
  }
}

}  // namespace vl::widgets
