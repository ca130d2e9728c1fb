#include "render/FigureRasterCanvas.h"

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkStdString.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vl::render {

FigureRasterCanvas::FigureRasterCanvas(int width, int height, Rgb background, bool transparent)
    : width_(width), height_(height), transparent_(transparent),
      rgba_(static_cast<std::size_t>(width) * height * 4) {
  for (std::size_t i = 0; i < rgba_.size(); i += 4) {
    for (int c = 0; c < 3; ++c)
      rgba_[i + c] = static_cast<std::uint8_t>(std::lround(std::clamp(background[c], 0.0f, 1.0f) * 255));
    rgba_[i + 3] = transparent ? 0 : 255;
  }
}

void FigureRasterCanvas::blend(int x, int y, const Rgb& colour, float alpha) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_ || alpha <= 0.0f) return;
  std::uint8_t* pixel = &rgba_[(static_cast<std::size_t>(y) * width_ + x) * 4];
  alpha = std::min(alpha, 1.0f);
  const float below = pixel[3] / 255.0f;
  const float out = alpha + below * (1.0f - alpha);
  for (int c = 0; c < 3; ++c) {
    const float value = out > 0 ? (colour[c] * alpha + pixel[c] / 255.0f * below * (1.0f - alpha)) / out : colour[c];
    pixel[c] = static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255));
  }
  pixel[3] = static_cast<std::uint8_t>(std::lround(out * 255));
}

void FigureRasterCanvas::drawImage(const RenderedImage& image, const FigureRect& where) {
  const int x0 = int(std::lround(where.x)), y0 = int(std::lround(where.y));
  const int w = int(std::lround(where.width)), h = int(std::lround(where.height));
  if (w <= 0 || h <= 0 || image.width <= 0 || image.height <= 0) return;
  for (int y = 0; y < h; ++y) {
    const int sy = std::min(image.height - 1, y * image.height / h);  // nearest pixel; exact when sizes match
    for (int x = 0; x < w; ++x) {
      const int sx = std::min(image.width - 1, x * image.width / w);
      const std::size_t i = static_cast<std::size_t>(sy) * image.width + sx;
      const float alpha = image.alpha.empty() ? 1.0f : image.alpha[i] / 255.0f;
      blend(x0 + x, y0 + y, {image.rgb[3 * i] / 255.0f, image.rgb[3 * i + 1] / 255.0f, image.rgb[3 * i + 2] / 255.0f},
            alpha);
    }
  }
}

void FigureRasterCanvas::fillRect(const FigureRect& where, const Rgb& colour, float opacity) {
  const int x0 = int(std::lround(where.x)), x1 = int(std::lround(where.x + where.width));
  const int y0 = int(std::lround(where.y)), y1 = int(std::lround(where.y + where.height));
  for (int y = std::max(0, y0); y < std::min(height_, std::max(y1, y0 + 1)); ++y)
    for (int x = std::max(0, x0); x < std::min(width_, std::max(x1, x0 + 1)); ++x) blend(x, y, colour, opacity);
}

void FigureRasterCanvas::strokeRect(const FigureRect& r, const Rgb& colour, double lineWidth) {
  const double half = lineWidth / 2;
  fillRect({r.x - half, r.y - half, r.width + lineWidth, lineWidth}, colour);
  fillRect({r.x - half, r.y + r.height - half, r.width + lineWidth, lineWidth}, colour);
  fillRect({r.x - half, r.y - half, lineWidth, r.height + lineWidth}, colour);
  fillRect({r.x + r.width - half, r.y - half, lineWidth, r.height + lineWidth}, colour);
}

void FigureRasterCanvas::drawLine(double x0, double y0, double x1, double y1, const Rgb& colour, double lineWidth) {
  const double half = lineWidth / 2;
  fillRect({std::min(x0, x1) - (x0 == x1 ? half : 0), std::min(y0, y1) - (y0 == y1 ? half : 0),
            std::abs(x1 - x0) + (x0 == x1 ? lineWidth : 0), std::abs(y1 - y0) + (y0 == y1 ? lineWidth : 0)},
           colour);
}

void FigureRasterCanvas::drawText(const std::string& text, double x, double baseline, const TextStyle& style) {
  if (text.empty()) return;
  vtkTextRenderer* renderer = vtkTextRenderer::GetInstance();
  if (!renderer) throw std::runtime_error("VTK has no text renderer (FreeType) to draw figure text");
  vtkNew<vtkTextProperty> property;
  property->SetFontFamilyToArial();
  property->SetFontSize(std::max(1, int(std::lround(style.size))));
  property->SetBold(style.bold);
  property->SetColor(style.colour[0], style.colour[1], style.colour[2]);
  property->SetJustification(style.anchor == TextAnchor::Start    ? VTK_TEXT_LEFT
                             : style.anchor == TextAnchor::Middle ? VTK_TEXT_CENTERED
                                                                  : VTK_TEXT_RIGHT);
  property->SetVerticalJustificationToBottom();
  vtkTextRenderer::Metrics metrics;
  if (!renderer->GetMetrics(property, vtkStdString(text), metrics, 72)) return;
  vtkNew<vtkImageData> image;
  int dims[2] = {0, 0};
  if (!renderer->RenderString(property, vtkStdString(text), image, dims, 72)) return;
  // The image's extent is in pixels relative to the anchor (y up); bottom justification puts the anchor at the
  // descent line, |Descent| below the baseline.
  int extent[6];
  image->GetExtent(extent);
  const double anchorY = baseline - metrics.Descent[1];
  for (int j = extent[2]; j <= extent[3]; ++j)
    for (int i = extent[0]; i <= extent[1]; ++i) {
      const auto* pixel = static_cast<const unsigned char*>(image->GetScalarPointer(i, j, 0));
      const int components = image->GetNumberOfScalarComponents();
      const float alpha = components == 4 ? pixel[3] / 255.0f : 1.0f;
      blend(int(std::lround(x)) + i, int(std::lround(anchorY)) - j - 1, style.colour, alpha);
    }
}

RenderedImage FigureRasterCanvas::image() const {
  RenderedImage out;
  out.width = width_;
  out.height = height_;
  const std::size_t pixels = static_cast<std::size_t>(width_) * height_;
  out.rgb.resize(pixels * 3);
  if (transparent_) out.alpha.resize(pixels);
  for (std::size_t i = 0; i < pixels; ++i) {
    for (int c = 0; c < 3; ++c) out.rgb[3 * i + c] = rgba_[4 * i + c];
    if (transparent_) out.alpha[i] = rgba_[4 * i + 3];
  }
  return out;
}

}  // namespace vl::render
