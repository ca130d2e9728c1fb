#pragma once
// Adds what a file holds to a Study as the right kind of item: per-vertex scalars and sampled volumes become scalar
// layers, label maps, FreeSurfer labels and atlas volumes (integer voxels, at most 2000 distinct values, piecewise
// constant) become ROI sets. Files whose vertex count fits no hemisphere of the
// study are refused with a message giving both counts, and nothing is added.
// Volumes are sampled at each hemisphere's reference surface (Study::referenceSurface, white by default), never at
// the shown one: a volume opened while the inflated surface is shown gets the same values as with the white one.
// The work is split for background jobs: prepareAdditions reads only a StudySnapshot (any thread), applyAdditions
// changes the Study (GUI thread).
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/io/DataFile.h"
#include "core/model/Study.h"

namespace vl::core {

// At most this many maps of one file become layers (a 750-frame beta file adds its first maps, and says so).
inline constexpr std::size_t kMaxLayersPerFile = 8;

// What one file adds to a study: layers and ROI sets with their displays, and a one-line description.
struct StudyAdditions {
  std::vector<std::pair<std::shared_ptr<const SurfaceLayer>, LayerDisplay>> layers;
  std::vector<std::pair<std::shared_ptr<const Parcellation>, RoiDisplay>> roiSets;
  std::string summary;
};

// Computes what `file` adds to the study `snapshot` was taken of (sampling volumes at its reference surfaces).
// Throws std::invalid_argument when nothing fits (a surface file, a vertex-count mismatch, a matrix that is not
// per-vertex).
StudyAdditions prepareAdditions(const StudySnapshot& snapshot, const DataFile& file);
// Adds them, all or nothing. Throws std::invalid_argument (naming the item and both vertex counts) when the study's
// surfaces no longer fit them, e.g. when another study was opened while they were prepared.
void applyAdditions(Study& study, const StudyAdditions& additions);

// prepareAdditions on a snapshot of `study`, then applyAdditions. Returns the one-line description.
std::string addToStudy(Study& study, const DataFile& file);

// Projects an atlas volume (integer region numbers) onto the reference surfaces by nearest voxel, at each vertex
// moved depthMm along its outward normal (e.g. into the cortical grey matter above a white surface), as an ROI set.
std::shared_ptr<Parcellation> sampleAtlasVolume(const StudySnapshot& snapshot, const Volume& volume, std::string name,
                                                std::vector<Label> labels, float depthMm = 0.0f);
// The same at several depths along the normal: each vertex takes the region found at most of them (samples outside
// every region do not vote; a tie goes to the depth listed first). A single depth misses the label wherever the
// surface sits a little deeper or shallower than the atlas's grey matter (a fold's crown, a filled handle), and
// those holes cut regions into pieces.
std::shared_ptr<Parcellation> sampleAtlasVolume(const StudySnapshot& snapshot, const Volume& volume, std::string name,
                                                std::vector<Label> labels, std::span<const float> depthsMm);
// sampleAtlasVolume on a snapshot of `study`, added to it as an ROI set.
void addAtlasVolume(Study& study, const Volume& volume, std::string name, std::vector<Label> labels,
                    std::span<const float> depthsMm, RoiDisplay display = {});

// The display a new scalar layer gets: a colour map and the 2nd..98th percentile range of its finite values
// (symmetric around zero, with a diverging map, when the values have both signs).
LayerDisplay scalarDisplayFor(const SurfaceLayer& layer);

}  // namespace vl::core
