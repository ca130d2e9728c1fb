#pragma once
// `voxellens synth`: optimal stimuli for one target (core/fitting/StimulusSynthesis.h) without a window: each
// start's image, a contact sheet and synthesis.json (scores, bank percentiles, the judge's and the zero-shot
// categories, nearest bank images, settings, provenance).
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kSynthHelp;
int runSynthCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
