#pragma once
// Adds what a file holds to a Study as the right kind of item: per-vertex scalars and sampled volumes become scalar
// layers, label maps, FreeSurfer labels and atlas volumes (integer voxels, at most 2000 distinct values, piecewise
// constant) become ROI sets. Files whose vertex count fits no hemisphere of the
// study are refused with a message giving both counts, and nothing is added.
#include <string>

#include "core/io/DataFile.h"
#include "core/model/Study.h"

namespace vl::core {

// At most this many maps of one file become layers (a 750-frame beta file adds its first maps, and says so).
inline constexpr std::size_t kMaxLayersPerFile = 8;

// Returns a one-line description of what was added. Throws std::invalid_argument when nothing fits (a surface
// file, a vertex-count mismatch, a matrix that is not per-vertex).
std::string addToStudy(Study& study, const DataFile& file);

// Projects an atlas volume (integer region numbers) onto the shown surfaces by nearest voxel, at each vertex moved
// depthMm along its outward normal (e.g. into the cortical grey matter above a white surface), as an ROI set.
void addAtlasVolume(Study& study, const Volume& volume, std::string name, std::vector<Label> labels,
                    float depthMm = 0.0f, RoiDisplay display = {});

// The display a new scalar layer gets: a colour map and the 2nd..98th percentile range of its finite values
// (symmetric around zero, with a diverging map, when the values have both signs).
LayerDisplay scalarDisplayFor(const SurfaceLayer& layer);

}  // namespace vl::core
