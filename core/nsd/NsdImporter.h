#pragma once
// Turns one subject of a Natural Scenes Dataset download into a VoxelLens study folder (docs/study-format.md),
// following the conventions of MindEye / Brain-Diffuser:
//   - betas are z-scored per scan session and per vertex/voxel over that session's trials (ColumnZScore);
//   - trials whose image is one of the shared images (sharedix) form the test set, averaged over the repeats
//     present (one row per shared image, sorted by 73k index); every other trial is a single training row, in
//     chronological order;
//   - stimulus indices are 0-based indices into the 73k images (subjectim[masterordering] - 1), and the study's
//     stimuli are NSD's nsd_stimuli.hdf5, referenced by absolute path and read lazily (never copied).
// The responses are streamed: one session (one hemisphere at a time for fsaverage) is in memory at once, so a full
// 40-session fsaverage import (30000 x 327684 float32, 39 GB) needs ~1 GB of RAM, not 39 GB.
// Missing sessions are skipped and reported; study.json is written last, so an interrupted import never leaves a
// study that looks complete.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/nsd/NsdLayout.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct NsdImportOptions {
  std::filesystem::path root;  // NSD_ROOT, the download's top folder
  std::filesystem::path out;   // the study folder to write
  std::string subject = "subj01";
  NsdSpace space = NsdSpace::Fsaverage;
  std::string betasVersion = "betas_fithrf_GLMdenoise_RR";
  std::vector<int> sessions;              // 1-based; empty = 1..40
  std::filesystem::path captions;         // optional "index<TAB>caption" file (see NsdCaptions.h)
  std::filesystem::path stimuliFile;      // empty = NSD_ROOT/nsddata_stimuli/stimuli/nsd/nsd_stimuli.hdf5
  std::string stimuliDataset = "imgBrick";
  std::size_t trialsPerSession = 750;     // NSD's; every session file must have exactly this many trials
  std::size_t fsaverageVertices = 163842; // per hemisphere; only tests of scaled-down trees change it
  bool overwrite = false;                 // replace a study already in `out`
};

struct NsdImportReport {
  std::vector<int> sessionsImported, sessionsMissing;
  std::vector<std::filesystem::path> missingFiles;  // the absent session files, in session order
  std::size_t columns = 0, trainTrials = 0, testImages = 0, testTrials = 0;
  std::size_t repeats = 0;                           // most common repeat count among the test images
  std::size_t minRepeats = 0, maxRepeats = 0;
  std::vector<std::string> roiSets, roiSetsMissing, layers, surfaces, notes;
  std::string maskSource;                            // func1pt8mm: which file the column mask came from
  std::size_t captionedImages = 0;
  std::uint64_t betaBytesRead = 0;                   // bytes of beta files read (compressed size on disk)
  std::uint64_t betaValuesRead = 0;                  // beta values z-scored and written
  double seconds = 0, betaSeconds = 0;               // whole import, and the beta streaming alone

  std::string summary() const;  // several lines for the terminal
};

// Throws std::invalid_argument for unusable input (no NSD tree, unknown subject or space, nothing to import, an
// existing study without overwrite), FormatError for a malformed file (naming it), JobCancelled when stopped.
// Nothing but temporary files (removed on the way out) is left behind by a failure before study.json.
NsdImportReport importNsd(const NsdImportOptions& options, const JobContext& context = {});

// "1-40", "1,3,5-7": sorted, unique session numbers; std::invalid_argument naming the bad part.
std::vector<int> parseSessionList(const std::string& text);
std::string formatSessionList(const std::vector<int>& sessions);  // {1,2,3,5} -> "1-3,5"

}  // namespace vl::core
