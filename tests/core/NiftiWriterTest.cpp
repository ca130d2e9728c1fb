// NIfTI writer: volumes written by writeNifti and read back by the existing readNifti must give the same values,
// voxel sizes and transform; the header bytes say which NIfTI version and datatype were written; the qform on its
// own (sform removed by hand) gives the same transform. Malformed NIfTI samples must be FormatErrors for readNifti.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/base/FormatError.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "tests/support/MalformedCorpus.h"
#include "tests/support/FileBytes.h"
#include "tests/support/TempDir.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {

using vl::fixtures::TempDir;

using vl::fixtures::readAll;
std::string gunzip(const fs::path& file) {
  gzFile in = gzopen(file.c_str(), "rb");
  std::string out;
  char buffer[4096];
  int n;
  while ((n = gzread(in, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  gzclose(in);
  return out;
}
template <typename T>
T get(const std::string& bytes, std::size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

// A rotation of 90 degrees about z with 2 x 2 x 2.5 mm voxels and an offset; every entry is exact in float32, so
// the NIfTI-1 sform (float32) stores it exactly.
core::Affine rotatedAffine() {
  core::Affine a;
  a.m = {0, -2, 0, 10.5, 2, 0, 0, -20.25, 0, 0, 2.5, 30, 0, 0, 0, 1};
  return a;
}

core::Volume makeVolume(std::array<std::int64_t, 4> dims, const std::string& datatype,
                        const std::function<float(std::size_t)>& value) {
  core::Volume v;
  v.dims = dims;
  v.spacing = {2, 2, 2.5};
  v.voxelToWorld = rotatedAffine();
  v.sourceDatatype = datatype;
  v.voxels.resize(static_cast<std::size_t>(dims[0] * dims[1] * dims[2] * dims[3]));
  for (std::size_t i = 0; i < v.voxels.size(); ++i) v.voxels[i] = value(i);
  return v;
}

void expectSameVolume(const core::Volume& a, const core::Volume& b) {
  EXPECT_EQ(a.dims, b.dims);
  EXPECT_EQ(a.spacing, b.spacing);
  EXPECT_EQ(a.voxelToWorld.m, b.voxelToWorld.m);
  ASSERT_EQ(a.voxels.size(), b.voxels.size());
  for (std::size_t i = 0; i < a.voxels.size(); ++i)
    ASSERT_EQ(std::memcmp(&a.voxels[i], &b.voxels[i], sizeof(float)), 0) << "voxel " << i;
}

std::vector<fs::path> filesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().filename());
  std::sort(files.begin(), files.end());
  return files;
}
}  // namespace

TEST(NiftiWriter, Uint8VolumeKeepsItsDatatype) {
  TempDir dir;
  const auto volume = makeVolume({5, 4, 3, 1}, "UINT8", [](std::size_t i) { return float((i * 37) % 256); });
  core::writeNifti(dir.path / "u8.nii", volume, {.keepIntegerDatatype = true});
  const auto back = core::readNifti(dir.path / "u8.nii");
  expectSameVolume(back, volume);
  EXPECT_EQ(back.sourceDatatype, "UINT8");
  const auto bytes = readAll(dir.path / "u8.nii");
  EXPECT_EQ(get<std::int32_t>(bytes, 0), 348);          // NIfTI-1
  EXPECT_EQ(get<std::int16_t>(bytes, 70), 2);           // DT_UINT8
  EXPECT_EQ(bytes.size(), 352u + 60u);                  // header + extender, then one byte per voxel
  EXPECT_EQ(static_cast<unsigned char>(bytes[352 + 1]), 37u);
  EXPECT_EQ(std::string(bytes.data() + 344, 4), std::string("n+1\0", 4));
}

TEST(NiftiWriter, Int16FourDimensionalGzipRoundTrip) {
  TempDir dir;
  const auto volume =
      makeVolume({4, 3, 2, 3}, "INT16", [](std::size_t i) { return float(int(i) * 911 % 30000 - 15000); });
  core::writeNifti(dir.path / "s16.nii.gz", volume, {.keepIntegerDatatype = true});
  const auto back = core::readNifti(dir.path / "s16.nii.gz");
  expectSameVolume(back, volume);
  EXPECT_EQ(back.sourceDatatype, "INT16");
  const auto bytes = gunzip(dir.path / "s16.nii.gz");
  EXPECT_EQ(get<std::int16_t>(bytes, 40), 4);   // dim[0]
  EXPECT_EQ(get<std::int16_t>(bytes, 48), 3);   // dim[4] frames
  EXPECT_EQ(get<std::int16_t>(bytes, 70), 4);   // DT_INT16
  EXPECT_EQ(get<std::int16_t>(bytes, 352 + 2 * 5), -15000 + 5 * 911);
}

TEST(NiftiWriter, Float32ByDefaultWithExactBits) {
  TempDir dir;
  // Integer source type, but the default stores float32; the values include fractions and extremes.
  const auto volume = makeVolume({3, 3, 3, 1}, "INT16", [](std::size_t i) {
    return i == 0 ? 3.4028235e38f : i == 1 ? -1e-38f : float(std::sin(double(i)) * 1000.0);
  });
  core::writeNifti(dir.path / "f.nii", volume);
  const auto back = core::readNifti(dir.path / "f.nii");
  expectSameVolume(back, volume);
  EXPECT_EQ(back.sourceDatatype, "FLOAT32");
}

TEST(NiftiWriter, Float32FourDimensionalNifti2Gzip) {
  TempDir dir;
  auto volume = makeVolume({3, 4, 5, 2}, "FLOAT32", [](std::size_t i) { return float(i) / 7.0f; });
  volume.voxelToWorld.m[3] = 0.1;  // not a float32 number: NIfTI-2 keeps the sform in double precision
  core::writeNifti(dir.path / "f2.nii.gz", volume, {.version = core::NiftiWriteOptions::Version::Nifti2});
  const auto back = core::readNifti(dir.path / "f2.nii.gz");
  expectSameVolume(back, volume);
  const auto bytes = gunzip(dir.path / "f2.nii.gz");
  EXPECT_EQ(get<std::int32_t>(bytes, 0), 540);
  EXPECT_EQ(std::string(bytes.data() + 4, 8), std::string("n+2\0\r\n\032\n", 8));
  EXPECT_EQ(get<std::int64_t>(bytes, 16 + 8 * 4), 2);  // dim[4]
}

TEST(NiftiWriter, HdrImgPairByEitherName) {
  TempDir dir;
  const auto volume = makeVolume({2, 3, 4, 1}, "UINT8", [](std::size_t i) { return float(i); });
  core::writeNifti(dir.path / "pair.img", volume, {.keepIntegerDatatype = true});
  EXPECT_EQ(filesIn(dir.path), (std::vector<fs::path>{"pair.hdr", "pair.img"}));
  EXPECT_EQ(fs::file_size(dir.path / "pair.img"), 24u);
  expectSameVolume(core::readNifti(dir.path / "pair.hdr"), volume);
  // Overwrite through the .hdr name with float data: both files are replaced.
  const auto second = makeVolume({2, 3, 4, 1}, "FLOAT32", [](std::size_t i) { return float(i) + 0.5f; });
  core::writeNifti(dir.path / "pair.hdr", second);
  EXPECT_EQ(fs::file_size(dir.path / "pair.img"), 96u);
  expectSameVolume(core::readNifti(dir.path / "pair.hdr"), second);
  EXPECT_EQ(filesIn(dir.path).size(), 2u);
}

TEST(NiftiWriter, IntegerTypeOnlyWhenEveryValueFits) {
  TempDir dir;
  for (const float bad : {256.0f, -1.0f, 1.5f, NAN}) {
    auto volume = makeVolume({2, 2, 2, 1}, "UINT8", [](std::size_t i) { return float(i); });
    volume.voxels[3] = bad;
    core::writeNifti(dir.path / "v.nii", volume, {.keepIntegerDatatype = true});
    EXPECT_EQ(get<std::int16_t>(readAll(dir.path / "v.nii"), 70), 16) << bad;  // DT_FLOAT32
  }
}

TEST(NiftiWriter, LargeDimensionSwitchesToNifti2) {
  TempDir dir;
  const auto volume = makeVolume({40000, 1, 1, 1}, "FLOAT32", [](std::size_t i) { return float(i); });
  core::writeNifti(dir.path / "long.nii", volume);  // NIfTI-1 asked, but 40000 does not fit int16
  const auto bytes = readAll(dir.path / "long.nii");
  EXPECT_EQ(get<std::int32_t>(bytes, 0), 540);
  EXPECT_EQ(get<std::int64_t>(bytes, 16 + 8), 40000);
  expectSameVolume(core::readNifti(dir.path / "long.nii"), volume);
}

// Found by fuzz_nifti: a NIfTI-2 file's sform may hold doubles beyond a float's range; written as NIfTI-1 they
// became infinities the reader then refused. The writer switches to NIfTI-2, as for a large dimension.
TEST(NiftiWriter, TransformBeyondFloatRangeSwitchesToNifti2) {
  TempDir dir;
  auto volume = makeVolume({2, 2, 2, 1}, "FLOAT32", [](std::size_t i) { return float(i); });
  volume.voxelToWorld.m[3] = 1e39;
  core::writeNifti(dir.path / "far.nii", volume);
  const auto bytes = readAll(dir.path / "far.nii");
  EXPECT_EQ(get<std::int32_t>(bytes, 0), 540);
  expectSameVolume(core::readNifti(dir.path / "far.nii"), volume);
  auto small = volume;
  small.voxelToWorld.m[3] = 3e38;  // still a float: NIfTI-1, as asked
  core::writeNifti(dir.path / "near.nii", small);
  EXPECT_EQ(get<std::int32_t>(readAll(dir.path / "near.nii"), 0), 348);
}

TEST(NiftiWriter, QformAloneGivesTheSameTransform) {
  TempDir dir;
  const auto volume = makeVolume({3, 3, 3, 1}, "FLOAT32", [](std::size_t i) { return float(i); });
  core::writeNifti(dir.path / "q.nii", volume);
  auto bytes = readAll(dir.path / "q.nii");
  EXPECT_EQ(get<std::int16_t>(bytes, 252), 1);  // qform_code
  EXPECT_EQ(get<std::int16_t>(bytes, 254), 1);  // sform_code
  const std::int16_t zero = 0;
  std::memcpy(bytes.data() + 254, &zero, 2);    // drop the sform: readNifti must fall back to the qform
  std::ofstream(dir.path / "qonly.nii", std::ios::binary) << bytes;
  const auto back = core::readNifti(dir.path / "qonly.nii");
  for (std::size_t k = 0; k < 16; ++k) EXPECT_NEAR(back.voxelToWorld.m[k], volume.voxelToWorld.m[k], 1e-5) << k;

  // A sheared transform has no qform; the writer leaves it unset rather than write a wrong one.
  auto sheared = volume;
  sheared.voxelToWorld.m[1] = 0.5;
  core::writeNifti(dir.path / "s.nii", sheared);
  const auto shearedBytes = readAll(dir.path / "s.nii");
  EXPECT_EQ(get<std::int16_t>(shearedBytes, 252), 0);
  expectSameVolume(core::readNifti(dir.path / "s.nii"), sheared);
}

TEST(NiftiWriter, RejectsBadInputAndLeavesTheOldFile) {
  TempDir dir;
  const auto volume = makeVolume({2, 2, 2, 1}, "FLOAT32", [](std::size_t i) { return float(i); });
  core::writeNifti(dir.path / "keep.nii", volume);
  const auto before = readAll(dir.path / "keep.nii");
  auto wrongCount = volume;
  wrongCount.voxels.pop_back();
  EXPECT_THROW(core::writeNifti(dir.path / "keep.nii", wrongCount), std::invalid_argument);
  EXPECT_THROW(core::writeNifti(dir.path / "keep.mgz", volume), std::invalid_argument);
  EXPECT_THROW(core::writeNifti(dir.path / "absent-folder" / "x.nii", volume), std::runtime_error);
  EXPECT_EQ(readAll(dir.path / "keep.nii"), before);
  // Overwriting works and leaves no temporary files behind.
  core::writeNifti(dir.path / "keep.nii", makeVolume({2, 2, 2, 1}, "FLOAT32", [](std::size_t) { return 9.0f; }));
  EXPECT_EQ(core::readNifti(dir.path / "keep.nii").voxels[7], 9.0f);
  EXPECT_EQ(filesIn(dir.path), (std::vector<fs::path>{"keep.nii"}));
}

TEST(NiftiWriter, EveryMalformedNiftiSampleIsAFormatError) {
  EXPECT_GE(fixtures::expectMalformedSamplesRejected("nifti-", [](const fs::path& file) { core::readNifti(file); }), 6);
}
