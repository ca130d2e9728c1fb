#include "render/FigureSvgCanvas.h"

#include <cmath>
#include <cstdio>

#include "core/io/Base64.h"
#include "render/FigurePng.h"

namespace vl::render {

namespace {
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string out = text;
  while (out.size() > 1 && out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

std::string colourText(const Rgb& colour) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", int(std::lround(colour[0] * 255)),
                int(std::lround(colour[1] * 255)),
                int(std::lround(colour[2] * 255)));
  return text;
}
}  // namespace

std::string escapeXml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

FigureSvgCanvas::FigureSvgCanvas(int width, int height, int dpi, Rgb background, bool transparent)
    : width_(width), height_(height), dpi_(dpi) {
  if (!transparent)
    body_ += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
             "\" fill=\"" + colourText(background) + "\"/>\n";
}

void FigureSvgCanvas::drawImage(const RenderedImage& image, const FigureRect& where) {
  const std::string png = encodePng(image);
  body_ += "<image x=\"" + number(where.x) + "\" y=\"" + number(where.y) + "\" width=\"" + number(where.width) +
           "\" height=\"" + number(where.height) + "\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,";
  core::appendBase64(body_, png.data(), png.size());
  body_ += "\"/>\n";
}

void FigureSvgCanvas::fillRect(const FigureRect& where, const Rgb& colour, float opacity) {
  body_ += "<rect x=\"" + number(where.x) + "\" y=\"" + number(where.y) + "\" width=\"" + number(where.width) +
           "\" height=\"" + number(where.height) + "\" fill=\"" + colourText(colour) + "\"";
  if (opacity < 1.0f) body_ += " fill-opacity=\"" + number(opacity) + "\"";
  body_ += "/>\n";
}

void FigureSvgCanvas::strokeRect(const FigureRect& where, const Rgb& colour, double lineWidth) {
  body_ += "<rect x=\"" + number(where.x) + "\" y=\"" + number(where.y) + "\" width=\"" + number(where.width) +
           "\" height=\"" + number(where.height) + "\" fill=\"none\" stroke=\"" + colourText(colour) +
           "\" stroke-width=\"" + number(lineWidth) + "\"/>\n";
}

void FigureSvgCanvas::drawLine(double x0, double y0, double x1, double y1, const Rgb& colour, double lineWidth) {
  body_ += "<line x1=\"" + number(x0) + "\" y1=\"" + number(y0) + "\" x2=\"" + number(x1) + "\" y2=\"" + number(y1) +
           "\" stroke=\"" + colourText(colour) + "\" stroke-width=\"" + number(lineWidth) + "\"/>\n";
}

void FigureSvgCanvas::drawText(const std::string& text, double x, double baseline, const TextStyle& style) {
  const char* anchor = style.anchor == TextAnchor::Start    ? "start"
                       : style.anchor == TextAnchor::Middle ? "middle"
                                                            : "end";
  body_ += "<text x=\"" + number(x) + "\" y=\"" + number(baseline) +
           "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"" + number(style.size) + "\" text-anchor=\"" +
           anchor + "\" fill=\"" + colourText(style.colour) + "\"" + (style.bold ? " font-weight=\"bold\"" : "") +
           ">" + escapeXml(text) + "</text>\n";
}

std::string FigureSvgCanvas::document(const std::string& metadata) const {
  const double inchesWide = double(width_) / dpi_, inchesHigh = double(height_) / dpi_;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + number(inchesWide * 72.0) +
         "pt\" height=\"" + number(inchesHigh * 72.0) + "pt\" viewBox=\"0 0 " + std::to_string(width_) + " " +
         std::to_string(height_) + "\">\n";
  out += "<metadata id=\"voxellens-provenance\">" + escapeXml(metadata) + "</metadata>\n";
  out += body_;
  out += "</svg>\n";
  return out;
}

}  // namespace vl::render
