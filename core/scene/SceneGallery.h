#pragma once
// The selectivity gallery as a scene stores it: what the window's Selectivity dock showed for its target (the
// target's name, the bank images it prefers, most preferred first, and the caption with where it came from), kept in
// that dock's panels entry. A figure draws the gallery from this alone, reading the images from the study's bank, so
// `voxellens render scene.json` needs no models. Versioned on its own inside the panel's settings: a scene saved
// before galleries were stored has the entry with empty settings and opens as before (no gallery).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/scene/SceneDocument.h"
#include "core/selectivity/TargetSelection.h"

namespace vl::core {

// The window's Selectivity dock: the panels entry that carries the gallery.
inline constexpr const char* kSelectivityPanelName = "selectivityDock";
inline constexpr int kGalleryVersion = 1;

struct SceneGallery {
  std::string target;                 // e.g. "ROI planted:FFA (lh, rh)"
  std::vector<std::size_t> images;    // bank image indices, most preferred first
  std::string caption;                // empty when the study has no captions
  std::string captionSource;          // e.g. "nearest bank captions"
  bool operator==(const SceneGallery&) const = default;
};

// What the Selectivity dock shows for a result: its target, predicted top images and caption.
SceneGallery sceneGalleryFor(const SelectionResult& result);

// The gallery of a `voxellens select --out DIR` result (DIR/selection.json: target.description, top[].index,
// caption, caption_source), so that `voxellens render --gallery DIR/selection.json` draws what the dock would.
// Throws FormatError naming the file and the field when it is not such a file.
SceneGallery galleryFromSelectionFile(const std::filesystem::path& file);

// Puts the gallery into the scene's selectivity panel, adding the panel when the scene has none.
void storeGallery(SceneDocument& scene, const SceneGallery& gallery);

// Puts the gallery into the panel's settings (under "gallery"), keeping the panel's other settings.
void storeGallery(ScenePanel& panel, const SceneGallery& gallery);

// The gallery a panel stores; nullopt when it stores none. A gallery this build cannot read (a newer version, fields
// of the wrong kind) adds one line to `notes` saying why and gives nullopt.
std::optional<SceneGallery> galleryOf(const ScenePanel& panel, std::vector<std::string>& notes);

// The scene's selectivity panel entry (by name), nullptr without one.
ScenePanel* selectivityPanel(SceneDocument& scene);
const ScenePanel* selectivityPanel(const SceneDocument& scene);

}  // namespace vl::core
