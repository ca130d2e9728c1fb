#include "render/FigureText.h"

#include <sstream>

#include "render/FigurePdfCanvas.h"

namespace vl::render {

std::string panelLetter(std::size_t index) {
  std::string letters;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), char('A' + (n - 1) % 26));
  return letters;
}

std::vector<std::string> wrapText(const std::string& text, double width, double size, bool bold) {
  const auto pixels = [&](const std::string& line) { return helveticaWidth(line, bold) / 1000.0 * size * 1.15; };
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string word; in >> word;) {
    if (!lines.empty() && pixels(lines.back() + " " + word) <= width) lines.back() += " " + word;
    else lines.push_back(word);
  }
  return lines;
}

}  // namespace vl::render
