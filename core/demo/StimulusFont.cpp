#include "core/demo/StimulusFont.h"

#include <array>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

namespace vl::core {
namespace {
// Each glyph: polylines separated by ';', points "x,y" separated by spaces, on a grid 4 wide and 6 tall.
constexpr std::array<const char*, 26> kGlyphs = {
    "0,6 2,0 4,6;1,3.6 3,3.6",                                            // A
    "0,6 0,0 3,0 4,0.8 4,2.2 3,3 0,3;3,3 4,3.8 4,5.2 3,6 0,6",            // B
    "4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5",                                    // C
    "0,0 0,6 2.4,6 4,4.4 4,1.6 2.4,0 0,0",                                // D
    "4,0 0,0 0,6 4,6;0,3 3,3",                                            // E
    "4,0 0,0 0,6;0,3 3,3",                                                // F
    "4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5 4,3.4 2.2,3.4",                      // G
    "0,0 0,6;4,0 4,6;0,3 4,3",                                            // H
    "1,0 3,0;2,0 2,6;1,6 3,6",                                            // I
    "4,0 4,5 3,6 1,6 0,5",                                                // J
    "0,0 0,6;4,0 0,4;1.3,2.7 4,6",                                        // K
    "0,0 0,6 4,6",                                                        // L
    "0,6 0,0 2,3 4,0 4,6",                                                // M
    "0,6 0,0 4,6 4,0",                                                    // N
    "1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0",                                // O
    "0,6 0,0 3,0 4,1 4,2 3,3 0,3",                                        // P
    "1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0;2.5,4.5 4,6",                    // Q
    "0,6 0,0 3,0 4,1 4,2 3,3 0,3;2,3 4,6",                                // R
    "4,1 3,0 1,0 0,1 0,2 1,3 3,3 4,4 4,5 3,6 1,6 0,5",                    // S
    "0,0 4,0;2,0 2,6",                                                    // T
    "0,0 0,5 1,6 3,6 4,5 4,0",                                            // U
    "0,0 2,6 4,0",                                                        // V
    "0,0 1,6 2,2 3,6 4,0",                                                // W
    "0,0 4,6;4,0 0,6",                                                    // X
    "0,0 2,3 4,0;2,3 2,6",                                                // Y
    "0,0 4,0 0,6 4,6",                                                    // Z
};

std::vector<Contour> parseGlyph(const char* text) {
  std::vector<Contour> strokes(1);
  const char* p = text;
  while (*p) {
    if (*p == ';') {
      strokes.emplace_back();
      ++p;
    } else if (*p == ' ') {
      ++p;
    } else {
      char* end = nullptr;
      const float x = std::strtof(p, &end);
      const float y = std::strtof(end + 1, &end);  // skip the comma
      strokes.back().push_back({x, y});
      p = end;
    }
  }
  return strokes;
}

const std::vector<std::vector<Contour>>& glyphs() {
  static const auto parsed = [] {
    std::vector<std::vector<Contour>> all;
    for (const char* g : kGlyphs) all.push_back(parseGlyph(g));
    return all;
  }();
  return parsed;
}
}  // namespace

float appendText(StimulusDrawing& drawing, std::string_view text, float letterHeight, float strokeWidth, Rgb colour) {
  const float unit = letterHeight / 6.0f;
  const float advance = 5.6f * unit;  // 4 wide plus spacing
  float x = 0;
  for (char c : text) {
    const int letter = std::tolower(static_cast<unsigned char>(c)) - 'a';
    if (letter >= 0 && letter < 26) {
      for (const auto& stroke : glyphs()[static_cast<std::size_t>(letter)]) {
        Contour placed;
        for (const auto& p : stroke) placed.push_back({x + p.x * unit, p.y * unit});
        if (placed.size() == 1) placed.push_back(placed.front());
        drawing.polyline(placed, strokeWidth, colour);
      }
    }
    x += advance;
  }
  return x - (advance - 4 * unit);
}

}  // namespace vl::core
