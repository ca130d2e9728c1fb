#pragma once
// A rendered brain view on the figure.
#include "render/FigureItem.h"

namespace vl::render {

class FigureBrainPanel : public FigureItem {
public:
  FigureBrainPanel(RenderedImage image, FigureRect where) : image_(std::move(image)), where_(where) {}
  void draw(FigureCanvas& canvas) const override { canvas.drawImage(image_, where_); }
  const RenderedImage& image() const { return image_; }

private:
  RenderedImage image_;
  FigureRect where_;
};

}  // namespace vl::render
