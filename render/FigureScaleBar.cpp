#include "render/FigureScaleBar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vl::render {

std::optional<double> pixelsPerMm(const CameraState& camera, int viewHeight,
                                  const std::vector<core::SurfaceKind>& shownSurfaces) {
  if (!camera.parallelProjection || !(camera.parallelScale > 0) || viewHeight <= 0 || shownSurfaces.empty())
    return std::nullopt;
  for (auto kind : shownSurfaces)
    if (kind != core::SurfaceKind::White && kind != core::SurfaceKind::Pial && kind != core::SurfaceKind::Midthickness)
      return std::nullopt;
  // An orthographic camera's parallel scale is half the view's height in world units (mm).
  return double(viewHeight) / (2.0 * camera.parallelScale);
}

double scaleBarLengthMm(double pixelsPerMm, double maxPixels) {
  if (!(pixelsPerMm > 0) || !(maxPixels > 0)) return 0;
  const double longest = maxPixels / pixelsPerMm;
  const double power = std::pow(10.0, std::floor(std::log10(longest)));
  for (double factor : {5.0, 2.0, 1.0})
    if (factor * power <= longest * (1 + 1e-9)) return factor * power;
  return power;
}

std::pair<double, double> clearestCorner(const RenderedImage& image, const Rgb& background, double width,
                                         double height, double margin) {
  const std::pair<double, double> corners[3] = {{margin, image.height - margin - height},
                                                {image.width - margin - width, image.height - margin - height},
                                                {image.width - margin - width, margin}};
  std::uint8_t backgroundBytes[3];
  for (int c = 0; c < 3; ++c) backgroundBytes[c] = std::uint8_t(std::lround(std::clamp(background[c], 0.0f, 1.0f) * 255));
  const auto covered = [&](std::pair<double, double> corner) {
    std::size_t count = 0;
    const int x0 = std::max(0, int(corner.first)), y0 = std::max(0, int(corner.second));
    const int x1 = std::min(image.width, int(std::ceil(corner.first + width)));
    const int y1 = std::min(image.height, int(std::ceil(corner.second + height)));
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const std::size_t i = std::size_t(y) * image.width + x;
        const bool brain = !image.alpha.empty() ? image.alpha[i] > 0
                                                : std::abs(image.rgb[3 * i] - backgroundBytes[0]) > 2 ||
                                                      std::abs(image.rgb[3 * i + 1] - backgroundBytes[1]) > 2 ||
                                                      std::abs(image.rgb[3 * i + 2] - backgroundBytes[2]) > 2;
        count += brain;
      }
    return count;
  };
  std::pair<double, double> best = corners[0];
  std::size_t fewest = covered(best);
  for (int i = 1; i < 3 && fewest > 0; ++i)
    if (const std::size_t count = covered(corners[i]); count < fewest) {
      fewest = count;
      best = corners[i];
    }
  return best;
}

FigureScaleBar::FigureScaleBar(double lengthMm, double pixelsPerMm, double x, double y, double fontSize, Rgb colour)
    : lengthMm_(lengthMm), pixelsPerMm_(pixelsPerMm), x_(x), y_(y), fontSize_(fontSize), colour_(colour) {}

std::string FigureScaleBar::label() const {
  char text[32];
  std::snprintf(text, sizeof text, "%g mm", lengthMm_);
  return text;
}

void FigureScaleBar::draw(FigureCanvas& canvas) const {
  const double width = std::max(2.0, std::round(fontSize_ / 5.0));
  canvas.drawLine(x_, y_, x_ + lengthPixels(), y_, colour_, width);
  canvas.drawText(label(), x_ + lengthPixels() / 2, y_ - width - fontSize_ * 0.3,
                  TextStyle{fontSize_, TextAnchor::Middle, colour_, false});
}

}  // namespace vl::render
