#pragma once
// The caption map and the category selectivity maps of a study, from one call, as layers ready to add to the
// document: the function the window runs as a job and `voxellens select --maps` runs in the terminal.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/jobs/JobContext.h"
#include "core/model/Parcellation.h"
#include "core/model/SurfaceLayer.h"
#include "core/selectivity/CaptionMap.h"
#include "core/selectivity/CategoryMaps.h"
#include "core/selectivity/TargetSelection.h"

namespace vl::core {

struct SelectivityMapOptions {
  CaptionMapOptions captionMap;
  CategoryMapOptions categories;
  // Categories for a bank without tags: name -> words matched against the captions. Ignored when the bank has tags.
  std::map<std::string, std::vector<std::string>> wordLists;
  float spreadMm = 3.0f;  // how far a column's value reaches along the surface (ColumnMap::spreadToVertices)
};

struct SelectivityMaps {
  CaptionMap captionMap;
  CategoryMaps categories;
  std::string categorySource;  // "tags" or "caption words"; empty when the bank gave no categories
};

// Needs inputs.experiment (with stimuli), .encoder and .stimulusEmbedding; the caption embedding is optional (the
// clusters are then named by the captions of the nearest images). Progress: caption map 0-60%, categories 60-100%.
// Throws std::invalid_argument for missing inputs or bad options.
SelectivityMaps computeSelectivityMaps(const SelectionInputs& inputs, const SelectivityMapOptions& options = {},
                                       const JobContext& context = {});

struct SelectivityMapLayers {
  Parcellation captionMap;            // label layer with its label table (key 0: no column)
  std::vector<SurfaceLayer> scalars;  // per category: predicted d'; measured d', p and FDR-thresholded d' when measured
};
// surfaces[h]: the hemisphere's reference surface (nullptr: that hemisphere stays empty).
SelectivityMapLayers selectivityMapLayers(const SelectivityMaps& maps, const ColumnMap& columns,
                                          const std::array<const Surface*, 2>& surfaces, float spreadMm = 3.0f);

// The window's job in one call: computeSelectivityMaps, then the layers on the experiment's columns.
SelectivityMapLayers computeSelectivityMapLayers(const SelectionInputs& inputs,
                                                 const std::array<const Surface*, 2>& surfaces,
                                                 const SelectivityMapOptions& options = {},
                                                 const JobContext& context = {});

// Layer names, shared by the layers and the files the CLI writes.
std::string categoryLayerName(const std::string& category, const std::string& quantity);

}  // namespace vl::core
