#pragma once
// What figure items draw on: images, filled rectangles, lines and text, in figure pixels with the origin at the top
// left. One canvas per format (raster PNG, SVG, PDF): items draw once and each format keeps what it can as vectors.
#include <array>
#include <string>

#include "render/ColourMap.h"
#include "render/OffscreenRenderer.h"

namespace vl::render {

struct FigureRect {
  double x = 0, y = 0, width = 0, height = 0;
};

enum class TextAnchor { Start, Middle, End };

struct TextStyle {
  double size = 12;  // pixels: the font's em height
  TextAnchor anchor = TextAnchor::Start;
  Rgb colour{0, 0, 0};
  bool bold = false;
};

class FigureCanvas {
public:
  virtual ~FigureCanvas() = default;
  // The image fills `where`; canvases keep its pixels (no resampling when the sizes match).
  virtual void drawImage(const RenderedImage& image, const FigureRect& where) = 0;
  virtual void fillRect(const FigureRect& where, const Rgb& colour, float opacity = 1.0f) = 0;
  virtual void strokeRect(const FigureRect& where, const Rgb& colour, double lineWidth) = 0;
  virtual void drawLine(double x0, double y0, double x1, double y1, const Rgb& colour, double lineWidth) = 0;
  // (x, baseline) is where the text's anchor sits on its baseline.
  virtual void drawText(const std::string& text, double x, double baseline, const TextStyle& style) = 0;
};

}  // namespace vl::render
