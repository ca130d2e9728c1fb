#include "core/fitting/LowLevelReconstruction.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/analysis/ImageResize.h"
#include "core/fitting/ForwardIdentification.h"
#include "core/fitting/RidgeCv.h"

namespace vl::core {

std::vector<float> blockMeanRgb(const StimulusImage& image, int side) {
  if (side < 1 || image.width != image.height || image.width % side != 0 ||
      image.rgb.size() != std::size_t(image.width) * std::size_t(image.height) * 3)
    throw std::invalid_argument("low-level image: a " + std::to_string(image.width) + " x " +
                                std::to_string(image.height) + " image cannot be split into " + std::to_string(side) +
                                " x " + std::to_string(side) + " equal blocks (expected a square RGB image)");
  const int block = image.width / side;
  std::vector<float> out(std::size_t(side) * std::size_t(side) * 3, 0.0f);
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      for (int c = 0; c < 3; ++c)
        out[(std::size_t(y / block) * std::size_t(side) + std::size_t(x / block)) * 3 + std::size_t(c)] +=
            image.rgb[(std::size_t(y) * std::size_t(image.width) + std::size_t(x)) * 3 + std::size_t(c)];
  const float scale = 1.0f / (255.0f * float(block * block));
  for (auto& v : out) v *= scale;
  return out;
}

LowLevelDecoder fitLowLevelDecoder(const ResponseRows& train, const Matrix& targets,
                                   const std::vector<std::int32_t>& columns, RidgeOptions options,
                                   const JobContext& context) {
  if (targets.rows != train.rows)
    throw std::invalid_argument("low-level decoder: " + std::to_string(targets.rows) + " target images for " +
                                std::to_string(train.rows) + " training rows");
  LowLevelDecoder decoder;
  decoder.side = static_cast<int>(std::lround(std::sqrt(double(targets.cols) / 3.0)));
  if (std::size_t(decoder.side) * std::size_t(decoder.side) * 3 != targets.cols || targets.cols == 0)
    throw std::invalid_argument("low-level decoder: " + std::to_string(targets.cols) +
                                " values per target; expected side x side x 3");
  decoder.columns = columns;
  options.standardizeFeatures = true;
  decoder.fit = fitRidgeCv(gatherColumns(train, columns), targets, options, context);
  return decoder;
}

std::vector<StimulusImage> reconstructLowLevel(const LowLevelDecoder& decoder, const ResponseRows& responses,
                                               int outputSide) {
  const Matrix pixels = predictRidge(decoder.fit, gatherColumns(responses, decoder.columns));
  std::vector<StimulusImage> images;
  const auto side = static_cast<std::size_t>(decoder.side);
  for (std::size_t r = 0; r < pixels.rows; ++r) {
    FloatImage small;
    small.width = small.height = side;
    small.channels = 3;
    small.pixels.assign(pixels.data.begin() + std::ptrdiff_t(r * pixels.cols),
                        pixels.data.begin() + std::ptrdiff_t((r + 1) * pixels.cols));
    const FloatImage large = resizedBilinear(small, std::size_t(outputSide), std::size_t(outputSide));
    StimulusImage image{outputSide, outputSide, std::vector<std::uint8_t>(large.pixels.size())};
    for (std::size_t i = 0; i < large.pixels.size(); ++i)
      image.rgb[i] = static_cast<std::uint8_t>(std::lround(255.0f * std::clamp(large.pixels[i], 0.0f, 1.0f)));
    images.push_back(std::move(image));
  }
  return images;
}

}  // namespace vl::core
