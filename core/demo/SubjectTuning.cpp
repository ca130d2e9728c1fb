#include "core/demo/SubjectTuning.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/demo/CounterRandom.h"

namespace vl::core {
namespace {
constexpr double kPi = 3.14159265358979323846;

std::uint64_t vertexCounter(int hemisphere, std::size_t vertex) {
  return (static_cast<std::uint64_t>(hemisphere) << 32) | static_cast<std::uint64_t>(vertex);
}

float clampf(float v, float low, float high) { return std::min(high, std::max(low, v)); }

// SD over the stimuli of the category response of a lone ROI with unit gain: the scale that turns the ROI's relative
// selectivity into a response whose SD is the requested gain.
double unitResponseSd(const CategoryRoiTuning& roi, std::span<const Stimulus> stimuli) {
  VertexTuning unit;
  for (std::size_t c = 0; c < kCategoryCount; ++c) unit.categoryGain[c] = roi.selectivity[c];
  unit.eccentricityBias = roi.eccentricityBias;
  unit.sizeBias = roi.sizeBias;
  double sum = 0, sum2 = 0;
  for (const auto& s : stimuli) {
    const double r = categoryResponse(unit, s);
    sum += r, sum2 += r * r;
  }
  const double n = double(stimuli.size());
  const double variance = n > 1 ? (sum2 - sum * sum / n) / (n - 1) : 0.0;
  return variance > 0 ? std::sqrt(variance) : 1.0;
}

// A smooth random field over both hemispheres (unit SD over all vertices): a sum of Gaussian blobs of random sign and
// size at random places in the brain's bounding box, the same for a seed whatever the mesh order.
std::array<std::vector<float>, 2> smoothField(const std::array<const Surface*, 2>& surfaces,
                                              const SubjectTuningOptions& options) {
  Vec3f low{1e9f, 1e9f, 1e9f}, high{-1e9f, -1e9f, -1e9f};
  for (const auto* s : surfaces)
    for (const auto& p : s->vertices)
      for (int a = 0; a < 3; ++a) low[a] = std::min(low[a], p[a]), high[a] = std::max(high[a], p[a]);
  struct Blob {
    Vec3f centre;
    float amplitude;
  };
  std::vector<Blob> blobs;
  const auto stream = static_cast<std::uint64_t>(SubjectStream::NoiseField);
  for (int k = 0; k < options.noiseBlobs; ++k) {
    Blob b{};
    for (int a = 0; a < 3; ++a)
      b.centre[a] = low[a] + float(counterUniform(options.seed, stream, std::uint64_t(4 * k + a))) * (high[a] - low[a]);
    b.amplitude = float(counterNormal(options.seed, stream, std::uint64_t(1000000 + k)));
    blobs.push_back(b);
  }
  const float inverse2s2 = 1.0f / (2.0f * options.noiseBlobMm * options.noiseBlobMm);
  std::array<std::vector<float>, 2> field;
  double sum = 0, sum2 = 0, count = 0;
  for (int h = 0; h < 2; ++h) {
    const auto& vertices = surfaces[static_cast<std::size_t>(h)]->vertices;
    auto& values = field[static_cast<std::size_t>(h)];
    values.assign(vertices.size(), 0.0f);
    for (std::size_t v = 0; v < vertices.size(); ++v) {
      float z = 0;
      for (const auto& b : blobs) {
        const float dx = vertices[v][0] - b.centre[0], dy = vertices[v][1] - b.centre[1],
                    dz = vertices[v][2] - b.centre[2];
        const float d2 = dx * dx + dy * dy + dz * dz;
        if (d2 < 16.0f * options.noiseBlobMm * options.noiseBlobMm) z += b.amplitude * std::exp(-d2 * inverse2s2);
      }
      values[v] = z;
      sum += z, sum2 += double(z) * z, count += 1;
    }
  }
  const double mean = sum / count;
  const double sd = std::sqrt(std::max(1e-12, sum2 / count - mean * mean));
  for (auto& values : field)
    for (auto& z : values) z = float((z - mean) / sd);
  return field;
}
}  // namespace

const std::vector<CategoryRoiTuning>& categoryRoiTunings() {
  // Columns: face, place, body, word, object, food, pattern. The preferred category is 1; the others follow the
  // qualitative pattern of the cited papers (faces drive EBA and FFA respond somewhat to bodies; LOC responds to
  // every shape, objects most; scene regions respond a little to large objects; the food region also to objects).
  static const std::vector<CategoryRoiTuning> tunings = {
      {PlantedRoiKey::OFA, {1.00f, 0.05f, 0.30f, 0.15f, 0.20f, 0.15f, 0.10f}, 0.6f, 0.2f},
      {PlantedRoiKey::FFA, {1.00f, 0.05f, 0.35f, 0.20f, 0.15f, 0.15f, 0.00f}, 0.8f, 0.3f},
      {PlantedRoiKey::PPA, {0.05f, 1.00f, 0.05f, 0.05f, 0.30f, 0.10f, 0.10f}, -0.6f, 0.8f},
      {PlantedRoiKey::OPA, {0.05f, 1.00f, 0.10f, 0.05f, 0.25f, 0.05f, 0.20f}, -0.6f, 0.6f},
      {PlantedRoiKey::RSC, {0.05f, 1.00f, 0.05f, 0.00f, 0.15f, 0.05f, 0.05f}, -0.4f, 0.6f},
      {PlantedRoiKey::EBA, {0.40f, 0.05f, 1.00f, 0.10f, 0.20f, 0.10f, 0.05f}, 0.2f, 0.3f},
      {PlantedRoiKey::VWFA, {0.20f, 0.00f, 0.10f, 1.00f, 0.25f, 0.10f, 0.10f}, 0.9f, 0.0f},
      {PlantedRoiKey::LOC, {0.40f, 0.30f, 0.40f, 0.30f, 1.00f, 0.60f, 0.15f}, 0.2f, 0.2f},
      {PlantedRoiKey::Food, {0.15f, 0.10f, 0.10f, 0.05f, 0.30f, 1.00f, 0.05f}, 0.4f, 0.3f},
  };
  return tunings;
}

float prfSigmaAt(int area, float eccentricityDeg) {
  // Linear in eccentricity, steeper in higher areas (Dumoulin & Wandell 2008, Fig. 8; Kay et al. 2013).
  static constexpr float intercept[3] = {0.25f, 0.35f, 0.45f};
  static constexpr float slope[3] = {0.10f, 0.15f, 0.25f};
  const int a = std::clamp(area, 1, 3) - 1;
  return clampf(intercept[a] + slope[a] * eccentricityDeg, 0.1f, 30.0f);
}

float preferredSfAt(int area, float eccentricityDeg) {
  // V1: preferred period grows linearly with eccentricity, 0.12 ecc + 0.35 deg (Broderick, Simoncelli & Winawer
  // 2022); V2 and V3 prefer lower frequencies at the same eccentricity (Henriksson et al. 2008).
  static constexpr float factor[3] = {1.0f, 0.8f, 0.65f};
  return factor[std::clamp(area, 1, 3) - 1] / (0.12f * eccentricityDeg + 0.35f);
}

float compressiveExponent(int area) {
  // Compressive spatial summation: exponents below 1, smaller in higher areas (Kay et al. 2013).
  static constexpr float exponent[3] = {0.5f, 0.4f, 0.35f};
  return exponent[std::clamp(area, 1, 3) - 1];
}

float categoryResponse(const VertexTuning& tuning, const Stimulus& stimulus) {
  const float gain = tuning.categoryGain[static_cast<std::size_t>(stimulus.category)];
  if (gain == 0.0f) return 0.0f;
  // Item eccentricity as a fraction of the half field (0 at fixation, 1 at the image edge), and size 0..1.
  const float cx = std::isfinite(stimulus.centreX) ? stimulus.centreX : 0.0f;
  const float cy = std::isfinite(stimulus.centreY) ? stimulus.centreY : 0.0f;
  const float eccentricity = std::min(1.0f, std::sqrt(cx * cx + cy * cy));
  const float size = std::isfinite(stimulus.size) ? clampf(stimulus.size, 0.0f, 1.0f) : 1.0f;
  const float position = 1.0f + tuning.eccentricityBias * (0.5f - eccentricity);
  const float scale = 1.0f + tuning.sizeBias * (size - 0.5f);
  return gain * std::max(0.0f, position) * std::max(0.0f, scale);
}

std::array<std::vector<VertexTuning>, 2> plantTuning(const PlantedRois& planted,
                                                     const std::array<const Surface*, 2>& surfaces,
                                                     std::span<const Stimulus> calibrationStimuli,
                                                     const SubjectTuningOptions& options) {
  if (calibrationStimuli.size() < 2) throw std::invalid_argument("plantTuning: needs at least 2 calibration stimuli");
  const auto noiseField = smoothField(surfaces, options);
  std::array<std::vector<VertexTuning>, 2> result;
  for (int h = 0; h < 2; ++h) {
    const auto& surface = *surfaces[static_cast<std::size_t>(h)];
    const auto& hemi = planted.hemispheres[static_cast<std::size_t>(h)];
    const std::size_t n = surface.vertexCount();
    if (hemi.keys.size() != n)
      throw std::invalid_argument("plantTuning: planted ROIs of " + std::to_string(hemi.keys.size()) +
                                  " vertices for a surface of " + std::to_string(n));
    auto& tuning = result[static_cast<std::size_t>(h)];
    tuning.assign(n, VertexTuning{});
    std::vector<float> profileWeight(n, 0.0f), eccentricityBias(n, 0.0f), sizeBias(n, 0.0f);

    for (std::size_t v = 0; v < n; ++v) {
      auto& t = tuning[v];
      t.roi = hemi.keys[v];
      const float y = surface.vertices[v][1];
      // Noise: the smooth field; lower at the back of the head, where the receive coils are closest to the
      // cortex (0.7x at y = -100 to 1.3x at y = -20); more in the ventral anterior temporal lobe (signal dropout
      // near the ear canals), as in real 7T data.
      const float dropout = clampf((-surface.vertices[v][2] - 10.0f) / 20.0f, 0, 1) * clampf((y + 70.0f) / 40.0f, 0, 1);
      const float coil = 0.7f + 0.6f * clampf((y + 100.0f) / 80.0f, 0, 1);
      t.noiseSd = coil * options.noiseSd *
                  std::exp(options.noiseVariation * noiseField[static_cast<std::size_t>(h)][v] + 0.4f * dropout);
      // General visual drive, fading from the occipital pole (y = -80) to nothing at y = -20. In V1-V3 it is what
      // the cortex beyond the image's eccentricity still does (surround and attention effects, weakly).
      if (y < -20.0f) t.generalGain = options.generalGain * clampf((-y - 20.0f) / 60.0f, 0, 1);
      if (t.roi >= 1 && t.roi <= 3) {
        const int area = t.roi;
        const float eccentricity = hemi.eccentricity[v];
        const float angle = float(hemi.polarAngle[v] * kPi / 180.0);
        t.prfGain = options.prfGain[static_cast<std::size_t>(area - 1)];
        t.prfX = eccentricity * std::cos(angle);
        t.prfY = eccentricity * std::sin(angle);
        t.prfSigma = prfSigmaAt(area, eccentricity);
        // Radial bias (Sasaki et al. 2006; Freeman et al. 2011): bars pointing at fixation, i.e. orientation
        // polar angle - 90 deg, with a scatter of 30 deg per vertex.
        const auto counter = vertexCounter(h, v);
        const double jitter = 30.0 * counterNormal(options.seed, std::uint64_t(SubjectStream::OrientationJitter), counter);
        t.orientation = float(std::fmod(std::fmod(hemi.polarAngle[v] - 90.0 + jitter, 180.0) + 360.0, 180.0));
        t.orientationSelectivity = clampf(
            float(0.25 + 0.08 * counterNormal(options.seed, std::uint64_t(SubjectStream::TuningJitter), counter)), 0.05f,
            0.45f);
        t.preferredSf = preferredSfAt(area, eccentricity);
        t.exponent = compressiveExponent(area);
        t.baseline = 1.0f;
      } else {
        t.baseline = 1.5f * t.generalGain;
      }
    }

    for (const auto& roi : hemi.categoryRois) {
      const auto tuningOf = std::find_if(categoryRoiTunings().begin(), categoryRoiTunings().end(),
                                         [&](const CategoryRoiTuning& c) { return c.key == roi.key; });
      if (tuningOf == categoryRoiTunings().end()) continue;
      const double scale = options.categoryGain / unitResponseSd(*tuningOf, calibrationStimuli);
      // Selectivity falls off as a Gaussian of the geodesic distance from the centre (SD 0.6 radius: 25% of the
      // peak at the ROI's edge) and ends at the profile extent.
      const double sigma = 0.6 * roi.radiusMm;
      for (std::size_t i = 0; i < roi.vertices.size(); ++i) {
        const auto v = static_cast<std::size_t>(roi.vertices[i]);
        const double d = roi.distances[i];
        const float w = float(std::exp(-d * d / (2 * sigma * sigma)));
        for (std::size_t c = 0; c < kCategoryCount; ++c)
          tuning[v].categoryGain[c] += float(w * scale * tuningOf->selectivity[c]);
        profileWeight[v] += w;
        eccentricityBias[v] += w * tuningOf->eccentricityBias;
        sizeBias[v] += w * tuningOf->sizeBias;
      }
    }
    for (std::size_t v = 0; v < n; ++v) {
      if (profileWeight[v] <= 0) continue;
      tuning[v].eccentricityBias = eccentricityBias[v] / profileWeight[v];
      tuning[v].sizeBias = sizeBias[v] / profileWeight[v];
      tuning[v].baseline += 0.8f * std::min(1.0f, profileWeight[v]);
    }
  }
  return result;
}

}  // namespace vl::core
