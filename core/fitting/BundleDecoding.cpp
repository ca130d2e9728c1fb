#include "core/fitting/BundleDecoding.h"

#include <cmath>
#include <stdexcept>

#include "core/fitting/Retrieval.h"
#include "core/fitting/StudyModelFits.h"
#include "core/ml/BundleRunners.h"

namespace vl::core {

std::optional<std::string> bundleDecoderMismatch(const ModelManifest& manifest, std::size_t columns,
                                                 std::size_t dimension) {
  if (manifest.kind != ModelKind::BrainDecoder)
    return "the bundle " + manifest.name + " is a " + std::string(modelKindName(manifest.kind)) +
           ", not a brain_decoder";
  // A valid manifest's shapes are [-1, V] in and [-1, D] out.
  const std::size_t reads = manifest.input.shape.size() == 2 ? std::size_t(manifest.input.shape[1]) : 0;
  const std::size_t gives = manifest.output.shape.size() == 2 ? std::size_t(manifest.output.shape[1]) : 0;
  if (reads != columns)
    return "the brain_decoder " + manifest.name + " reads " + std::to_string(reads) + " responses per row; the study has " +
           std::to_string(columns) + " response columns (a decoder bundle reads every column, in the study's order)";
  if (gives != dimension)
    return "the brain_decoder " + manifest.name + " gives " + std::to_string(gives) +
           " values per row; the study's image embedding has " + std::to_string(dimension);
  return std::nullopt;
}

BundleDecoding decodeStudyWithBundle(const Experiment& experiment, const Matrix& stimulusEmbedding,
                                     std::shared_ptr<const ModelBundle> bundle, std::size_t ways,
                                     const JobContext& context) {
  if (!bundle) throw std::invalid_argument("decoding: no brain_decoder bundle");
  if (!experiment.test || experiment.test->rows < 2)
    throw std::invalid_argument("decoding with " + bundle->name() + ": the study has fewer than 2 test rows");
  const ResponseSet& test = *experiment.test;
  if (const auto mismatch = bundleDecoderMismatch(bundle->manifest(), test.columns, stimulusEmbedding.cols))
    throw std::invalid_argument(*mismatch);
  for (std::size_t i = 0; i < test.betas.size(); ++i)
    if (!std::isfinite(test.betas[i]))
      throw std::invalid_argument("decoding with " + bundle->name() + ": test response row " +
                                  std::to_string(i / test.columns) + ", column " + std::to_string(i % test.columns) +
                                  " is not a finite number");
  Matrix responses(test.rows, test.columns);
  responses.data = test.betas;
  BundleDecoding result;
  result.bundle = bundle->name();
  result.decoded = BrainDecoder(bundle).decode(responses, context);
  for (const float v : result.decoded.data)
    if (!std::isfinite(v))
      throw std::runtime_error("the brain_decoder " + bundle->name() + " gave NaN or infinite values");
  result.similarity = cosineSimilarity(result.decoded, rowsForTrials(stimulusEmbedding, test));
  result.scores = identificationScores(result.similarity, ways, 30, 0);
  result.scores.columns = test.columns;
  return result;
}

}  // namespace vl::core
