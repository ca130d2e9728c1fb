#include "render/FigureOptions.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace vl::render {

FigureFormat figureFormatFor(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (extension == ".png") return FigureFormat::Png;
  if (extension == ".svg") return FigureFormat::Svg;
  if (extension == ".pdf") return FigureFormat::Pdf;
  throw std::invalid_argument(file.string() + ": unknown figure format '" + extension +
                              "' (expected .png, .svg or .pdf)");
}

const char* toString(FigureFormat format) {
  switch (format) {
    case FigureFormat::Png: return "PNG";
    case FigureFormat::Svg: return "SVG";
    case FigureFormat::Pdf: return "PDF";
  }
  return "?";
}

}  // namespace vl::render
