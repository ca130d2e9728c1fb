#pragma once
// Anatomical ROI sets for the demo brain, from the atlases in Debian's mricron-data (MNI space, like the Colin27
// surfaces): the Harvard-Oxford cortical maximum-probability map (48 regions, FSL's names) and Brodmann areas.
// Labels are sampled by nearest voxel along the white surface's outward normal at 0.5..3 mm, in the cortical grey
// matter where the atlases label cortex; each vertex takes the region most of those depths agree on (1.5 mm first
// on a tie). One depth alone left seams of unlabelled vertices that cut BA 17 and BA 18 into pieces.
#include <filesystem>

#include "core/jobs/JobContext.h"
#include "core/model/Study.h"

namespace vl::core {

inline constexpr float kAtlasSamplingDepthsMm[] = {1.5f, 1.0f, 2.0f, 0.5f, 2.5f, 3.0f};

// Adds "Harvard-Oxford cortical" and "Brodmann areas" (hidden; the user shows them in the ROIs dock). Missing
// atlas files are skipped: the demo brain still opens.
void addDemoAtlases(Study& study, const JobContext& context = {});

}  // namespace vl::core
