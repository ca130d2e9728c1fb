#pragma once
// A gallery of ranked bank images: thumbnails in a wrapping grid, each labelled with its rank and score (and the
// trial count for measured responses), its caption as the tooltip, and a bar under it saying whether the encoder
// was fitted on the image (blue) or it was held out (orange). A click emits the image's stimulus index.
#include <QColor>
#include <QListWidget>

#include <vector>

#include "core/model/Stimulus.h"
#include "widgets/SelectivityView.h"

namespace vl::widgets {

inline const QColor kFittedImageColour{40, 90, 200};
inline const QColor kHeldOutImageColour{240, 140, 20};

class SelectivityGallery : public QListWidget {
  Q_OBJECT
public:
  explicit SelectivityGallery(int thumbnailSize, QWidget* parent = nullptr);
  void setImages(const std::vector<SelectivityThumbnail>& images, bool measured);
  // The stimulus index of item `row`, -1 past the end.
  int stimulusAt(int row) const;

Q_SIGNALS:
  void imageClicked(int stimulusIndex);

private:
  int thumbnailSize_;
};

// A square thumbnail of `image` (centre crop), `size` pixels wide: made on a worker thread.
QImage thumbnailOf(const core::StimulusImage& image, int size);
// The image at full size (a QImage that owns a copy of the pixels).
QImage toQImage(const core::StimulusImage& image);

}  // namespace vl::widgets
