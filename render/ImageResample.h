#pragma once
// Scales an image to another size: each output pixel averages bilinear samples spread over the source pixels it
// covers, so shrinking does not alias and growing does not show blocks. For bank images in figures, drawn at the
// size of their place (the PNG keeps those pixels; SVG and PDF embed them at that resolution).
#include "render/OffscreenRenderer.h"

namespace vl::render {

// Throws std::invalid_argument for an empty image or a size below 1.
RenderedImage resampleImage(const RenderedImage& image, int width, int height);

}  // namespace vl::render
