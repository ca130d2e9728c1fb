#pragma once
// Writes the simulated demo subject as a study folder (docs/study-format.md, docs/demo-subject.md): white surfaces,
// curvature, the Harvard-Oxford, Brodmann and planted ROI sets, the stimulus bank, NSD-like responses on the visual
// mask's columns, ncsnr / noise ceiling / retinotopy layers, and a truth/ folder with everything that was planted.
// The folder appears complete or not at all: it is built in a sibling DIR.tmp-XXXXXX and renamed into place last.
#include <cstdint>
#include <filesystem>

#include "core/demo/DemoAnatomy.h"
#include "core/demo/DemoSubject.h"
#include "core/demo/StimulusBank.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

// The demo study's recipe version: part of the cached demo study's folder name (core/demo/DemoStudyMaker.h), so a
// changed recipe is written anew instead of reusing an old folder. 3: test images only from stimuli the demo
// bundles held out in training (NsdLikeDesign.h); study.json records the responses' content hash. 4: the genus-0
// demo brain (core/anatomy/CortexExtractor.h), so other vertices carry the planted ROIs. 5: atlases sampled at
// several depths (DemoAtlases.h). 6: study.json states the stimuli's field of view (stimuli.field_of_view_deg).
inline constexpr int kDemoStudyVersion = 6;

struct DemoStudyWriteOptions {
  bool replace = false;           // replace an existing study folder (never a folder without study.json, unless empty)
  std::uint64_t bankSeed = 0;     // recorded in study.json / truth.json: how the stimuli were made
};

struct DemoStudyWriteResult {
  std::uintmax_t bytes = 0;       // total size of the files written
  double seconds = 0;
};

// Throws std::invalid_argument when `folder` may not be written: it exists and is not an empty folder, unless
// `replace` and it is a study folder (study.json inside). Cheap: callers check before the long work.
void checkDemoStudyTarget(const std::filesystem::path& folder, bool replace);

// Throws std::invalid_argument when `folder` exists and may not be replaced, std::runtime_error on write errors
// (the temporary folder is removed; an existing study at `folder` is left as it was), JobCancelled when stopped.
DemoStudyWriteResult writeDemoStudy(const std::filesystem::path& folder, const DemoAnatomy& anatomy,
                                    const StimulusBank& bank, const DemoSubject& subject,
                                    const DemoStudyWriteOptions& options = {}, const JobContext& context = {});

}  // namespace vl::core
