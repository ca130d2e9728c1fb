#include "render/FigureColourBar.h"

#include <cmath>
#include <algorithm>
#include <cstdio>

#include "render/VertexColours.h"

namespace vl::render {

std::vector<double> colourBarTicks(double low, double high, int wanted) {
  if (!(high > low) || !std::isfinite(low) || !std::isfinite(high)) return {low};
  const auto ticksWith = [&](double step) {
    std::vector<double> ticks;
    const double first = std::ceil(low / step - 1e-9) * step;
    for (int i = 0;; ++i) {
      const double value = first + i * step;  // not accumulated: 0.1 + 0.1 + 0.1 drifts
      if (value > high + step * 1e-9) break;
      ticks.push_back(std::abs(value) < step * 1e-9 ? 0.0 : value);
    }
    return ticks;
  };
  // Steps of 1, 2 or 5 times a power of ten: the one whose tick count is nearest `wanted` (more ticks on a tie).
  const double power = std::pow(10.0, std::floor(std::log10((high - low) / std::max(1, wanted - 1))));
  std::vector<double> best;
  for (double scale : {0.1, 1.0, 10.0})
    for (double factor : {1.0, 2.0, 5.0}) {
      auto ticks = ticksWith(factor * scale * power);
      const auto distance = [&](const std::vector<double>& t) { return std::abs(int(t.size()) - wanted); };
      if (ticks.size() >= 2 && (best.empty() || distance(ticks) < distance(best) ||
                                (distance(ticks) == distance(best) && ticks.size() > best.size())))
        best = std::move(ticks);
    }
  return best.empty() ? std::vector<double>{low, high} : best;
}

std::string formatTick(double value, double step) {
  char text[32];
  const double magnitude = std::max(std::abs(value), std::abs(step));
  if (magnitude >= 1e5 || (magnitude > 0 && magnitude < 1e-3)) {
    std::snprintf(text, sizeof text, "%.2g", value);
    return text;
  }
  const int decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  std::string out = text;
  if (out == "-0") out = "0";
  return out;
}

FigureColourBar::FigureColourBar(core::LayerDisplay display, std::string title, std::string units, FigureRect bar,
                                 double fontSize, Rgb textColour)
    : display_(std::move(display)), title_(std::move(title)), units_(std::move(units)), bar_(bar),
      fontSize_(fontSize), textColour_(textColour) {
  std::tie(low_, high_) = colourBarRange(display_);
  ticks_ = colourBarTicks(low_, high_);
}

void FigureColourBar::draw(FigureCanvas& canvas) const {
  const ColourMap& map = colourMap(display_.colourMap);
  const double stepHeight = bar_.height / kSteps;
  for (int i = 0; i < kSteps; ++i) {
    const double value = low_ + (i + 0.5) / kSteps * (high_ - low_);
    const Rgba colour = mapValue(value, display_, map);
    if (colour[3] <= 0.0f) continue;  // hidden by the threshold: the bar shows a gap, as the surface does
    // Bottom = low. Each step reaches half a step into the one below it (drawn before), so that antialiasing
    // vector viewers show no seams between them at any zoom.
    const double top = bar_.y + bar_.height - (i + 1) * stepHeight;
    const double overlap = i > 0 ? stepHeight * 0.5 : 0.0;
    canvas.fillRect({bar_.x, top, bar_.width, stepHeight + overlap}, {colour[0], colour[1], colour[2]});
  }
  const double line = std::max(1.0, fontSize_ / 12.0);
  canvas.strokeRect(bar_, textColour_, line);
  const double tickLength = fontSize_ * 0.4;
  const double step = ticks_.size() > 1 ? ticks_[1] - ticks_[0] : std::max(std::abs(high_ - low_), 1e-12);
  TextStyle label{fontSize_, TextAnchor::Start, textColour_, false};
  for (double tick : ticks_) {
    const double y = bar_.y + bar_.height * (1.0 - (tick - low_) / (high_ - low_));
    canvas.drawLine(bar_.x + bar_.width, y, bar_.x + bar_.width + tickLength, y, textColour_, line);
    canvas.drawText(formatTick(tick, step), bar_.x + bar_.width + tickLength * 1.5, y + fontSize_ * 0.35, label);
  }
  TextStyle title{fontSize_ * 1.1, TextAnchor::Start, textColour_, true};
  const double titleBaseline = bar_.y - fontSize_ * (units_.empty() ? 0.8 : 2.0);
  canvas.drawText(title_, bar_.x, titleBaseline, title);
  if (!units_.empty()) canvas.drawText(units_, bar_.x, bar_.y - fontSize_ * 0.7, label);
}

}  // namespace vl::render
