#include "core/scene/SceneGallery.h"

#include <fstream>
#include <sstream>

#include "core/base/FormatError.h"
#include "core/io/JsonFile.h"

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

SceneGallery galleryFromSelectionFile(const std::filesystem::path& file) {
  const json document = readJsonFile(file, "cannot open the selection file (does it exist and is it readable?)");
  if (!document.is_object() || document.value("format", std::string()) != "voxellens-selection")
    throw FormatError(file, "format", "not a selection written by 'voxellens select' (format voxellens-selection)");
  const auto text_of = [&](const json& object, const char* key, const std::string& where) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) return std::string();
    if (!found->is_string()) throw FormatError(file, where, "expected a string");
    return found->get<std::string>();
  };
  SceneGallery gallery;
  const auto target = document.find("target");
  if (target == document.end() || !target->is_object())
    throw FormatError(file, "target", "missing: expected the selection's target object");
  gallery.target = text_of(*target, "description", "target.description");
  const auto top = document.find("top");
  if (top == document.end() || !top->is_array() || top->empty())
    throw FormatError(file, "top", "missing or empty: expected the target's preferred images");
  for (std::size_t i = 0; i < top->size(); ++i) {
    const auto& item = (*top)[i];
    const std::string where = "top[" + std::to_string(i) + "].index";
    if (!item.is_object() || !item.contains("index") || !item["index"].is_number_unsigned())
      throw FormatError(file, where, "expected a bank image number (0 or more)");
    gallery.images.push_back(item["index"].get<std::size_t>());
  }
  gallery.caption = text_of(document, "caption", "caption");
  gallery.captionSource = text_of(document, "caption_source", "caption_source");
  return gallery;
}

void storeGallery(SceneDocument& scene, const SceneGallery& gallery) {
  auto* panel = selectivityPanel(scene);
  if (!panel) {
    scene.panels.push_back({kSelectivityPanelName, json::object()});
    panel = &scene.panels.back();
  }
  storeGallery(*panel, gallery);
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
