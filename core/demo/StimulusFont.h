#pragma once
// Our own stroke font for the word stimuli: capital letters A-Z as polylines on a 4 x 6 grid (y down), drawn
// with round-capped strokes, so text scales smoothly to any size without a font file.
#include <string_view>

#include "core/demo/StimulusCanvas.h"

namespace vl::core {

// Appends `text` (letters a-z/A-Z; anything else becomes a space) to `drawing`, starting at x = 0 with letters
// `letterHeight` tall and the given stroke width. Returns the x after the last letter.
float appendText(StimulusDrawing& drawing, std::string_view text, float letterHeight, float strokeWidth, Rgb colour);

}  // namespace vl::core
