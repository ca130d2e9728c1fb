#pragma once
// What a study folder adds to the surfaces: the stimuli shown, the responses to them (single training trials and
// repeat-averaged test images) and which vertex each response column is. The selectivity explorer, the encoder and
// decoder fits read it; it is immutable once loaded and shared between the GUI thread and workers.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/study/StudyManifest.h"
#include "core/study/ColumnMap.h"
#include "core/model/StimulusSource.h"

namespace vl::core {

// rows x columns float32 responses, row-major, and the stimulus index shown in each row.
struct ResponseSet {
  std::size_t rows = 0, columns = 0;
  std::vector<float> betas;
  std::vector<std::int32_t> stimulus;
  std::size_t repeats = 1;  // trials averaged into each row

  std::span<const float> row(std::size_t r) const { return {betas.data() + r * columns, columns}; }
};

struct Experiment {
  StudyManifest manifest;
  ColumnMap columns;
  std::shared_ptr<const StimulusSource> stimuli;  // null when the study has no stimuli
  std::optional<ResponseSet> train, test;
};

}  // namespace vl::core
