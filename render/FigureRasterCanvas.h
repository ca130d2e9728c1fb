#pragma once
// The PNG canvas: an RGBA image that items are composited into, text rasterised with VTK's FreeType renderer.
#include <cstdint>
#include <vector>

#include "render/FigureCanvas.h"

namespace vl::render {

class FigureRasterCanvas : public FigureCanvas {
public:
  // transparent: the canvas starts with alpha 0 and the result keeps an alpha channel.
  FigureRasterCanvas(int width, int height, Rgb background, bool transparent);

  void drawImage(const RenderedImage& image, const FigureRect& where) override;
  void fillRect(const FigureRect& where, const Rgb& colour, float opacity = 1.0f) override;
  void strokeRect(const FigureRect& where, const Rgb& colour, double lineWidth) override;
  // Horizontal and vertical lines (all a figure draws); others are drawn as their bounding box.
  void drawLine(double x0, double y0, double x1, double y1, const Rgb& colour, double lineWidth) override;
  void drawText(const std::string& text, double x, double baseline, const TextStyle& style) override;

  RenderedImage image() const;  // with alpha when transparent

private:
  void blend(int x, int y, const Rgb& colour, float alpha);

  int width_, height_;
  bool transparent_;
  // Straight (not premultiplied) colour and alpha, a byte each: a 6000 x 4200 figure holds 100 MB, not 400 as floats.
  std::vector<std::uint8_t> rgba_;
};

}  // namespace vl::render
