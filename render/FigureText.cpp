#include "render/FigureText.h"

namespace vl::render {

std::string panelLetter(std::size_t index) {
  std::string letters;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), char('A' + (n - 1) % 26));
  return letters;
}

}  // namespace vl::render
