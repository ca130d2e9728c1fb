#include "core/demo/DemoAtlases.h"

#include <array>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "core/geometry/VertexNormals.h"
#include "core/geometry/VolumeToSurface.h"
#include "core/io/NiftiReader.h"

namespace vl::core {
namespace {
const std::filesystem::path kTemplates = "/usr/share/mricron/templates";

// FSL's HarvardOxford-Cortical.xml, in index order (the maximum-probability image stores index + 1).
constexpr const char* kHarvardOxfordNames[48] = {
    "Frontal Pole", "Insular Cortex", "Superior Frontal Gyrus", "Middle Frontal Gyrus",
    "Inferior Frontal Gyrus, pars triangularis", "Inferior Frontal Gyrus, pars opercularis", "Precentral Gyrus",
    "Temporal Pole", "Superior Temporal Gyrus, anterior division", "Superior Temporal Gyrus, posterior division",
    "Middle Temporal Gyrus, anterior division", "Middle Temporal Gyrus, posterior division",
    "Middle Temporal Gyrus, temporooccipital part", "Inferior Temporal Gyrus, anterior division",
    "Inferior Temporal Gyrus, posterior division", "Inferior Temporal Gyrus, temporooccipital part",
    "Postcentral Gyrus", "Superior Parietal Lobule", "Supramarginal Gyrus, anterior division",
    "Supramarginal Gyrus, posterior division", "Angular Gyrus", "Lateral Occipital Cortex, superior division",
    "Lateral Occipital Cortex, inferior division", "Intracalcarine Cortex", "Frontal Medial Cortex",
    "Juxtapositional Lobule Cortex", "Subcallosal Cortex", "Paracingulate Gyrus",
    "Cingulate Gyrus, anterior division", "Cingulate Gyrus, posterior division", "Precuneous Cortex",
    "Cuneal Cortex", "Frontal Orbital Cortex", "Parahippocampal Gyrus, anterior division",
    "Parahippocampal Gyrus, posterior division", "Lingual Gyrus", "Temporal Fusiform Cortex, anterior division",
    "Temporal Fusiform Cortex, posterior division", "Temporal Occipital Fusiform Cortex", "Occipital Fusiform Gyrus",
    "Frontal Operculum Cortex", "Central Opercular Cortex", "Parietal Operculum Cortex", "Planum Polare",
    "Heschl's Gyrus", "Planum Temporale", "Supracalcarine Cortex", "Occipital Pole"};

std::array<float, 4> goldenAngleColour(std::size_t index) {
  const double hue = std::fmod(double(index) * 137.508, 360.0) / 60.0;
  const double x = 1.0 - std::abs(std::fmod(hue, 2.0) - 1.0);
  const double rgb[6][3] = {{1, x, 0}, {x, 1, 0}, {0, 1, x}, {0, x, 1}, {x, 0, 1}, {1, 0, x}};
  const auto& c = rgb[static_cast<int>(hue) % 6];
  return {float(0.25 + 0.7 * c[0]), float(0.25 + 0.7 * c[1]), float(0.25 + 0.7 * c[2]), 1.0f};
}

// MRIcron's .lut: 256 red bytes, 256 green, 256 blue.
std::vector<std::array<float, 4>> readMricronLut(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes(768, '\0');
  if (!in.read(bytes.data(), 768)) return {};
  std::vector<std::array<float, 4>> colours(256);
  for (int i = 0; i < 256; ++i)
    colours[static_cast<std::size_t>(i)] = {static_cast<unsigned char>(bytes[i]) / 255.0f,
                                            static_cast<unsigned char>(bytes[256 + i]) / 255.0f,
                                            static_cast<unsigned char>(bytes[512 + i]) / 255.0f, 1.0f};
  return colours;
}

void addAtlas(Study& study, const std::filesystem::path& file, std::string name, std::vector<Label> labels) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) return;
  const auto volume = readNifti(file);
  auto parcellation = std::make_shared<Parcellation>();
  parcellation->name = std::move(name);
  parcellation->labels = std::move(labels);
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right}) {
    const auto surface = study.shownSurface(h);
    if (!surface) continue;
    const auto normals = computeVertexNormals(surface->vertices, surface->triangles);
    std::vector<Vec3f> points(surface->vertexCount());
    for (std::size_t v = 0; v < points.size(); ++v)
      for (int d = 0; d < 3; ++d) points[v][d] = surface->vertices[v][d] + kAtlasSamplingDepthMm * normals[v][d];
    const auto sampled = sampleVolumeAtVertices(volume, points, VolumeSampling::Nearest);
    auto& keys = parcellation->keys[h == Hemisphere::Left ? 0 : 1];
    keys.resize(sampled.size());
    for (std::size_t v = 0; v < sampled.size(); ++v)
      keys[v] = std::isfinite(sampled[v]) ? static_cast<std::int32_t>(std::lround(sampled[v])) : 0;
  }
  study.addRoiSet(parcellation, {false, 0.8f});
}
}  // namespace

void addDemoAtlases(Study& study, const JobContext& context) {
  context.report(0.0, "Projecting the Harvard-Oxford atlas");
  std::vector<Label> harvardOxford;
  for (std::size_t i = 0; i < 48; ++i)
    harvardOxford.push_back({static_cast<std::int32_t>(i + 1), kHarvardOxfordNames[i], goldenAngleColour(i)});
  addAtlas(study, kTemplates / "HarvardOxford-cort-maxprob-thr0-1mm.nii.gz", "Harvard-Oxford cortical",
           std::move(harvardOxford));
  context.throwIfStopped();
  context.report(0.5, "Projecting the Brodmann areas");
  const auto lut = readMricronLut(kTemplates / "brodmann.nii.lut");
  std::vector<Label> brodmann;
  for (std::int32_t area = 1; area <= 52; ++area)
    brodmann.push_back({area, "BA " + std::to_string(area),
                        lut.empty() ? goldenAngleColour(static_cast<std::size_t>(area)) : lut[static_cast<std::size_t>(area)]});
  addAtlas(study, kTemplates / "brodmann.nii.gz", "Brodmann areas", std::move(brodmann));
  context.report(1.0, "Atlases projected");
}

}  // namespace vl::core
