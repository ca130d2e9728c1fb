#pragma once
// The selectivity gallery on a figure: a titled grid of the images a target prefers (the bank's own images, most
// preferred first, row by row) with its caption under the grid and where the caption came from. Images are embedded
// at the size of their cell; the title and caption are text (vector in SVG and PDF).
#include <string>
#include <vector>

#include "render/FigureItem.h"

namespace vl::render {

struct FigureGalleryContent {
  std::string title;                  // e.g. "Prefers (ROI planted:FFA (lh, rh))"
  std::vector<RenderedImage> images;  // most preferred first
  std::string caption;                // may be empty
  std::string captionSource;          // may be empty
};

class FigureGalleryPanel : public FigureItem {
public:
  // Lays the gallery out inside `where`: the title's lines at the top, then the largest square cells for which every
  // image and the caption's lines fit.
  FigureGalleryPanel(FigureGalleryContent content, FigureRect where, double fontSize, Rgb textColour);
  void draw(FigureCanvas& canvas) const override;

  const std::vector<FigureRect>& cells() const { return cells_; }  // one per image, row by row
  int columns() const { return columns_; }
  // The baseline of the caption's first line (below the last row of cells).
  double captionBaseline() const { return captionBaseline_; }

private:
  FigureGalleryContent content_;
  FigureRect where_;
  double fontSize_;
  Rgb textColour_;
  std::vector<std::string> titleLines_, captionLines_;
  std::vector<FigureRect> cells_;
  std::vector<RenderedImage> scaled_;  // each image at its cell's size
  int columns_ = 1;
  double captionBaseline_ = 0;
};

}  // namespace vl::render
