#include "render/FigureMontage.h"

#include <stdexcept>

namespace vl::render {

namespace {
struct Preset {
  const char* name;
  int rows, columns;
  std::vector<const char*> views;
};

// Rows by hemisphere (left on top), so that one column holds one kind of view.
const std::vector<Preset>& presets() {
  static const std::vector<Preset> list = {
      {"lateral-medial", 2, 2, {"lateral-left", "medial-left", "lateral-right", "medial-right"}},
      {"ventral", 1, 2, {"ventral-left", "ventral-right"}},
      {"lateral-ventral-posterior", 2, 3,
       {"lateral-left", "ventral-left", "posterior-left", "lateral-right", "ventral-right", "posterior-right"}},
  };
  return list;
}

ViewPreset parseView(const std::string& name) {
  auto preset = parseViewPreset(name);
  if (!preset) throw std::invalid_argument("unknown view '" + name + "' (see voxellens render --help)");
  return *preset;
}
}  // namespace

std::vector<std::string> figureMontageNames() {
  std::vector<std::string> names;
  for (const auto& preset : presets()) names.emplace_back(preset.name);
  return names;
}

FigureViews figureViews(const FigureOptions& options, const std::string& sceneViewPreset, const core::Study* study) {
  FigureViews out;
  if (!options.montage.empty() && !options.views.empty())
    throw std::invalid_argument("give a montage preset or a grid of views, not both");
  if (!options.montage.empty()) {
    const Preset* found = nullptr;
    for (const auto& preset : presets())
      if (options.montage == preset.name) found = &preset;
    if (!found) {
      std::string names;
      for (const auto& name : figureMontageNames()) names += (names.empty() ? "" : ", ") + name;
      throw std::invalid_argument("unknown montage '" + options.montage + "' (expected one of " + names + ")");
    }
    out.rows = found->rows;
    out.columns = found->columns;
    for (const char* view : found->views) out.views.push_back(parseView(view));
  } else if (!options.views.empty()) {
    out.rows = options.rows > 0 ? options.rows : 1;
    out.columns = options.columns > 0 ? options.columns : int(options.views.size());
    if (std::size_t(out.rows) * std::size_t(out.columns) != options.views.size())
      throw std::invalid_argument("a " + std::to_string(out.rows) + "x" + std::to_string(out.columns) +
                                  " grid needs " + std::to_string(out.rows * out.columns) + " views, " +
                                  std::to_string(options.views.size()) + " were given");
    for (const auto& view : options.views) out.views.push_back(parseView(view));
  } else if (options.rows > 0 || options.columns > 0) {
    throw std::invalid_argument("a grid needs its views (--views V1,V2,...)");
  } else {
    out.views.push_back(sceneViewPreset.empty() ? std::nullopt : std::optional(parseView(sceneViewPreset)));
  }
  if (study)
    for (const auto& view : out.views) {
      if (!view || !view->hemisphere) continue;
      if (study->hemisphere(*view->hemisphere).surfaces.empty())
        throw std::invalid_argument("the view " + view->name() + " shows the " + core::toString(*view->hemisphere) +
                                    " hemisphere, which is not loaded" +
                                    (options.montage.empty() ? "" : " (montage " + options.montage + ")"));
    }
  return out;
}

}  // namespace vl::render
