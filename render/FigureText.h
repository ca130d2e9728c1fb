#pragma once
// Text on a figure: panel letters, view names, ROI names, titles.
#include <string>
#include <vector>

#include "render/FigureItem.h"

namespace vl::render {

class FigureText : public FigureItem {
public:
  FigureText(std::string text, double x, double baseline, TextStyle style)
      : text_(std::move(text)), x_(x), baseline_(baseline), style_(style) {}
  void draw(FigureCanvas& canvas) const override { canvas.drawText(text_, x_, baseline_, style_); }

private:
  std::string text_;
  double x_, baseline_;
  TextStyle style_;
};

// "A", "B", ..., "Z", "AA", ...
std::string panelLetter(std::size_t index);

// Breaks text of `size` pixels into lines at most `width` pixels wide, at spaces (a longer word keeps its own line).
// Widths are Helvetica's, with a margin: SVG viewers and the PNG's FreeType font may set wider faces.
std::vector<std::string> wrapText(const std::string& text, double width, double size, bool bold);

}  // namespace vl::render
