#pragma once
// What the figure tests share: reading the files a figure export writes (PNG pixels, SVG elements and text) and a
// two-sphere scene (lh.white / rh.white) with a map on the left sphere.
#include <expat.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPointData.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/geometry/Icosphere.h"
#include "core/io/FreeSurferCurv.h"
#include "core/io/FreeSurferSurface.h"
#include "core/scene/SceneDocument.h"
#include "tests/support/TempDir.h"

namespace vl::fixtures::figures {
namespace fs = std::filesystem;

inline std::string readAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Pixels {
  int width = 0, height = 0, components = 0;
  std::vector<unsigned char> data;
};

inline Pixels readPng(const fs::path& file) {
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(file.c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  Pixels out;
  int dims[3];
  image->GetDimensions(dims);
  out.width = dims[0];
  out.height = dims[1];
  out.components = image->GetNumberOfScalarComponents();
  auto* scalars = image->GetPointData()->GetScalars();
  if (!scalars) return out;
  const auto* bytes = static_cast<const unsigned char*>(scalars->GetVoidPointer(0));
  out.data.assign(bytes, bytes + std::size_t(out.width) * out.height * out.components);
  return out;
}

// Mean absolute difference per channel (0..255): software GL may differ slightly between runs and contexts.
inline double meanDifference(const Pixels& a, const Pixels& b) {
  if (a.width != b.width || a.height != b.height || a.components != b.components || a.data.empty()) return 255;
  double sum = 0;
  for (std::size_t i = 0; i < a.data.size(); ++i) sum += std::abs(int(a.data[i]) - int(b.data[i]));
  return sum / double(a.data.size());
}

// Two spheres written as lh.white / rh.white and a map on the left one (its x coordinate + 60, so 0 at the
// sphere's centre plane and about +-50 at its sides).
struct SphereFiles {
  vl::fixtures::TempDir dir;
  fs::path left, right, map;
  SphereFiles() {
    left = dir.path / "lh.white";
    right = dir.path / "rh.white";
    map = dir.path / "lh.xmap";
    const auto lh = vl::core::makeIcosphere(3, 50.0f, {-60, 0, 0}, vl::core::Hemisphere::Left);
    const auto rh = vl::core::makeIcosphere(3, 50.0f, {60, 0, 0}, vl::core::Hemisphere::Right);
    vl::core::writeFreeSurferSurface(left, lh);
    vl::core::writeFreeSurferSurface(right, rh);
    std::vector<float> values;
    for (const auto& v : lh.vertices) values.push_back(v[0] + 60.0f);
    vl::core::writeFreeSurferCurv(map, values);
  }
  vl::core::SceneDocument scene() const {
    vl::core::SceneDocument scene;
    scene.surfaceFiles = {left};
    vl::core::SceneLayer layer;
    layer.name = "x position";
    layer.file = map;
    layer.colourMap = "hot";
    layer.units = "mm";
    layer.rangeLow = 0;
    layer.rangeHigh = 40;
    layer.threshold = 5;
    scene.layers.push_back(layer);
    return scene;
  }
};

// Collects the character data of every <text> element and the element names of an SVG document.
struct SvgContent {
  std::vector<std::string> texts;
  std::size_t rects = 0, images = 0, metadata = 0;
  std::string metadataText;
  bool inText = false, inMetadata = false;
};

inline bool parseSvg(const std::string& document, SvgContent& content) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &content);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char**) {
        auto& c = *static_cast<SvgContent*>(data);
        const std::string element = name;
        if (element == "text") {
          c.texts.emplace_back();
          c.inText = true;
        }
        c.rects += element == "rect";
        c.images += element == "image";
        if (element == "metadata") {
          ++c.metadata;
          c.inMetadata = true;
        }
      },
      [](void* data, const XML_Char*) {
        auto& c = *static_cast<SvgContent*>(data);
        c.inText = false;
        c.inMetadata = false;
      });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int length) {
    auto& c = *static_cast<SvgContent*>(data);
    if (c.inText) c.texts.back().append(text, std::size_t(length));
    if (c.inMetadata) c.metadataText.append(text, std::size_t(length));
  });
  const bool ok = XML_Parse(parser, document.data(), int(document.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(parser);
  return ok;
}

}  // namespace vl::fixtures::figures
