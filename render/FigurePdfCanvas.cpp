#include "render/FigurePdfCanvas.h"

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace vl::render {

namespace {
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  std::string out = text;
  while (out.size() > 1 && out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

std::string colour(const Rgb& c) { return number(c[0]) + " " + number(c[1]) + " " + number(c[2]); }

std::string deflate(const std::string& data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                static_cast<uLong>(data.size()), 6) != Z_OK)
    throw std::runtime_error("PDF writing failed: zlib could not compress an image");
  out.resize(size);
  return out;
}

// Helvetica and Helvetica-Bold advance widths for the characters 32..126 (Adobe's AFM files).
constexpr short kRegular[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};
constexpr short kBold[95] = {
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584};

std::string asciiOnly(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // continuation bytes of a UTF-8 character: one '?' for the character
    out += (c >= 32 && c < 127) ? char(c) : '?';
  }
  return out;
}
}  // namespace

double helveticaWidth(const std::string& text, bool bold) {
  double width = 0;
  for (unsigned char c : asciiOnly(text)) width += (bold ? kBold : kRegular)[c - 32];
  return width;
}

std::string pdfString(const std::string& text) {
  std::string out = "(";
  for (unsigned char c : text) {
    if (c == '\\' || c == '(' || c == ')') {
      out += '\\';
      out += char(c);
    } else if (c < 32 || c > 126) {
      char octal[6];
      std::snprintf(octal, sizeof octal, "\\%03o", c);
      out += octal;
    } else {
      out += char(c);
    }
  }
  return out + ")";
}

FigurePdfCanvas::FigurePdfCanvas(int width, int height, int dpi, Rgb background, bool transparent)
    : scale_(72.0 / dpi), pageWidth_(width * 72.0 / dpi), pageHeight_(height * 72.0 / dpi) {
  if (!transparent)
    content_ += colour(background) + " rg 0 0 " + number(pageWidth_) + " " + number(pageHeight_) + " re f\n";
}

void FigurePdfCanvas::drawImage(const RenderedImage& image, const FigureRect& where) {
  const std::size_t pixels = static_cast<std::size_t>(image.width) * image.height;
  const std::string name = "Im" + std::to_string(++imageCount_);
  std::string dictionary = "<< /Type /XObject /Subtype /Image /Width " + std::to_string(image.width) + " /Height " +
                           std::to_string(image.height) + " /ColorSpace /DeviceRGB /BitsPerComponent 8";
  const std::string data = deflate(std::string(reinterpret_cast<const char*>(image.rgb.data()), pixels * 3));
  // A soft mask is the image entry right after its image; document() gives it the next object number.
  if (!image.alpha.empty()) dictionary += " /SMask NEXT";
  images_.push_back(dictionary + " /Filter /FlateDecode /Length " + std::to_string(data.size()) + " >>\nstream\n" +
                    data + "\nendstream");
  if (!image.alpha.empty()) {
    const std::string mask = deflate(std::string(reinterpret_cast<const char*>(image.alpha.data()), pixels));
    images_.push_back("<< /Type /XObject /Subtype /Image /Width " + std::to_string(image.width) + " /Height " +
                      std::to_string(image.height) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"
                      " /Length " + std::to_string(mask.size()) + " >>\nstream\n" + mask + "\nendstream");
  }
  content_ += "q " + number(px(where.width)) + " 0 0 " + number(where.height * scale_) + " " + number(px(where.x)) +
              " " + number(py(where.y + where.height)) + " cm /" + name + " Do Q\n";
}

void FigurePdfCanvas::fillRect(const FigureRect& where, const Rgb& c, float) {
  content_ += colour(c) + " rg " + number(px(where.x)) + " " + number(py(where.y + where.height)) + " " +
              number(where.width * scale_) + " " + number(where.height * scale_) + " re f\n";
}

void FigurePdfCanvas::strokeRect(const FigureRect& where, const Rgb& c, double lineWidth) {
  content_ += colour(c) + " RG " + number(lineWidth * scale_) + " w " + number(px(where.x)) + " " +
              number(py(where.y + where.height)) + " " + number(where.width * scale_) + " " +
              number(where.height * scale_) + " re S\n";
}

void FigurePdfCanvas::drawLine(double x0, double y0, double x1, double y1, const Rgb& c, double lineWidth) {
  content_ += colour(c) + " RG " + number(lineWidth * scale_) + " w " + number(px(x0)) + " " + number(py(y0)) + " m " +
              number(px(x1)) + " " + number(py(y1)) + " l S\n";
}

void FigurePdfCanvas::drawText(const std::string& text, double x, double baseline, const TextStyle& style) {
  const std::string ascii = asciiOnly(text);
  const double size = style.size * scale_;
  double left = px(x);
  const double width = helveticaWidth(ascii, style.bold) / 1000.0 * size;
  if (style.anchor == TextAnchor::Middle) left -= width / 2;
  else if (style.anchor == TextAnchor::End) left -= width;
  content_ += "BT /" + std::string(style.bold ? "F2 " : "F1 ") + number(size) + " Tf " + colour(style.colour) +
              " rg " + number(left) + " " + number(py(baseline)) + " Td " + pdfString(ascii) + " Tj ET\n";
}

std::string FigurePdfCanvas::document(const std::vector<std::pair<std::string, std::string>>& info) const {
  // Objects: 1 catalog, 2 pages, 3 page, 4 content, 5 and 6 fonts, 7 info, 8... images (soft masks follow theirs).
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  std::string xobjects;
  int imageNumber = 0;
  for (std::size_t i = 0; i < images_.size(); ++i) {
    if (i > 0 && images_[i - 1].find("/SMask NEXT") != std::string::npos) continue;  // a soft mask
    xobjects += " /Im" + std::to_string(++imageNumber) + " " + std::to_string(8 + i) + " 0 R";
  }
  objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + number(pageWidth_) + " " + number(pageHeight_) +
                    "] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> /XObject <<" + xobjects +
                    " >> >> /Contents 4 0 R >>");
  objects.push_back("<< /Length " + std::to_string(content_.size()) + " >>\nstream\n" + content_ + "endstream");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  std::string infoDictionary = "<<";
  for (const auto& [key, value] : info) infoDictionary += " /" + key + " " + pdfString(value);
  objects.push_back(infoDictionary + " >>");
  for (std::size_t i = 0; i < images_.size(); ++i) {
    std::string image = images_[i];
    const auto next = image.find("/SMask NEXT");
    if (next != std::string::npos) image.replace(next, 11, "/SMask " + std::to_string(8 + i + 1) + " 0 R");
    objects.push_back(image);
  }

  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info 7 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace vl::render
