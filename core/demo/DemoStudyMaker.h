#pragma once
// The whole demo study, from nothing to a study folder: the demo brain (extracted or cached), its anatomy and
// atlases, the stimulus bank, the simulated subject and the folder writer. One function for `voxellens demo` and
// for the window's first start, which writes the study once into the user's cache and opens it from there.
#include <filesystem>

#include "core/demo/DemoStudyWriter.h"
#include "core/demo/DemoSubject.h"
#include "core/demo/StimulusBank.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct DemoStudyOptions {
  DemoSubjectOptions subject;
  StimulusBankOptions bank;
  bool replace = false;
};

struct DemoStudyMade {
  DemoStudyWriteResult written;
  std::size_t columns[2] = {0, 0};
  std::size_t trainTrials = 0, testImages = 0;
  int repeats = 0;
  double brainSeconds = 0, bankSeconds = 0, subjectSeconds = 0, totalSeconds = 0;
};

DemoStudyMade makeDemoStudy(const std::filesystem::path& folder, const DemoStudyOptions& options,
                            const JobContext& context = {});

// Where the window keeps the default demo study: the cache folder, named after everything that shapes the study
// (format version, subject seed, bank seed, column spacing), so that a changed recipe makes a new folder.
std::filesystem::path defaultDemoStudyFolder();

}  // namespace vl::core
