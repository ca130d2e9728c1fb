#pragma once
// A scaled-down Natural Scenes Dataset download written with the real file formats and the real folder layout
// (core/nsd/NsdLayout.h): nsd_expdesign.mat through libmatio, nsd_stimuli.hdf5 through the HDF5 C API, betas as
// MGH (vertices x 1 x 1 x 750 float) or NIfTI (X x Y x Z x 750 int16 = 300 x beta), ncsnr, ROI label files with
// FreeSurfer colour tables, fsaverage surfaces. Sessions keep NSD's 750 trials so the importer's real code path
// runs; vertices, voxels, images and the design are small. The generated values are kept for the tests' checks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/nsd/NsdLayout.h"

namespace vl::fixtures {

struct MiniNsdSpec {
  core::NsdSpace space = core::NsdSpace::Fsaverage;
  std::vector<int> sessionsOnDisk{1, 2, 3};  // beta files written (a gap = a missing session)
  int designSessions = 3;                    // sessions the design's masterordering covers
  std::size_t trials = 750;
  std::size_t vertices = 40;                 // per hemisphere (fsaverage)
  std::array<std::int64_t, 3> grid{6, 5, 4}; // func1pt8mm grid
  std::size_t images = 1200;                 // images in the brick (NSD: 73000)
  std::size_t imageSize = 8;                 // height = width (NSD: 425)
  std::size_t imagesPerSubject = 1000;       // NSD: 10000
  std::size_t sharedImages = 60;             // NSD: 1000
  bool matlab73 = false;                     // write nsd_expdesign.mat as v7.3 (HDF5) instead of v5
  unsigned seed = 7;
};

struct MiniNsdTree {
  std::filesystem::path root;
  MiniNsdSpec spec;
  std::vector<std::int32_t> masterOrdering;  // 1-based, as in the .mat
  std::vector<std::int32_t> subjectImages;   // row-major 8 x imagesPerSubject, 1-based 73k indices
  std::vector<std::int32_t> sharedIndices;   // 1-based, sorted
  // Raw betas as the importer reads them: [index in sessionsOnDisk][part] trials x columns row-major, where the
  // parts are lh, rh (fsaverage) or the brainmask voxels in x-fastest order (func1pt8mm, already divided by 300).
  std::vector<std::vector<std::vector<float>>> betas;
  std::vector<std::size_t> maskVoxels;       // func1pt8mm: flat indices of brainmask voxels
  std::size_t constantColumn = 5;            // a column whose betas are constant in every session

  // Pixel (y, x, channel) of image n in the brick.
  static std::uint8_t pixel(std::size_t n, std::size_t y, std::size_t x, std::size_t c) {
    return static_cast<std::uint8_t>((n * 7 + y * 3 + x * 5 + c * 11) % 256);
  }
};

MiniNsdTree writeMiniNsdTree(const std::filesystem::path& root, const MiniNsdSpec& spec = {});

// Lower-level writers, also used to plant malformed files.
struct MatVariable {
  std::string name;
  std::vector<std::size_t> dims;  // MATLAB size
  std::vector<double> values;     // column-major
  bool asUint32 = false;          // store as MATLAB uint32 instead of double
};
void writeMatFile(const std::filesystem::path& file, const std::vector<MatVariable>& variables, bool matlab73);
// A uint8 dataset of the given shape (any rank), filled with MiniNsdTree::pixel for rank 4; with headerOnly, the
// dataset is declared but never written (HDF5 allocates contiguous storage late), so a huge shape costs nothing.
void writeImageBrick(const std::filesystem::path& file, const std::string& dataset,
                     const std::vector<std::size_t>& shape, bool headerOnly = false);

}  // namespace vl::fixtures
