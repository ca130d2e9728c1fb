#pragma once
// The figure's colour bar: the top visible scalar layer's map drawn through the same value -> colour rules as the
// surfaces (VertexColours mapValue), so bar and brains agree; hidden values (below threshold, the symmetric gap)
// are left blank. Labelled ticks at round values, the layer's name as title and its units under it. Vertical, at
// the figure's right edge.
#include <string>
#include <vector>

#include "core/model/LayerDisplay.h"
#include "render/FigureItem.h"

namespace vl::render {

// Round tick values covering [low, high] (about `wanted` of them, steps of 1, 2 or 5 times a power of ten).
std::vector<double> colourBarTicks(double low, double high, int wanted = 5);
// A tick's label: as few digits as the step needs ("0.5", "-2", "1e+04").
std::string formatTick(double value, double step);

class FigureColourBar : public FigureItem {
public:
  FigureColourBar(core::LayerDisplay display, std::string title, std::string units, FigureRect bar, double fontSize,
                  Rgb textColour);
  void draw(FigureCanvas& canvas) const override;
  const std::vector<double>& ticks() const { return ticks_; }
  static constexpr int kSteps = 128;  // colour steps along the bar

private:
  core::LayerDisplay display_;
  std::string title_, units_;
  FigureRect bar_;
  double fontSize_;
  Rgb textColour_;
  double low_, high_;
  std::vector<double> ticks_;
};

}  // namespace vl::render
