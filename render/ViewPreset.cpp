#include "render/ViewPreset.h"

namespace vl::render {
namespace {
struct ViewName { View view; const char* name; };
constexpr ViewName kViews[] = {{View::Lateral, "lateral"},   {View::Medial, "medial"},    {View::Dorsal, "dorsal"},
                               {View::Ventral, "ventral"},   {View::Anterior, "anterior"}, {View::Posterior, "posterior"},
                               {View::Occipital, "occipital"}};
bool needsSide(View view) { return view == View::Lateral || view == View::Medial; }
}  // namespace

std::array<double, 3> ViewPreset::cameraDirection() const {
  const bool left = hemisphere.value_or(core::Hemisphere::Left) == core::Hemisphere::Left;
  switch (view) {
    case View::Lateral: return {left ? -1.0 : 1.0, 0, 0};
    case View::Medial: return {left ? 1.0 : -1.0, 0, 0};
    case View::Dorsal: return {0, 0, 1};
    case View::Ventral: return {0, 0, -1};
    case View::Anterior: return {0, 1, 0};
    case View::Posterior: return {0, -1, 0};
    case View::Occipital: return {0, -1, -0.7};  // tan(35 degrees) = 0.7
  }
  return {-1, 0, 0};
}

std::array<double, 3> ViewPreset::viewUp() const {
  // Dorsal and ventral views put the frontal pole at the top, as in Workbench and Freeview.
  if (view == View::Dorsal || view == View::Ventral) return {0, 1, 0};
  if (view == View::Occipital) return {0, -0.7, 1};  // superior, tilted to stay square to the line of sight
  return {0, 0, 1};
}

std::string ViewPreset::name() const {
  std::string text;
  for (const auto& v : kViews)
    if (v.view == view) text = v.name;
  if (hemisphere) text += *hemisphere == core::Hemisphere::Left ? "-left" : "-right";
  return text;
}

std::optional<ViewPreset> parseViewPreset(const std::string& text) {
  for (const auto& v : kViews) {
    const std::string base = v.name;
    if (text == base) return ViewPreset{v.view, needsSide(v.view) ? std::optional(core::Hemisphere::Left) : std::nullopt};
    if (text == base + "-left") return ViewPreset{v.view, core::Hemisphere::Left};
    if (text == base + "-right") return ViewPreset{v.view, core::Hemisphere::Right};
  }
  return std::nullopt;
}

std::vector<std::string> viewPresetNames() {
  std::vector<std::string> names;
  for (const auto& v : kViews) {
    if (!needsSide(v.view)) names.emplace_back(v.name);
    names.push_back(std::string(v.name) + "-left");
    names.push_back(std::string(v.name) + "-right");
  }
  return names;
}

}  // namespace vl::render
