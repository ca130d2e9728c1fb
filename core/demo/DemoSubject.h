#pragma once
// The whole simulated demo subject in memory: planted ROIs and retinotopy, per-vertex tuning, the visual mask and
// its response columns, the NSD-like design and the simulated responses. DemoStudyWriter.h writes it as a study
// folder; tests check it without touching the disk.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/demo/DemoAnatomy.h"
#include "core/demo/NsdLikeDesign.h"
#include "core/demo/PlantedRois.h"
#include "core/demo/SimulatedSubject.h"
#include "core/demo/StimulusBank.h"
#include "core/demo/SubjectTuning.h"
#include "core/demo/VisualColumns.h"
#include "core/jobs/JobContext.h"
#include "core/study/ColumnMap.h"

namespace vl::core {

struct DemoSubjectOptions {
  std::uint64_t seed = 1;           // the subject: noise, orientation scatter, noise field, train/test split
  std::size_t trainCount = 9000;    // images shown once
  std::size_t testCount = 300;      // images shown `repeats` times
  int repeats = 3;
  float columnSpacingMm = 3.0f;     // response columns: mask vertices at least this far apart
  double fieldDeg = 8.0;            // the images span this many degrees of visual angle
};

struct DemoSubject {
  DemoSubjectOptions options;
  PlantedRois planted;
  std::array<std::vector<VertexTuning>, 2> tuning;  // every vertex, calibrated
  std::array<std::vector<std::uint8_t>, 2> mask;    // the visual cortex mask
  std::array<std::vector<std::int32_t>, 2> columnVertices;
  NsdLikeDesign design;
  SimulatedResponses responses;                     // columns: lh columns, then rh columns

  std::size_t columnCount() const { return columnVertices[0].size() + columnVertices[1].size(); }
  // Hemisphere (0 = lh) and vertex of a response column.
  std::pair<int, std::int32_t> columnVertex(std::size_t column) const;
  ColumnMap columnMap() const;
  // One value per vertex of hemisphere h from one value per column (both hemispheres): each mask vertex takes its
  // nearest column's value (ColumnMap, along the edges of `white`), NaN outside the mask.
  std::vector<float> spreadToMask(std::span<const float> perColumn, int hemisphere, const Surface& white) const;
};

DemoSubject buildDemoSubject(const DemoAnatomy& anatomy, const StimulusBank& bank, const DemoSubjectOptions& options,
                             const JobContext& context = {});

}  // namespace vl::core
