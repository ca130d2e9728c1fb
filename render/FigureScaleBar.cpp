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
