#include "core/demo/DemoAtlases.h"

#include <array>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "core/io/NiftiReader.h"
#include "core/io/TemplateFolder.h"
#include "core/study/StudyImport.h"
#include "core/model/LabelColours.h"

namespace vl::core {
namespace {
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
  addAtlasVolume(study, readNifti(file), std::move(name), std::move(labels), kAtlasSamplingDepthsMm, {false, 0.8f});
}
}  // namespace

void addDemoAtlases(Study& study, const JobContext& context) {
  context.report(0.0, "Projecting the Harvard-Oxford atlas");
  std::vector<Label> harvardOxford;
  for (std::size_t i = 0; i < 48; ++i)
    harvardOxford.push_back({static_cast<std::int32_t>(i + 1), kHarvardOxfordNames[i], distinctLabelColour(i)});
  addAtlas(study, templateFolder() / "HarvardOxford-cort-maxprob-thr0-1mm.nii.gz", "Harvard-Oxford cortical",
           std::move(harvardOxford));
  context.throwIfStopped();
  context.report(0.5, "Projecting the Brodmann areas");
  const auto lut = readMricronLut(templateFolder() / "brodmann.nii.lut");
  std::vector<Label> brodmann;
  for (std::int32_t area = 1; area <= 52; ++area)
    brodmann.push_back({area, "BA " + std::to_string(area),
                        lut.empty() ? distinctLabelColour(static_cast<std::size_t>(area)) : lut[static_cast<std::size_t>(area)]});
  addAtlas(study, templateFolder() / "brodmann.nii.gz", "Brodmann areas", std::move(brodmann));
  context.report(1.0, "Atlases projected");
}

}  // namespace vl::core
