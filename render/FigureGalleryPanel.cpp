#include "render/FigureGalleryPanel.h"

#include <algorithm>
#include <cmath>

#include "render/FigureText.h"
#include "render/ImageResample.h"

namespace vl::render {

namespace {
double titleSize(double fontSize) { return fontSize * 1.1; }
double lineStep(double size) { return size * 1.25; }
}  // namespace

FigureGalleryPanel::FigureGalleryPanel(FigureGalleryContent content, FigureRect where, double fontSize,
                                       Rgb textColour)
    : content_(std::move(content)), where_(where), fontSize_(fontSize), textColour_(textColour) {
  titleLines_ = wrapText(content_.title, where_.width, titleSize(fontSize_), true);
  if (!content_.caption.empty())
    captionLines_ = wrapText("\"" + content_.caption + "\"", where_.width, fontSize_, false);
  const double gap = std::max(2.0, std::round(fontSize_ * 0.3));
  const double gridTop = where_.y + lineStep(titleSize(fontSize_)) * double(titleLines_.size()) + fontSize_ * 0.5;
  const double below = fontSize_ * 0.6 + lineStep(fontSize_) * double(captionLines_.size()) +
                       (content_.captionSource.empty() ? 0.0 : lineStep(fontSize_ * 0.8));
  const double gridHeight = where_.y + where_.height - gridTop - below;
  const int count = int(content_.images.size());
  // The column count that gives the largest square cells inside the width and the height left for the grid.
  double side = 0;
  for (int columns = 1; columns <= std::max(1, count); ++columns) {
    const int rows = (count + columns - 1) / columns;
    const double fit = std::min((where_.width - gap * (columns - 1)) / columns,
                                rows > 0 ? (gridHeight - gap * (rows - 1)) / rows : where_.width);
    if (fit > side) {
      side = fit;
      columns_ = columns;
    }
  }
  side = std::floor(std::max(0.0, side));
  int rows = 0;
  if (side >= 1)
    for (int i = 0; i < count; ++i) {
      const int row = i / columns_, column = i % columns_;
      rows = row + 1;
      cells_.push_back({std::round(where_.x + column * (side + gap)), std::round(gridTop + row * (side + gap)), side,
                        side});
      const auto& image = content_.images[std::size_t(i)];
      scaled_.push_back(image.width > 0 && image.height > 0 ? resampleImage(image, int(side), int(side)) : image);
    }
  captionBaseline_ = gridTop + rows * (side + gap) - gap + fontSize_ * 0.6 + fontSize_;
}

void FigureGalleryPanel::draw(FigureCanvas& canvas) const {
  const TextStyle title{titleSize(fontSize_), TextAnchor::Start, textColour_, true};
  for (std::size_t i = 0; i < titleLines_.size(); ++i)
    canvas.drawText(titleLines_[i], where_.x, where_.y + title.size + lineStep(title.size) * double(i), title);
  for (std::size_t i = 0; i < cells_.size(); ++i)
    if (scaled_[i].width > 0) canvas.drawImage(scaled_[i], cells_[i]);
  const TextStyle caption{fontSize_, TextAnchor::Start, textColour_, false};
  double baseline = captionBaseline_;
  for (const auto& line : captionLines_) {
    canvas.drawText(line, where_.x, baseline, caption);
    baseline += lineStep(fontSize_);
  }
  if (!content_.captionSource.empty()) {
    const TextStyle source{fontSize_ * 0.8, TextAnchor::Start, textColour_, false};
    // Under the caption's last line, or where the caption would have started.
    const double at = captionLines_.empty() ? captionBaseline_ - fontSize_ + source.size
                                            : baseline - lineStep(fontSize_) + lineStep(source.size);
    canvas.drawText("(" + content_.captionSource + ")", where_.x, at, source);
  }
}

}  // namespace vl::render
