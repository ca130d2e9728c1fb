#include "render/ColourBarManager.h"

#include <vtkLookupTable.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "render/VertexColours.h"

namespace vl::render {

const core::LayerEntry* topVisibleScalarLayer(const core::Study& study) {
  const auto& layers = study.layers();
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    const auto& display = it->display;
    if (it->data->kind != core::LayerKind::Scalar || !display.visible || display.opacity <= 0) continue;
    if (it->data->values[0].empty() && it->data->values[1].empty()) continue;
    return &*it;
  }
  return nullptr;
}

namespace {
// Characters, not bytes: "R²" is two characters of three UTF-8 bytes.
std::size_t characterCount(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}
}  // namespace

std::string wrapColourBarTitle(const std::string& name, std::size_t width) {
  std::string wrapped, line, word;
  std::istringstream words(name);
  while (words >> word) {
    if (!line.empty() && characterCount(line) + 1 + characterCount(word) > width) {
      wrapped += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return wrapped + line;
}

ColourBarManager::ColourBarManager(vtkRenderer* renderer) : renderer_(renderer) {
  table_->SetNumberOfTableValues(kTableSize);
  actor_->SetLookupTable(table_);
  actor_->SetOrientationToVertical();
  actor_->SetMaximumNumberOfColors(kTableSize);  // one band per table entry: thresholds land where they are
  actor_->SetNumberOfLabels(5);
  actor_->SetLabelFormat("%.3g");  // "104", "0.25", "-1e+03": no trailing point
  actor_->UseOpacityOn();  // hidden (transparent) entries show as gaps over a checkerboard
  actor_->DrawFrameOff();
  // Right edge of the view, clear of the hemispheres that the camera frames in the middle.
  actor_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  actor_->GetPositionCoordinate()->SetValue(0.86, 0.12);
  actor_->SetWidth(0.08);
  actor_->SetHeight(0.6);
  actor_->SetUnconstrainedFontSize(true);  // text sized in points, not stretched to the bar's box
  actor_->SetBarRatio(0.35);
  for (auto* text : {actor_->GetTitleTextProperty(), actor_->GetLabelTextProperty()}) {
    text->SetFontFamilyToArial();
    text->ShadowOff();
    text->BoldOff();
    text->ItalicOff();
    text->SetFontSize(14);
  }
  setBackground({1.0f, 1.0f, 1.0f});
  actor_->VisibilityOff();
  renderer_->AddViewProp(actor_);
}

ColourBarManager::~ColourBarManager() { renderer_->RemoveViewProp(actor_); }

void ColourBarManager::update(const core::Study& study) {
  const auto* layer = topVisibleScalarLayer(study);
  const ColourMap* map = nullptr;
  if (layer) {
    try {
      map = &colourMap(layer->display.colourMap);
    } catch (const std::invalid_argument&) {
      map = nullptr;  // an unknown map draws nothing on the surface either (composeVertexColours throws)
    }
  }
  if (!map) {
    hide();
    return;
  }
  const auto& display = layer->display;
  const auto [low, high] = colourBarRange(display);
  table_->SetRange(low, high);
  // Each entry is the colour of the value at its centre; the bar shows the map unblended (alpha 1) and the
  // values the surface hides as transparent.
  for (int i = 0; i < kTableSize; ++i) {
    const double value = low + (high - low) * (i + 0.5) / kTableSize;
    const Rgba c = mapValue(value, display, *map);
    table_->SetTableValue(i, c[0], c[1], c[2], c[3] > 0 ? 1.0 : 0.0);
  }
  table_->Modified();
  actor_->SetTitle(wrapColourBarTitle(layer->data->name).c_str());
  actor_->Modified();
  actor_->VisibilityOn();
  shown_ = layer->id;
}

void ColourBarManager::hide() {
  actor_->VisibilityOff();
  shown_.reset();
}

void ColourBarManager::setBackground(const Rgb& background) {
  const double luminance = 0.2126 * background[0] + 0.7152 * background[1] + 0.0722 * background[2];
  const double ink = luminance > 0.5 ? 0.0 : 1.0;
  actor_->GetTitleTextProperty()->SetColor(ink, ink, ink);
  actor_->GetLabelTextProperty()->SetColor(ink, ink, ink);
}

bool ColourBarManager::isVisible() const { return actor_->GetVisibility() != 0; }

}  // namespace vl::render
