#include "core/selectivity/SelectivityMaps.h"

#include <cstdio>
#include <stdexcept>

namespace vl::core {

SelectivityMaps computeSelectivityMaps(const SelectionInputs& inputs, const SelectivityMapOptions& options,
                                       const JobContext& context) {
  if (!inputs.experiment || !inputs.encoder || !inputs.stimulusEmbedding)
    throw std::invalid_argument("selectivity maps need the study's responses, its fitted encoder and the stimulus "
                                "embedding");
  if (!inputs.experiment->stimuli) throw std::invalid_argument("the study has no stimuli");
  SelectivityMaps out;
  out.captionMap = captionMap(*inputs.encoder, *inputs.stimulusEmbedding, inputs.captions, inputs.captionEmbedding,
                              inputs.captionTexts, options.captionMap, context.slice(0, 0.6));
  auto categories = categoriesFromTags(*inputs.experiment->stimuli);
  out.categorySource = categories.empty() ? "" : "tags";
  if (categories.empty() && !options.wordLists.empty()) {
    categories = categoriesFromWords(*inputs.experiment->stimuli, options.wordLists);
    out.categorySource = "caption words";
  }
  std::erase_if(categories, [&](const BankCategory& c) { return c.images == 0 || c.images == c.member.size(); });
  if (!categories.empty())
    out.categories = categoryMaps(*inputs.experiment, *inputs.encoder, *inputs.stimulusEmbedding, categories,
                                  options.categories, context.slice(0.6, 1.0));
  context.report(1.0, "selectivity maps");
  return out;
}

std::string categoryLayerName(const std::string& category, const std::string& quantity) {
  return category + " " + quantity;
}

SelectivityMapLayers selectivityMapLayers(const SelectivityMaps& maps, const ColumnMap& columns,
                                          const std::array<const Surface*, 2>& surfaces, float spreadMm) {
  SelectivityMapLayers out;
  out.captionMap = captionMapLabels(maps.captionMap, columns, surfaces, spreadMm);
  auto add = [&](const std::string& name, const std::vector<float>& perColumn) {
    if (perColumn.empty()) return;
    SurfaceLayer layer;
    layer.name = name;
    layer.kind = LayerKind::Scalar;
    for (auto side : {Hemisphere::Left, Hemisphere::Right})
      if (const Surface* surface = surfaces[hemisphereIndex(side)])
        layer.valuesFor(side) = columns.spreadToVertices(perColumn, *surface, spreadMm);
    out.scalars.push_back(std::move(layer));
  };
  for (const auto& map : maps.categories.maps) {
    add(categoryLayerName(map.category, "d' (predicted)"), map.predicted);
    add(categoryLayerName(map.category, "d' (measured)"), map.measured);
    add(categoryLayerName(map.category, "p (permutation)"), map.pValue);
    char level[32];
    std::snprintf(level, sizeof level, "%g", maps.categories.fdrLevel);
    add(categoryLayerName(map.category, std::string("d' (measured, FDR q<") + level + ")"), map.thresholded);
  }
  return out;
}

SelectivityMapLayers computeSelectivityMapLayers(const SelectionInputs& inputs,
                                                 const std::array<const Surface*, 2>& surfaces,
                                                 const SelectivityMapOptions& options, const JobContext& context) {
  const auto maps = computeSelectivityMaps(inputs, options, context);
  return selectivityMapLayers(maps, inputs.experiment->columns, surfaces, options.spreadMm);
}

}  // namespace vl::core
