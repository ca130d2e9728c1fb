#include "core/demo/DemoSubject.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace vl::core {

std::pair<int, std::int32_t> DemoSubject::columnVertex(std::size_t column) const {
  if (column < columnVertices[0].size()) return {0, columnVertices[0][column]};
  column -= columnVertices[0].size();
  if (column < columnVertices[1].size()) return {1, columnVertices[1][column]};
  throw std::out_of_range("DemoSubject: column " + std::to_string(column + columnVertices[0].size()) + " of " +
                          std::to_string(columnCount()));
}

ColumnMap DemoSubject::columnMap() const {
  return ColumnMap(columnVertices[0], mask[0].size(), columnVertices[1], mask[1].size());
}

std::vector<float> DemoSubject::spreadToMask(std::span<const float> perColumn, int hemisphere,
                                             const Surface& white) const {
  // Every mask vertex is within the spacing of a column in a straight line; along the edges the path is longer.
  auto values = columnMap().spreadToVertices(perColumn, white, 2.0f * options.columnSpacingMm);
  const auto& inside = mask[static_cast<std::size_t>(hemisphere)];
  for (std::size_t v = 0; v < values.size(); ++v)
    if (!inside[v]) values[v] = std::numeric_limits<float>::quiet_NaN();
  return values;
}

DemoSubject buildDemoSubject(const DemoAnatomy& anatomy, const StimulusBank& bank, const DemoSubjectOptions& options,
                             const JobContext& context) {
  if (bank.stimuli.size() != bank.images.size())
    throw std::invalid_argument("demo subject: the bank has " + std::to_string(bank.stimuli.size()) +
                                " stimuli but " + std::to_string(bank.images.size()) + " images");
  DemoSubject subject;
  subject.options = options;
  context.report(0.0, "Planting ROIs");
  subject.planted = plantRois(anatomy.surfaces(), anatomy.harvardOxford, anatomy.brodmann, {}, context.slice(0, 0.1));
  subject.design = makeDemoDesign(bank.stimuli.size(), options.trainCount, options.testCount, options.repeats,
                                  options.seed);

  // Category gains are calibrated on the stimuli actually shown.
  std::vector<Stimulus> shown;
  for (auto i : subject.design.trainStimulus) shown.push_back(bank.stimuli[static_cast<std::size_t>(i)]);
  for (auto i : subject.design.testStimulus) shown.push_back(bank.stimuli[static_cast<std::size_t>(i)]);
  SubjectTuningOptions tuningOptions;
  tuningOptions.seed = options.seed;
  subject.tuning = plantTuning(subject.planted, anatomy.surfaces(), shown, tuningOptions);
  context.throwIfStopped();

  context.report(0.12, "Choosing response columns");
  std::vector<VertexTuning> columns;
  for (int h = 0; h < 2; ++h) {
    const auto hs = static_cast<std::size_t>(h);
    const auto& surface = anatomy.white[hs];
    subject.mask[hs] = visualCortexMask(surface, anatomy.harvardOxford.keys[hs], anatomy.harvardOxford,
                                        anatomy.brodmann.keys[hs], anatomy.brodmann, subject.planted.hemispheres[hs].keys);
    subject.columnVertices[hs] = sampleColumns(surface, subject.mask[hs], options.columnSpacingMm);
    for (auto v : subject.columnVertices[hs]) columns.push_back(subject.tuning[hs][static_cast<std::size_t>(v)]);
  }
  context.throwIfStopped();

  SimulationOptions simulation;
  simulation.seed = options.seed;
  simulation.fieldDeg = options.fieldDeg;
  subject.responses = simulateResponses(columns, bank.stimuli, bank.images, subject.design, simulation,
                                        context.slice(0.15, 1.0));
  for (auto& tuning : subject.tuning) applyCalibration(tuning, subject.responses.calibration);
  return subject;
}

}  // namespace vl::core
