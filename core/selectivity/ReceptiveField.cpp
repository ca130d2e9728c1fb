#include "core/selectivity/ReceptiveField.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace vl::core {

ContrastEnergyGrid computeContrastEnergy(std::size_t count, const std::function<StimulusImage(std::size_t)>& image,
                                         int grid, const JobContext& context) {
  ContrastEnergyGrid out;
  out.grid = grid;
  const std::size_t cells = std::size_t(grid) * grid;
  out.energy = Matrix(count, cells);
  std::vector<float> luminance;
  std::vector<double> sum(cells), pixels(cells);
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 256 == 0) {
      context.throwIfStopped();
      context.report(double(i) / double(count), "Contrast energy of the stimuli");
    }
    const StimulusImage img = image(i);
    const int w = img.width, h = img.height;
    if (w < grid || h < grid)
      throw std::invalid_argument("image " + std::to_string(i) + " is " + std::to_string(w) + " x " +
                                  std::to_string(h) + " pixels, smaller than the " + std::to_string(grid) +
                                  "-cell receptive-field grid");
    luminance.resize(std::size_t(w) * h);
    for (std::size_t p = 0; p < luminance.size(); ++p)
      luminance[p] = (0.299f * img.rgb[3 * p] + 0.587f * img.rgb[3 * p + 1] + 0.114f * img.rgb[3 * p + 2]) / 255.0f;
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(pixels.begin(), pixels.end(), 0.0);
    for (int y = 0; y + 1 < h; ++y)
      for (int x = 0; x + 1 < w; ++x) {
        const float v = luminance[std::size_t(y) * w + x];
        const float dx = luminance[std::size_t(y) * w + x + 1] - v, dy = luminance[std::size_t(y + 1) * w + x] - v;
        const std::size_t cell = std::size_t(y * grid / h) * grid + std::size_t(x * grid / w);
        sum[cell] += dx * dx + dy * dy;
        pixels[cell] += 1;
      }
    for (std::size_t c = 0; c < cells; ++c) out.energy(i, c) = float(pixels[c] ? sum[c] / pixels[c] : 0.0);
  }
  // z-score per cell over the images, so that a cell every image covers (the centre) does not dominate the map.
  for (std::size_t c = 0; c < cells; ++c) {
    double mean = 0, sq = 0;
    for (std::size_t i = 0; i < count; ++i) mean += out.energy(i, c);
    mean /= double(std::max<std::size_t>(count, 1));
    for (std::size_t i = 0; i < count; ++i) sq += std::pow(out.energy(i, c) - mean, 2);
    const double sd = std::sqrt(sq / double(std::max<std::size_t>(count, 1)));
    for (std::size_t i = 0; i < count; ++i) out.energy(i, c) = float(sd > 0 ? (out.energy(i, c) - mean) / sd : 0.0);
  }
  return out;
}

ReceptiveField receptiveField(const ContrastEnergyGrid& energy, std::span<const double> responses,
                              std::optional<double> fieldOfViewDeg, int imageSizePixels) {
  const std::size_t images = energy.energy.rows, cells = energy.energy.cols;
  if (responses.size() != images)
    throw std::invalid_argument(std::to_string(responses.size()) + " responses for " + std::to_string(images) +
                                " images of the contrast-energy grid");
  double mean = 0, sq = 0;
  std::size_t shown = 0;
  for (double r : responses)
    if (!std::isnan(r)) mean += r, ++shown;
  if (shown < 2) throw std::invalid_argument("a receptive field needs responses to at least two images");
  mean /= double(shown);
  for (double r : responses)
    if (!std::isnan(r)) sq += (r - mean) * (r - mean);
  const double sd = std::sqrt(sq / double(shown));
  ReceptiveField out;
  out.grid = energy.grid;
  out.map.assign(cells, 0.0);
  if (sd > 0)
    for (std::size_t i = 0; i < images; ++i) {
      if (std::isnan(responses[i])) continue;
      const double z = (responses[i] - mean) / sd;
      const float* row = &energy.energy.data[i * cells];
      for (std::size_t c = 0; c < cells; ++c) out.map[c] += z * row[c];
    }
  for (double& v : out.map) v /= double(shown);

  std::vector<double> sorted = out.map;
  std::sort(sorted.begin(), sorted.end());
  const double threshold = sorted[std::min(cells - 1, std::size_t(std::floor(0.9 * double(cells))))];
  double cx = 0, cy = 0, n = 0;
  for (std::size_t c = 0; c < cells; ++c) {
    if (out.map[c] < threshold) continue;
    // Cell centre in [-0.5, 0.5] image widths from the image centre, y up.
    cx += (double(c % energy.grid) + 0.5) / energy.grid - 0.5;
    cy += 0.5 - (double(c / energy.grid) + 0.5) / energy.grid;
    n += 1;
  }
  cx /= n, cy /= n;
  out.inDegrees = fieldOfViewDeg.has_value();
  const double scale = out.inDegrees ? *fieldOfViewDeg : double(imageSizePixels);
  out.x = cx * scale;
  out.y = cy * scale;
  out.eccentricity = std::hypot(out.x, out.y);
  double angle = std::atan2(out.y, out.x) * 180.0 / std::numbers::pi;
  if (angle < 0) angle += 360.0;
  out.polarAngleDeg = angle;
  return out;
}

}  // namespace vl::core
