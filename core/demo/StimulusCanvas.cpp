#include "core/demo/StimulusCanvas.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vl::core {
namespace {
float clamp01(float v) { return v < 0 ? 0 : (v > 1 ? 1 : v); }

float segmentDistance(Point p, Point a, Point b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float length2 = dx * dx + dy * dy;
  float t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
  return std::sqrt(ex * ex + ey * ey);
}

Point rotated(Point p, float c, float s) { return {p.x * c - p.y * s, p.x * s + p.y * c}; }
}  // namespace

StimulusCanvas::StimulusCanvas(int width, int height)
    : width_(width), height_(height), rgb_(static_cast<std::size_t>(width) * height * 3, 0.0f) {}

void StimulusCanvas::fill(Rgb colour) {
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_; ++x) set(x, y, colour);
}

void StimulusCanvas::linearGradient(Rgb from, Rgb to, float angle) {
  const float dx = std::cos(angle), dy = std::sin(angle);
  // Project the corners to find the ramp's extent so that it spans the image exactly.
  float low = std::numeric_limits<float>::max(), high = -low;
  for (float cx : {0.0f, float(width_)})
    for (float cy : {0.0f, float(height_)}) {
      low = std::min(low, cx * dx + cy * dy);
      high = std::max(high, cx * dx + cy * dy);
    }
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_; ++x) {
      const float t = ((x + 0.5f) * dx + (y + 0.5f) * dy - low) / (high - low);
      set(x, y, mix(from, to, t));
    }
}

void StimulusCanvas::radialGradient(Point centre, float radius, Rgb inner, Rgb outer) {
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_; ++x) {
      const float d = std::hypot(x + 0.5f - centre.x, y + 0.5f - centre.y) / radius;
      set(x, y, mix(inner, outer, clamp01(d)));
    }
}

Rgb StimulusCanvas::at(int x, int y) const {
  const std::size_t i = (static_cast<std::size_t>(y) * width_ + x) * 3;
  return {rgb_[i], rgb_[i + 1], rgb_[i + 2]};
}

void StimulusCanvas::set(int x, int y, Rgb colour) {
  const std::size_t i = (static_cast<std::size_t>(y) * width_ + x) * 3;
  rgb_[i] = colour.r;
  rgb_[i + 1] = colour.g;
  rgb_[i + 2] = colour.b;
}

void StimulusCanvas::blend(int x, int y, float coverage, Rgb colour) {
  if (coverage <= 0) return;
  set(x, y, mix(at(x, y), colour, coverage));
}

template <typename Distance>
void StimulusCanvas::cover(Box bounds, Rgb colour, float alpha, Distance&& signedDistance) {
  const int x0 = std::max(0, static_cast<int>(std::floor(bounds.x0 - 1)));
  const int y0 = std::max(0, static_cast<int>(std::floor(bounds.y0 - 1)));
  const int x1 = std::min(width_ - 1, static_cast<int>(std::ceil(bounds.x1 + 1)));
  const int y1 = std::min(height_ - 1, static_cast<int>(std::ceil(bounds.y1 + 1)));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const float d = signedDistance(Point{x + 0.5f, y + 0.5f});
      blend(x, y, alpha * clamp01(0.5f - d), colour);
    }
}

void StimulusCanvas::ellipse(Point centre, float rx, float ry, float angle, Rgb colour, float alpha) {
  rx = std::max(rx, 0.25f);
  ry = std::max(ry, 0.25f);
  const float c = std::cos(angle), s = std::sin(angle);
  const float ex = std::sqrt(rx * rx * c * c + ry * ry * s * s), ey = std::sqrt(rx * rx * s * s + ry * ry * c * c);
  cover({centre.x - ex, centre.y - ey, centre.x + ex, centre.y + ey}, colour, alpha, [&](Point p) {
    // Local coordinates, then the implicit function k - 1 divided by its gradient: a distance near the edge.
    const float lx = (p.x - centre.x) * c + (p.y - centre.y) * s;
    const float ly = -(p.x - centre.x) * s + (p.y - centre.y) * c;
    const float k = std::sqrt((lx * lx) / (rx * rx) + (ly * ly) / (ry * ry));
    if (k < 1e-6f) return -std::min(rx, ry);
    const float gx = lx / (rx * rx * k), gy = ly / (ry * ry * k);
    return (k - 1) / std::max(std::sqrt(gx * gx + gy * gy), 1e-6f);
  });
}

void StimulusCanvas::polygon(const std::vector<Contour>& contours, Rgb colour, float alpha) {
  Box box{std::numeric_limits<float>::max(), std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(),
          -std::numeric_limits<float>::max()};
  bool any = false;
  for (const auto& contour : contours)
    for (const auto& p : contour) {
      box = {std::min(box.x0, p.x), std::min(box.y0, p.y), std::max(box.x1, p.x), std::max(box.y1, p.y)};
      any = true;
    }
  if (!any) return;
  cover(box, colour, alpha, [&](Point p) {
    bool inside = false;
    float nearest = std::numeric_limits<float>::max();
    for (const auto& contour : contours) {
      const std::size_t n = contour.size();
      for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const Point a = contour[i], b = contour[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
        nearest = std::min(nearest, segmentDistance(p, a, b));
      }
    }
    return inside ? -nearest : nearest;
  });
}

