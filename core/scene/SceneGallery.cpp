#include "core/scene/SceneGallery.h"

namespace vl::core {

using nlohmann::json;

SceneGallery sceneGalleryFor(const SelectionResult& result) {
  SceneGallery gallery;
  gallery.target = result.target.describe();
  for (const auto& image : result.top) gallery.images.push_back(image.index);
  gallery.caption = result.caption;
  gallery.captionSource = result.captionSource;
  return gallery;
}

void storeGallery(ScenePanel& panel, const SceneGallery& gallery) {
  if (!panel.settings.is_object()) panel.settings = json::object();
  panel.settings["gallery"] = {{"version", kGalleryVersion},
                               {"target", gallery.target},
                               {"images", gallery.images},
                               {"caption", gallery.caption},
                               {"caption_source", gallery.captionSource}};
}

std::optional<SceneGallery> galleryOf(const ScenePanel& panel, std::vector<std::string>& notes) {
  if (!panel.settings.is_object()) return std::nullopt;
  const auto found = panel.settings.find("gallery");
  if (found == panel.settings.end() || found->is_null()) return std::nullopt;
  const std::string where = "panel \"" + panel.name + "\": gallery ";
  if (!found->is_object()) {
    notes.push_back(where + "is not an object (not drawn)");
    return std::nullopt;
  }
  const json& stored = *found;
  const int version = stored.value("version", 0);
  if (version < 1 || version > kGalleryVersion) {
    notes.push_back(where + "version " + std::to_string(version) + " is not one this VoxelLens reads (1.." +
                    std::to_string(kGalleryVersion) + "; not drawn)");
    return std::nullopt;
  }
  SceneGallery gallery;
  try {
    gallery.target = stored.value("target", std::string());
    gallery.images = stored.value("images", std::vector<std::size_t>());
    gallery.caption = stored.value("caption", std::string());
    gallery.captionSource = stored.value("caption_source", std::string());
  } catch (const json::exception&) {
    notes.push_back(where + "has fields of the wrong kind (expected target, caption and caption_source as text and "
                            "images as a list of image numbers; not drawn)");
    return std::nullopt;
  }
  return gallery;
}

ScenePanel* selectivityPanel(SceneDocument& scene) {
  for (auto& panel : scene.panels)
    if (panel.name == kSelectivityPanelName) return &panel;
  return nullptr;
}

const ScenePanel* selectivityPanel(const SceneDocument& scene) {
  return selectivityPanel(const_cast<SceneDocument&>(scene));
}

}  // namespace vl::core
