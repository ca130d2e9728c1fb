#pragma once
// PNG encoding (8-bit RGB, or RGBA when the image has alpha) with tEXt chunks for metadata such as the provenance
// JSON. Written here rather than through VTK's writer so that figures carry their text chunks and SVG can embed the
// same bytes.
#include <string>
#include <utility>
#include <vector>

#include "render/OffscreenRenderer.h"

namespace vl::render {

// The whole PNG file. Keys are 1..79 Latin-1 characters (PNG's rule); throws std::invalid_argument otherwise.
std::string encodePng(const RenderedImage& image, const std::vector<std::pair<std::string, std::string>>& text = {});

// The tEXt chunks of a PNG file (for tests and `voxellens info`); throws std::invalid_argument when `png` is not one.
std::vector<std::pair<std::string, std::string>> pngTextChunks(const std::string& png);

}  // namespace vl::render