void StimulusCanvas::capsule(Point a, Point b, float radius, Rgb colour, float alpha) {
  radius = std::max(radius, 0.3f);
  const Box box{std::min(a.x, b.x) - radius, std::min(a.y, b.y) - radius, std::max(a.x, b.x) + radius,
                std::max(a.y, b.y) + radius};
  cover(box, colour, alpha, [&](Point p) { return segmentDistance(p, a, b) - radius; });
}

StimulusImage StimulusCanvas::toImage() const {
  StimulusImage image;
  image.width = width_;
  image.height = height_;
  image.rgb.resize(rgb_.size());
  for (std::size_t i = 0; i < rgb_.size(); ++i)
    image.rgb[i] = static_cast<std::uint8_t>(std::lround(clamp01(rgb_[i]) * 255.0f));
  return image;
}

void StimulusDrawing::ellipse(Point centre, float rx, float ry, Rgb colour, float angle) {
  Shape shape{Kind::Ellipse, {}, centre, {}, rx, ry, angle, 0, colour};
  shapes_.push_back(std::move(shape));
}

void StimulusDrawing::polygon(Contour contour, Rgb colour) { polygon(std::vector<Contour>{std::move(contour)}, colour); }

void StimulusDrawing::polygon(std::vector<Contour> contours, Rgb colour) {
  shapes_.push_back(Shape{Kind::Polygon, std::move(contours), {}, {}, 0, 0, 0, 0, colour});
}

void StimulusDrawing::ring(Point centre, float outer, float inner, Rgb colour, float ryScale) {
  polygon({ellipseArc(centre, outer, outer * ryScale, 0, 6.2831853f, 48),
           ellipseArc(centre, inner, inner * ryScale, 0, 6.2831853f, 48)},
          colour);
}

void StimulusDrawing::line(Point a, Point b, float width, Rgb colour) {
  shapes_.push_back(Shape{Kind::Capsule, {}, a, b, 0, 0, 0, width / 2, colour});
}

void StimulusDrawing::polyline(const Contour& points, float width, Rgb colour) {
  for (std::size_t i = 1; i < points.size(); ++i) line(points[i - 1], points[i], width, colour);
}

void StimulusDrawing::rotate(float angle) {
  const float c = std::cos(angle), s = std::sin(angle);
  for (auto& shape : shapes_) {
    shape.a = rotated(shape.a, c, s);
    shape.b = rotated(shape.b, c, s);
    shape.angle += angle;
    for (auto& contour : shape.contours)
      for (auto& p : contour) p = rotated(p, c, s);
  }
}

Box StimulusDrawing::bounds() const {
  Box box{std::numeric_limits<float>::max(), std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(),
          -std::numeric_limits<float>::max()};
  auto grow = [&box](float x0, float y0, float x1, float y1) {
    box = {std::min(box.x0, x0), std::min(box.y0, y0), std::max(box.x1, x1), std::max(box.y1, y1)};
  };
  for (const auto& shape : shapes_) {
    switch (shape.kind) {
      case Kind::Ellipse: {
        const float c = std::cos(shape.angle), s = std::sin(shape.angle);
        const float ex = std::sqrt(shape.rx * shape.rx * c * c + shape.ry * shape.ry * s * s);
        const float ey = std::sqrt(shape.rx * shape.rx * s * s + shape.ry * shape.ry * c * c);
        grow(shape.a.x - ex, shape.a.y - ey, shape.a.x + ex, shape.a.y + ey);
        break;
      }
      case Kind::Polygon:
        for (const auto& contour : shape.contours)
          for (const auto& p : contour) grow(p.x, p.y, p.x, p.y);
        break;
      case Kind::Capsule:
        grow(std::min(shape.a.x, shape.b.x) - shape.radius, std::min(shape.a.y, shape.b.y) - shape.radius,
             std::max(shape.a.x, shape.b.x) + shape.radius, std::max(shape.a.y, shape.b.y) + shape.radius);
        break;
    }
  }
  return box;
}

void StimulusDrawing::render(StimulusCanvas& canvas, Point centre, float extent) const {
  if (shapes_.empty()) return;
  const Box box = bounds();
  const float scale = extent / std::max({box.width(), box.height(), 1e-6f});
  const Point middle{(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2};
  auto map = [&](Point p) { return Point{centre.x + (p.x - middle.x) * scale, centre.y + (p.y - middle.y) * scale}; };
  for (const auto& shape : shapes_) {
    switch (shape.kind) {
      case Kind::Ellipse:
        canvas.ellipse(map(shape.a), shape.rx * scale, shape.ry * scale, shape.angle, shape.colour);
        break;
      case Kind::Polygon: {
        std::vector<Contour> contours = shape.contours;
        for (auto& contour : contours)
          for (auto& p : contour) p = map(p);
        canvas.polygon(contours, shape.colour);
        break;
      }
      case Kind::Capsule:
        canvas.capsule(map(shape.a), map(shape.b), shape.radius * scale, shape.colour);
        break;
    }
  }
}

Contour ellipseArc(Point centre, float rx, float ry, float from, float to, int steps) {
  Contour points;
  points.reserve(static_cast<std::size_t>(steps) + 1);
  for (int i = 0; i <= steps; ++i) {
    const float t = from + (to - from) * static_cast<float>(i) / static_cast<float>(steps);
    points.push_back({centre.x + rx * std::cos(t), centre.y + ry * std::sin(t)});
  }
  return points;
}

}  // namespace vl::core
