#include "core/nsd/NsdLayout.h"

#include <cctype>
#include <stdexcept>

namespace vl::core {
namespace fs = std::filesystem;

std::string toString(NsdSpace space) { return space == NsdSpace::Fsaverage ? "fsaverage" : "func1pt8mm"; }

NsdSpace nsdSpaceFromString(const std::string& text) {
  if (text == "fsaverage") return NsdSpace::Fsaverage;
  if (text == "func1pt8mm") return NsdSpace::Func1pt8mm;
  throw std::invalid_argument("unknown NSD space '" + text + "' (expected fsaverage or func1pt8mm)");
}

const std::vector<std::string>& nsdRoiSetNames() {
  static const std::vector<std::string> names = {"prf-visualrois", "prf-eccrois", "floc-faces",  "floc-places",
                                                 "floc-bodies",    "floc-words",  "nsdgeneral",  "streams",
                                                 "Kastner2015",    "HCP_MMP1",    "corticalsulc"};
  return names;
}

int NsdLayout::subjectNumber() const {
  if (subject.size() == 6 && subject.rfind("subj", 0) == 0 && std::isdigit(static_cast<unsigned char>(subject[4])) &&
      std::isdigit(static_cast<unsigned char>(subject[5]))) {
    const int number = std::stoi(subject.substr(4));
    if (number >= 1 && number <= 8) return number;
  }
  throw std::invalid_argument("unknown NSD subject '" + subject + "' (expected subj01 .. subj08)");
}

fs::path NsdLayout::betasFolder() const {
  return root / "nsddata_betas" / "ppdata" / subject / toString(space) / betasVersion;
}

std::vector<fs::path> NsdLayout::sessionFiles(int session) const {
  const std::string number = (session < 10 ? "0" : "") + std::to_string(session);
  if (space == NsdSpace::Fsaverage)
    return {betasFolder() / ("lh.betas_session" + number + ".mgh"),
            betasFolder() / ("rh.betas_session" + number + ".mgh")};
  return {betasFolder() / ("betas_session" + number + ".nii.gz")};
}

std::vector<fs::path> NsdLayout::ncsnrFiles() const {
  if (space == NsdSpace::Fsaverage) return {betasFolder() / "lh.ncsnr.mgh", betasFolder() / "rh.ncsnr.mgh"};
  return {betasFolder() / "ncsnr.nii.gz"};
}

fs::path NsdLayout::designFile() const { return root / "nsddata" / "experiments" / "nsd" / "nsd_expdesign.mat"; }

fs::path NsdLayout::stimuliFile() const {
  return root / "nsddata_stimuli" / "stimuli" / "nsd" / "nsd_stimuli.hdf5";
}

fs::path NsdLayout::brainMaskFile() const {
  return root / "nsddata" / "ppdata" / subject / toString(space) / "brainmask.nii.gz";
}

std::vector<fs::path> NsdLayout::roiFiles(const std::string& name) const {
  if (space == NsdSpace::Fsaverage) {
    const fs::path folder = root / "nsddata" / "freesurfer" / "fsaverage" / "label";
    return {folder / ("lh." + name + ".mgz"), folder / ("rh." + name + ".mgz")};
  }
  return {root / "nsddata" / "ppdata" / subject / toString(space) / "roi" / (name + ".nii.gz")};
}

std::vector<fs::path> NsdLayout::roiCtabCandidates(const std::string& name) const {
  std::vector<fs::path> candidates;
  if (space == NsdSpace::Fsaverage)
    candidates.push_back(root / "nsddata" / "freesurfer" / "fsaverage" / "label" / (name + ".mgz.ctab"));
  candidates.push_back(root / "nsddata" / "freesurfer" / subject / "label" / (name + ".mgz.ctab"));
  std::vector<fs::path> existing;
  std::error_code error;
  for (const auto& candidate : candidates)
    if (fs::is_regular_file(candidate, error)) existing.push_back(candidate);
  return existing;
}

fs::path NsdLayout::fsaverageSurface(const std::string& hemisphere, const std::string& kind) const {
  return root / "nsddata" / "freesurfer" / "fsaverage" / "surf" / (hemisphere + "." + kind);
}

}  // namespace vl::core
