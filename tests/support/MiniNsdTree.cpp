#include "tests/support/MiniNsdTree.h"

#include <hdf5.h>
#include <matio.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

#include "core/io/FreeSurferCtab.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/Hdf5Library.h"
#include "core/io/MghFile.h"
#include "core/io/NiftiWriter.h"

namespace vl::fixtures {
namespace fs = std::filesystem;
using core::NsdSpace;

void writeMatFile(const fs::path& file, const std::vector<MatVariable>& variables, bool matlab73) {
  fs::create_directories(file.parent_path());
  auto lock = core::lockHdf5Library();
  mat_t* mat = Mat_CreateVer(file.c_str(), nullptr, matlab73 ? MAT_FT_MAT73 : MAT_FT_MAT5);
  if (!mat) throw std::runtime_error("libmatio cannot create " + file.string());
  for (const auto& variable : variables) {
    std::vector<std::size_t> dims = variable.dims;
    std::vector<std::uint32_t> asUint(variable.values.begin(), variable.values.end());
    std::vector<double> asDouble = variable.values;
    matvar_t* var =
        variable.asUint32
            ? Mat_VarCreate(variable.name.c_str(), MAT_C_UINT32, MAT_T_UINT32, static_cast<int>(dims.size()),
                            dims.data(), asUint.data(), 0)
            : Mat_VarCreate(variable.name.c_str(), MAT_C_DOUBLE, MAT_T_DOUBLE, static_cast<int>(dims.size()),
                            dims.data(), asDouble.data(), 0);
    if (!var || Mat_VarWrite(mat, var, MAT_COMPRESSION_ZLIB) != 0) {
      if (var) Mat_VarFree(var);
      Mat_Close(mat);
      throw std::runtime_error("libmatio cannot write " + variable.name + " to " + file.string());
    }
    Mat_VarFree(var);
  }
  Mat_Close(mat);
}

void writeImageBrick(const fs::path& file, const std::string& dataset, const std::vector<std::size_t>& shape,
                     bool headerOnly) {
  fs::create_directories(file.parent_path());
  std::size_t count = 1;
  for (auto d : shape) count *= d;
  std::vector<std::uint8_t> data(headerOnly ? 0 : count);
  if (shape.size() == 4 && !headerOnly) {
    std::size_t i = 0;
    for (std::size_t n = 0; n < shape[0]; ++n)
      for (std::size_t y = 0; y < shape[1]; ++y)
        for (std::size_t x = 0; x < shape[2]; ++x)
          for (std::size_t c = 0; c < shape[3]; ++c) data[i++] = MiniNsdTree::pixel(n, y, x, c);
  }
  auto lock = core::lockHdf5Library();
  const hid_t h5 = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<hsize_t> dims(shape.begin(), shape.end());
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t set = H5Dcreate2(h5, dataset.c_str(), H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const herr_t written = headerOnly ? 0 : H5Dwrite(set, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data());
  H5Dclose(set);
  H5Sclose(space);
  H5Fclose(h5);
  if (h5 < 0 || set < 0 || written < 0) throw std::runtime_error("cannot write " + file.string());
}

namespace {
core::MghImage vertexMgh(const std::vector<float>& values, std::int32_t vertices, std::int32_t frames) {
  core::MghImage image;
  image.dims = {vertices, 1, 1, frames};
  image.data = values;
  return image;
}

core::MghImage labelMgz(const std::vector<std::int32_t>& keys) {
  core::MghImage image;
  image.dims = {static_cast<std::int32_t>(keys.size()), 1, 1, 1};
  image.data = keys;
  return image;
}

core::Volume gridVolume(const std::array<std::int64_t, 3>& grid, std::int64_t frames, std::string datatype) {
  core::Volume volume;
  volume.dims = {grid[0], grid[1], grid[2], frames};
  volume.spacing = {1.8, 1.8, 1.8};
  volume.voxelToWorld.m = {1.8, 0, 0, -10, 0, 1.8, 0, -20, 0, 0, 1.8, -5, 0, 0, 0, 1};
  volume.sourceDatatype = std::move(datatype);
  volume.voxels.assign(static_cast<std::size_t>(grid[0] * grid[1] * grid[2] * frames), 0.0f);
  return volume;
}
}  // namespace

MiniNsdTree writeMiniNsdTree(const fs::path& root, const MiniNsdSpec& spec) {
  MiniNsdTree tree;
  tree.root = root;
  tree.spec = spec;
  std::mt19937 random(spec.seed);
  const core::NsdLayout layout{root, "subj01", spec.space};

  // Design: every subject sees imagesPerSubject distinct images; the first sharedImages of each are the shared
  // ones (as in NSD, where subjectim(:, 1:1000) are the shared 1000). masterordering shows each image up to three
  // times in a shuffled order.
  std::vector<std::int32_t> all(spec.images);
  std::iota(all.begin(), all.end(), 1);
  std::shuffle(all.begin(), all.end(), random);
  std::vector<std::int32_t> sharedSet(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(spec.sharedImages));
  tree.subjectImages.resize(8 * spec.imagesPerSubject);
  for (std::size_t s = 0; s < 8; ++s) {
    std::vector<std::int32_t> rest(all.begin() + static_cast<std::ptrdiff_t>(spec.sharedImages), all.end());
    std::shuffle(rest.begin(), rest.end(), random);
    for (std::size_t i = 0; i < spec.imagesPerSubject; ++i)
      tree.subjectImages[s * spec.imagesPerSubject + i] = i < spec.sharedImages ? sharedSet[i] : rest[i - spec.sharedImages];
  }
  tree.sharedIndices = sharedSet;
  std::sort(tree.sharedIndices.begin(), tree.sharedIndices.end());
  std::vector<std::int32_t> showings;
  for (int repeat = 0; repeat < 3; ++repeat)
    for (std::size_t i = 1; i <= spec.imagesPerSubject; ++i) showings.push_back(static_cast<std::int32_t>(i));
  std::shuffle(showings.begin(), showings.end(), random);
  const std::size_t designTrials = static_cast<std::size_t>(spec.designSessions) * spec.trials;
  if (designTrials > showings.size()) throw std::invalid_argument("MiniNsdSpec: too few images for the trials");
  tree.masterOrdering.assign(showings.begin(), showings.begin() + static_cast<std::ptrdiff_t>(designTrials));

  MatVariable ordering{"masterordering", {1, designTrials}, {}};
  ordering.values.assign(tree.masterOrdering.begin(), tree.masterOrdering.end());
  MatVariable subjectim{"subjectim", {8, spec.imagesPerSubject}, {}, true};
  subjectim.values.resize(tree.subjectImages.size());
  for (std::size_t s = 0; s < 8; ++s)
    for (std::size_t i = 0; i < spec.imagesPerSubject; ++i)
      subjectim.values[i * 8 + s] = tree.subjectImages[s * spec.imagesPerSubject + i];  // column-major
  MatVariable sharedix{"sharedix", {1, spec.sharedImages}, {}};
  sharedix.values.assign(tree.sharedIndices.begin(), tree.sharedIndices.end());
  MatVariable basiccnt{"basiccnt", {3, 40}, std::vector<double>(120, 1.0)};
  writeMatFile(layout.designFile(), {basiccnt, ordering, sharedix, subjectim}, spec.matlab73);

  writeImageBrick(layout.stimuliFile(), "imgBrick", {spec.images, spec.imageSize, spec.imageSize, 3});

  // Betas: per column a random offset and scale, plus one constant column.
  fs::create_directories(layout.betasFolder());
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const std::size_t trials = spec.trials;
  if (spec.space == NsdSpace::Fsaverage) {
    const auto v = spec.vertices;
    for (const int session : spec.sessionsOnDisk) {
      auto& parts = tree.betas.emplace_back();
      const auto files = layout.sessionFiles(session);
      for (std::size_t h = 0; h < 2; ++h) {
        std::vector<float> matrix(trials * v);
        for (std::size_t c = 0; c < v; ++c) {
          const float offset = 0.5f * static_cast<float>(c % 7) - 1.0f, scale = 0.5f + 0.1f * static_cast<float>(c % 5);
          for (std::size_t t = 0; t < trials; ++t)
            matrix[t * v + c] = c == tree.constantColumn ? 2.5f : offset + scale * normal(random);
        }
        core::writeMgh(files[h], vertexMgh(matrix, static_cast<std::int32_t>(v), static_cast<std::int32_t>(trials)));
        parts.push_back(std::move(matrix));
      }
    }
    for (std::size_t h = 0; h < 2; ++h) {
      std::vector<float> ncsnr(v);
      for (std::size_t c = 0; c < v; ++c) ncsnr[c] = 0.01f * static_cast<float>(c) + (h ? 0.5f : 0.0f);
      core::writeMgh(layout.ncsnrFiles()[h], vertexMgh(ncsnr, static_cast<std::int32_t>(v), 1));
    }
    // ROIs on fsaverage: streams with its colour table, nsdgeneral without one.
    const fs::path labels = root / "nsddata" / "freesurfer" / "fsaverage" / "label";
    fs::create_directories(labels);
    for (const char* hemisphere : {"lh", "rh"}) {
      std::vector<std::int32_t> streams(v), general(v);
      for (std::size_t c = 0; c < v; ++c) {
        streams[c] = static_cast<std::int32_t>(c % 4);
        general[c] = c < v / 2 ? 1 : 0;
      }
      core::writeMgh(labels / (std::string(hemisphere) + ".streams.mgz"), labelMgz(streams));
      core::writeMgh(labels / (std::string(hemisphere) + ".nsdgeneral.mgz"), labelMgz(general));
    }
    core::writeFreeSurferCtab(labels / "streams.mgz.ctab", {{0, "Unknown", {0, 0, 0, 0}},
                                                            {1, "early", {1, 0, 0, 1}},
                                                            {2, "midventral", {0, 1, 0, 1}},
                                                            {3, "ventral", {0, 0, 1, 1}}});
    // fsaverage surfaces: a white surface per hemisphere (a strip of triangles), a pial only for lh.
    for (const char* hemisphere : {"lh", "rh"}) {
      core::Surface surface;
      surface.hemisphere = hemisphere[0] == 'l' ? core::Hemisphere::Left : core::Hemisphere::Right;
      for (std::size_t c = 0; c < v; ++c)
        surface.vertices.push_back({static_cast<float>(c), static_cast<float>(c % 3), static_cast<float>(c % 5)});
      for (std::size_t c = 0; c + 2 < v; ++c)
        surface.triangles.push_back(
            {static_cast<std::int32_t>(c), static_cast<std::int32_t>(c + 1), static_cast<std::int32_t>(c + 2)});
      const fs::path folder = root / "nsddata" / "freesurfer" / "fsaverage" / "surf";
      fs::create_directories(folder);
      core::writeFreeSurferSurface(folder / (std::string(hemisphere) + ".white"), surface);
      if (hemisphere[0] == 'l') core::writeFreeSurferSurface(folder / "lh.pial", surface);
    }
    return tree;
  }

  // func1pt8mm: a brainmask, int16 betas (300 x percent signal change), ncsnr, one ROI volume.
  core::Volume mask = gridVolume(spec.grid, 1, "UINT8");
  for (std::size_t i = 0; i < mask.voxels.size(); ++i)
    if (i % 3 != 0) {
      mask.voxels[i] = 1.0f;
      tree.maskVoxels.push_back(i);
    }
  core::NiftiWriteOptions integer;
  integer.keepIntegerDatatype = true;
  fs::create_directories(layout.brainMaskFile().parent_path());
  core::writeNifti(layout.brainMaskFile(), mask, integer);
  const std::size_t perFrame = mask.voxels.size();
  tree.constantColumn = 2;  // the third mask voxel
  for (const int session : spec.sessionsOnDisk) {
    core::Volume betas = gridVolume(spec.grid, static_cast<std::int64_t>(trials), "INT16");
    std::vector<float> matrix(trials * tree.maskVoxels.size());
    for (std::size_t j = 0; j < tree.maskVoxels.size(); ++j)
      for (std::size_t t = 0; t < trials; ++t) {
        const float stored = j == tree.constantColumn
                                 ? 600.0f
                                 : std::round(300.0f * (0.2f * static_cast<float>(j % 4) + normal(random)));
        betas.voxels[t * perFrame + tree.maskVoxels[j]] = stored;
        matrix[t * tree.maskVoxels.size() + j] = stored / 300.0f;
      }
    core::writeNifti(layout.sessionFiles(session)[0], betas, integer);
    tree.betas.push_back({std::move(matrix)});
  }
  core::Volume ncsnr = gridVolume(spec.grid, 1, "FLOAT32");
  for (std::size_t i = 0; i < perFrame; ++i) ncsnr.voxels[i] = mask.voxels[i] * 0.1f * static_cast<float>(i % 9);
  core::writeNifti(layout.ncsnrFiles()[0], ncsnr);
  core::Volume roi = gridVolume(spec.grid, 1, "INT16");
  for (std::size_t i = 0; i < perFrame; ++i) roi.voxels[i] = mask.voxels[i] == 0 ? -1.0f : static_cast<float>(i % 3);
  const fs::path roiFile = layout.roiFiles("prf-visualrois")[0];
  fs::create_directories(roiFile.parent_path());
  core::writeNifti(roiFile, roi, integer);
  const fs::path ctabFolder = root / "nsddata" / "freesurfer" / "subj01" / "label";
  fs::create_directories(ctabFolder);
  core::writeFreeSurferCtab(ctabFolder / "prf-visualrois.mgz.ctab",
                            {{0, "Unknown", {0, 0, 0, 0}}, {1, "V1v", {1, 0, 0, 1}}, {2, "V1d", {0, 1, 0, 1}}});
  return tree;
}

}  // namespace vl::fixtures
