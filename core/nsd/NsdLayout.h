#pragma once
// Where the Natural Scenes Dataset keeps what an import needs, relative to the download's top folder (NSD_ROOT),
// as the NSD data manual describes it, and a scan of which of those files exist.
//   betas   nsddata_betas/ppdata/subjAA/fsaverage/BETAS/{lh,rh}.betas_sessionNN.mgh   (163842 x 1 x 1 x 750 float)
//           nsddata_betas/ppdata/subjAA/func1pt8mm/BETAS/betas_sessionNN.nii.gz       (X x Y x Z x 750 int16, /300)
//   ncsnr   the same folders: {lh,rh}.ncsnr.mgh / ncsnr.nii.gz
//   design  nsddata/experiments/nsd/nsd_expdesign.mat
//   images  nsddata_stimuli/stimuli/nsd/nsd_stimuli.hdf5 (dataset imgBrick)
//   ROIs    fsaverage: nsddata/freesurfer/fsaverage/label/{lh,rh}.NAME.mgz (+ NAME.mgz.ctab there or in the
//           subject's label folder); func1pt8mm: nsddata/ppdata/subjAA/func1pt8mm/roi/NAME.nii.gz with
//           nsddata/freesurfer/subjAA/label/NAME.mgz.ctab
//   mask    nsddata/ppdata/subjAA/func1pt8mm/brainmask.nii.gz (the mask NSD applied to the betas)
//   surfaces nsddata/freesurfer/fsaverage/surf/{lh,rh}.{white,pial,inflated,sphere}
// BETAS is the beta version folder, betas_fithrf_GLMdenoise_RR by default (NSD's "b3").
#include <filesystem>
#include <string>
#include <vector>

namespace vl::core {

enum class NsdSpace { Fsaverage, Func1pt8mm };

std::string toString(NsdSpace space);
NsdSpace nsdSpaceFromString(const std::string& text);  // "fsaverage" or "func1pt8mm"; std::invalid_argument else

// The ROI sets NSD ships, in the order an import lists them.
const std::vector<std::string>& nsdRoiSetNames();

struct NsdLayout {
  std::filesystem::path root;
  std::string subject;  // "subj01".."subj08"
  NsdSpace space = NsdSpace::Fsaverage;
  std::string betasVersion = "betas_fithrf_GLMdenoise_RR";

  int subjectNumber() const;  // 1..8 from "subjNN"; std::invalid_argument for anything else
  std::filesystem::path betasFolder() const;
  // One file per hemisphere (lh, rh) for fsaverage, one volume for func1pt8mm.
  std::vector<std::filesystem::path> sessionFiles(int session) const;
  std::vector<std::filesystem::path> ncsnrFiles() const;
  std::filesystem::path designFile() const;
  std::filesystem::path stimuliFile() const;
  std::filesystem::path brainMaskFile() const;
  // fsaverage: {lh, rh} label files; func1pt8mm: the one volume.
  std::vector<std::filesystem::path> roiFiles(const std::string& name) const;
  // Existing colour tables for an ROI set, best first (may be empty).
  std::vector<std::filesystem::path> roiCtabCandidates(const std::string& name) const;
  std::filesystem::path fsaverageSurface(const std::string& hemisphere, const std::string& kind) const;
};

}  // namespace vl::core
