#pragma once
// The PDF canvas, written by hand (no Qt): brain renders as Flate-compressed image XObjects (with a soft mask when
// transparent), colour bar steps, ticks and lines as vector paths, text in the standard Helvetica fonts (no font
// embedded: every PDF reader has them), provenance in the Info dictionary.
#include <string>
#include <vector>

#include "render/FigureCanvas.h"

namespace vl::render {

class FigurePdfCanvas : public FigureCanvas {
public:
  // width x height figure pixels; the page is that size at `dpi` (in points, 72 per inch).
  FigurePdfCanvas(int width, int height, int dpi, Rgb background, bool transparent);

  void drawImage(const RenderedImage& image, const FigureRect& where) override;
  // Opacity below 1 is drawn opaque (figures fill nothing translucent).
  void fillRect(const FigureRect& where, const Rgb& colour, float opacity = 1.0f) override;
  void strokeRect(const FigureRect& where, const Rgb& colour, double lineWidth) override;
  void drawLine(double x0, double y0, double x1, double y1, const Rgb& colour, double lineWidth) override;
  // Characters outside printable ASCII are drawn as '?' (the standard fonts' WinAnsi encoding, kept to ASCII).
  void drawText(const std::string& text, double x, double baseline, const TextStyle& style) override;

  // The whole file. `info`: extra Info dictionary entries (key without the slash, value as text).
  std::string document(const std::vector<std::pair<std::string, std::string>>& info) const;

private:
  double px(double x) const { return x * scale_; }
  double py(double y) const { return pageHeight_ - y * scale_; }

  double scale_, pageWidth_, pageHeight_;
  std::string content_;
  std::vector<std::string> images_;  // each an image XObject's dictionary + stream, soft masks after their image
  int imageCount_ = 0;
};

// Helvetica's advance width of `text` in 1/1000 em (AFM metrics), for anchoring text in the PDF.
double helveticaWidth(const std::string& text, bool bold);
// A PDF literal string: (text) with \, ( and ) escaped and bytes outside printable ASCII as octal escapes.
std::string pdfString(const std::string& text);

}  // namespace vl::render
