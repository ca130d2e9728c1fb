#pragma once
// Anatomical ROI sets for the demo brain, from the atlases in Debian's mricron-data (MNI space, like the Colin27
// surfaces): the Harvard-Oxford cortical maximum-probability map (48 regions, FSL's names) and Brodmann areas.
// Labels are sampled by nearest voxel 1.5 mm outside the white surface along its normal, in cortical grey matter
// where the atlases label cortex.
#include <filesystem>

#include "core/jobs/JobContext.h"
#include "core/model/Study.h"

namespace vl::core {

inline constexpr float kAtlasSamplingDepthMm = 1.5f;

// Adds "Harvard-Oxford cortical" and "Brodmann areas" (hidden; the user shows them in the ROIs dock). Missing
// atlas files are skipped: the demo brain still opens.
void addDemoAtlases(Study& study, const JobContext& context = {});

}  // namespace vl::core
