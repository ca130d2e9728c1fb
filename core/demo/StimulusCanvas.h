#pragma once
// A tiny anti-aliased rasteriser for the stimulus bank (core has no Qt, and the bank must be byte-identical
// everywhere, so we draw ourselves). Coverage comes from a signed distance to the shape's edge in pixels:
// coverage = clamp(0.5 - distance, 0, 1), one pixel of smooth edge, exact for straight edges.
// StimulusDrawing records shapes in its own coordinates so that an item (a face, a cup, a word) can be scaled
// and moved to fill a given box: the box then is, by construction, the item's true centre and size.
#include <cstdint>
#include <vector>

#include "core/model/Stimulus.h"

namespace vl::core {

struct Rgb {
  float r = 0, g = 0, b = 0;
};
inline Rgb mix(Rgb a, Rgb b, float t) { return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }
inline Rgb scaled(Rgb a, float k) { return {a.r * k, a.g * k, a.b * k}; }
inline float luminance(Rgb c) { return 0.299f * c.r + 0.587f * c.g + 0.114f * c.b; }

struct Point {
  float x = 0, y = 0;
};
using Contour = std::vector<Point>;

struct Box {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
};

// Pixel coordinates: x right, y down, pixel (i, j) covers [i, i+1) x [j, j+1), colours linear in [0, 1].
class StimulusCanvas {
public:
  StimulusCanvas(int width, int height);
  int width() const { return width_; }
  int height() const { return height_; }

  void fill(Rgb colour);
  // Colour ramps over the whole image along the direction `angle` (radians, 0 = left to right, pi/2 = top down).
  void linearGradient(Rgb from, Rgb to, float angle);
  void radialGradient(Point centre, float radius, Rgb inner, Rgb outer);
  void ellipse(Point centre, float rx, float ry, float angle, Rgb colour, float alpha = 1);
  // Even-odd fill of one or more closed contours (holes are contours inside contours).
  void polygon(const std::vector<Contour>& contours, Rgb colour, float alpha = 1);
  void polygon(const Contour& contour, Rgb colour, float alpha = 1) { polygon(std::vector<Contour>{contour}, colour, alpha); }
  // A line with round caps: every point within `radius` of the segment.
  void capsule(Point a, Point b, float radius, Rgb colour, float alpha = 1);

  Rgb at(int x, int y) const;
  void set(int x, int y, Rgb colour);
  StimulusImage toImage() const;  // rounds to 8 bits, clamped

private:
  void blend(int x, int y, float coverage, Rgb colour);
  template <typename Distance>
  void cover(Box bounds, Rgb colour, float alpha, Distance&& signedDistance);

  int width_, height_;
  std::vector<float> rgb_;
};

// Shapes in the item's own coordinates (any unit, y down), rendered later into a box on a canvas.
class StimulusDrawing {
public:
  void ellipse(Point centre, float rx, float ry, Rgb colour, float angle = 0);
  void polygon(Contour contour, Rgb colour);
  void polygon(std::vector<Contour> contours, Rgb colour);  // even-odd, for rings and holes
  void ring(Point centre, float outer, float inner, Rgb colour, float ry_scale = 1);
  void line(Point a, Point b, float width, Rgb colour);
  void polyline(const Contour& points, float width, Rgb colour);
  // The drawing turned by `angle` radians about the origin (for tilted items).
  void rotate(float angle);

  bool empty() const { return shapes_.empty(); }
  Box bounds() const;
  // Scales uniformly so that the larger side of bounds() is `extent` pixels and its centre lands on `centre`.
  void render(StimulusCanvas& canvas, Point centre, float extent) const;

private:
  enum class Kind { Ellipse, Polygon, Capsule };
  struct Shape {
    Kind kind;
    std::vector<Contour> contours;  // polygon
    Point a, b;                     // ellipse centre (a) / capsule ends
    float rx = 0, ry = 0, angle = 0, radius = 0;
    Rgb colour;
  };
  std::vector<Shape> shapes_;
};

// Points on an ellipse arc, from angle `from` to `to` (radians, y down so positive angles go clockwise on screen).
Contour ellipseArc(Point centre, float rx, float ry, float from, float to, int steps);

}  // namespace vl::core
