#include "render/FigureProvenance.h"

#include "core/scene/SceneStudy.h"
#include "core/selectivity/SelectionJson.h"
#include "core/study/StudyManifest.h"

namespace vl::render {

using nlohmann::json;

nlohmann::json figureProvenance(const core::Study& study, const core::SceneDocument& scene,
                                const FigureOptions& options, const FigureFacts& facts) {
  core::SelectionProvenance base;
  base.studyName = study.name;
  if (!scene.studyFolder.empty()) {
    base.studyPath = scene.studyFolder.string();
    try {
      base.responsesHash = core::readStudyManifest(scene.studyFolder, false).responsesHash;
    } catch (const std::exception&) {
      // A figure is still made from a study whose manifest changed since it was loaded; the hash stays empty.
    }
  } else if (!scene.surfaceFiles.empty()) {
    base.studyPath = scene.surfaceFiles.front().parent_path().string();
  } else if (scene.demoBrain) {
    base.studyPath = "demo brain (Colin27)";
  }
  json provenance = core::provenanceJson(base);

  json layers = json::array();
  for (const auto& entry : study.layers()) {
    if (!entry.data) continue;
    std::filesystem::path file;
    for (const auto& layer : scene.layers)
      if (layer.name == entry.data->name) file = layer.file;
    const core::SceneLayer drawn = core::sceneLayerFor(entry.data->name, file, entry.display);
    layers.push_back({{"name", drawn.name},
                      {"file", drawn.file.string()},
                      {"colour_map", drawn.colourMap},
                      {"range", {drawn.rangeLow, drawn.rangeHigh}},
                      {"threshold", drawn.threshold ? json(*drawn.threshold) : json(nullptr)},
                      {"threshold_on_magnitude", drawn.thresholdOnMagnitude},
                      {"symmetric", drawn.symmetric},
                      {"opacity", drawn.opacity},
                      {"visible", drawn.visible}});
  }
  provenance["layers"] = layers;
  provenance["figure"] = {{"format", toString(facts.format)},
                          {"width", facts.width},
                          {"height", facts.height},
                          {"dpi", facts.dpi},
                          {"montage", options.montage},
                          {"views", facts.views},
                          {"transparent", options.transparent},
                          {"orthographic", options.orthographic},
                          {"scale_bars_mm", facts.scaleBarsMm}};
  if (facts.highlightedRoi) provenance["figure"]["highlighted_roi"] = *facts.highlightedRoi;
  if (facts.gallery)
    provenance["figure"]["gallery"] = {{"target", facts.gallery->target},
                                       {"images", facts.gallery->images},
                                       {"caption", facts.gallery->caption},
                                       {"caption_source", facts.gallery->captionSource}};
  if (!scene.targets.empty()) provenance["targets"] = scene.targets;
  return provenance;
}

}  // namespace vl::render
