#pragma once
// Opens a study folder (docs/study-format.md) as the document the window shows: its surfaces with curvature and
// sulcal-depth shading, its layers and ROI sets, and its Experiment (stimuli, responses, response columns).
// One function for the GUI (in a background job) and the command line.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/jobs/JobContext.h"
#include "core/study/Experiment.h"
#include "core/model/Study.h"

namespace vl::core {

struct LoadedStudy {
  std::shared_ptr<Study> study;  // study->experiment() holds the stimuli and responses
  std::vector<std::string> notes;  // one line per item that was skipped, with why
};

// Throws FormatError for a missing/invalid study.json or unreadable surfaces or responses; a layer or ROI set that
// does not fit is skipped and named in notes.
LoadedStudy loadStudyFolder(const std::filesystem::path& folder, const JobContext& context = {});

// Loads only the Experiment part (for CLI commands that need responses but no surfaces).
std::shared_ptr<const Experiment> loadExperiment(const StudyManifest& manifest, const JobContext& context = {});

}  // namespace vl::core
