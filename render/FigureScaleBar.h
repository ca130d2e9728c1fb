#pragma once
// A scale bar on a brain view: a line of a round length in mm with its length written above it, as vectors. It means
// something only where one mm is the same number of pixels everywhere in the view: surfaces in mm (white, pial,
// midthickness) under an orthographic camera. Inflated, sphere and flat surfaces are not in mm of cortex, and a
// perspective camera shrinks what is farther away; figures leave the bar off there.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/Surface.h"
#include "render/CameraState.h"
#include "render/FigureItem.h"

namespace vl::render {

// Pixels per mm in a view `viewHeight` pixels high seen through `camera`; nullopt when that is not one number for
// the whole view (a perspective camera) or any shown surface is not in mm of cortex.
std::optional<double> pixelsPerMm(const CameraState& camera, int viewHeight,
                                  const std::vector<core::SurfaceKind>& shownSurfaces);

// The longest round length (1, 2 or 5 times a power of ten, in mm) whose bar is at most `maxPixels` long.
double scaleBarLengthMm(double pixelsPerMm, double maxPixels);

// Where in a rendered view a box of `width` x `height` pixels hides the least of the brain: the bottom-left,
// bottom-right or top-right corner (`margin` pixels in), whichever covers the fewest pixels that are not background
// (alpha 0, or the background colour when the image is opaque); ties go in that order. The top-left corner holds the
// panel letter. Returns the box's top-left point in the image's pixels.
std::pair<double, double> clearestCorner(const RenderedImage& image, const Rgb& background, double width,
                                         double height, double margin);

class FigureScaleBar : public FigureItem {
public:
  // The bar's left end at (x, y), `lengthMm` long at `pixelsPerMm`; its label centred above it.
  FigureScaleBar(double lengthMm, double pixelsPerMm, double x, double y, double fontSize, Rgb colour);
  void draw(FigureCanvas& canvas) const override;
  double lengthPixels() const { return lengthMm_ * pixelsPerMm_; }
  std::string label() const;  // e.g. "10 mm"

private:
  double lengthMm_, pixelsPerMm_, x_, y_, fontSize_;
  Rgb colour_;
};

}  // namespace vl::render
