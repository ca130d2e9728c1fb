#pragma once
// The SVG canvas: brain renders embedded as base64 PNG at full resolution, everything else (colour bar steps, ticks,
// text) as <rect>, <line> and <text>, the provenance JSON in <metadata>.
#include <string>

#include "render/FigureCanvas.h"

namespace vl::render {

class FigureSvgCanvas : public FigureCanvas {
public:
  // width x height figure pixels; the document's physical size is that at `dpi`.
  FigureSvgCanvas(int width, int height, int dpi, Rgb background, bool transparent);

  void drawImage(const RenderedImage& image, const FigureRect& where) override;
  void fillRect(const FigureRect& where, const Rgb& colour, float opacity = 1.0f) override;
  void strokeRect(const FigureRect& where, const Rgb& colour, double lineWidth) override;
  void drawLine(double x0, double y0, double x1, double y1, const Rgb& colour, double lineWidth) override;
  void drawText(const std::string& text, double x, double baseline, const TextStyle& style) override;

  // The whole document, with `metadata` (JSON text) inside <metadata>.
  std::string document(const std::string& metadata) const;

private:
  int width_, height_, dpi_;
  std::string body_;
};

// Escapes &, <, >, " and ' for XML text and attributes.
std::string escapeXml(const std::string& text);

}  // namespace vl::render
