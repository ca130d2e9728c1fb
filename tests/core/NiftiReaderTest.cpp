// NIfTI reader: files written here field by field from the NIfTI-1/2 specification, in either byte order, plain or
// gzip-compressed in every way gzip allows (one member, several, trailing bytes, stored blocks), must give the values
// the test chose; a .nii.gz must read exactly like the .nii it was made from; damaged files must be FormatErrors that
// name the file and the problem (truncated or corrupt compressed data, an offset beyond the file, lying sizes).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/base/FormatError.h"
#include "core/io/Gzip.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "tests/support/FileBytes.h"
#include "tests/support/HandMadeNifti.h"
#include "tests/support/MalformedCorpus.h"
#include "tests/support/TempDir.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
using fixtures::everyDatatype;
using fixtures::gzip;
using fixtures::HandMadeNifti;
using fixtures::put;
using fixtures::readAll;
using fixtures::Values;
using fixtures::valuesOf;
using fixtures::writeAll;
using fixtures::TempDir;

void expectBitwiseEqual(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(std::bit_cast<std::uint32_t>(actual[i]), std::bit_cast<std::uint32_t>(expected[i]))
        << "voxel " << i << ": " << actual[i] << " instead of " << expected[i];
}

void expectSameVolume(const core::Volume& a, const core::Volume& b) {
  EXPECT_EQ(a.dims, b.dims);
  EXPECT_EQ(a.spacing, b.spacing);
  EXPECT_EQ(a.voxelToWorld.m, b.voxelToWorld.m);
  EXPECT_EQ(a.sourceDatatype, b.sourceDatatype);
  expectBitwiseEqual(a.voxels, b.voxels);
}

core::FormatError readError(const fs::path& file) {
  try {
    core::readNifti(file);
  } catch (const core::FormatError& e) {
    return e;
  }
  ADD_FAILURE() << "readNifti accepted " << file;
  return core::FormatError(file, "", "");
}
}  // namespace

TEST(NiftiReader, EveryDatatypeInBothVersionsByteOrdersAndCompressions) {
  TempDir dir;
  for (const auto& values : everyDatatype()) {
    for (const int version : {1, 2})
      for (const bool bigEndian : {false, true})
        for (const bool compressed : {false, true}) {
          SCOPED_TRACE(values.name + " NIfTI-" + std::to_string(version) + (bigEndian ? " big-endian" : "") +
                       (compressed ? " gzip" : ""));
          const HandMadeNifti made{.version = version, .bigEndian = bigEndian};
          const auto file = dir.path / (compressed ? "image.nii.gz" : "image.nii");
          writeAll(file, compressed ? gzip(made.bytes(values)) : made.bytes(values));
          const auto volume = core::readNifti(file);
          EXPECT_EQ(volume.dims, (std::array<std::int64_t, 4>{5, 2, 1, 1}));
          EXPECT_EQ(volume.sourceDatatype, values.name);
          EXPECT_EQ(volume.spacing, (std::array<double, 3>{2, 3, 4}));
          EXPECT_EQ(volume.voxelToWorld.m,
                    (std::array<double, 16>{2, 0, 0, -10, 0, 3, 0, 20, 0, 0, 4, 30, 0, 0, 0, 1}));
          expectBitwiseEqual(volume.voxels, values.expected);
        }
  }
}

TEST(NiftiReader, ScalingAndQformInBothByteOrders) {
  TempDir dir;
  const auto values = valuesOf<std::int16_t>(4, "INT16", {-300, -1, 0, 1, 7, 100, 1000, 32767, -32768, 5});
  for (const int version : {1, 2}) {
    core::Volume little;
    for (const bool bigEndian : {false, true}) {
      SCOPED_TRACE("NIfTI-" + std::to_string(version) + (bigEndian ? " big-endian" : ""));
      const HandMadeNifti made{.version = version, .bigEndian = bigEndian, .slope = 0.5, .intercept = -3,
                               .qformOnly = true};
      writeAll(dir.path / "q.nii", made.bytes(values));
      const auto volume = core::readNifti(dir.path / "q.nii");
      std::vector<float> expected;
      for (const float v : values.expected) expected.push_back(static_cast<float>(v * 0.5 - 3.0));
      expectBitwiseEqual(volume.voxels, expected);
      // qfac -1 and a 90-degree turn about z: i -> +y (2 mm), j -> -x (3 mm), k -> -z (4 mm).
      const std::array<double, 16> qform{0, -3, 0, -10, 2, 0, 0, 20, 0, 0, -4, 30, 0, 0, 0, 1};
      for (std::size_t k = 0; k < 16; ++k) EXPECT_NEAR(volume.voxelToWorld.m[k], qform[k], 1e-6) << k;
      if (!bigEndian) little = volume;
      else expectSameVolume(volume, little);
    }
  }
}

TEST(NiftiReader, GzipFileReadsExactlyLikeThePlainFile) {
  TempDir dir;
  // Written by NiftiWriter (gzip through zlib), so this also holds for files the program makes itself.
  core::Volume volume;
  volume.dims = {7, 6, 5, 3};
  volume.spacing = {1.5, 2, 2.5};
  volume.voxelToWorld.m = {0, -2, 0, 10.5, 1.5, 0, 0, -20.25, 0, 0, 2.5, 30, 0, 0, 0, 1};
  volume.sourceDatatype = "FLOAT32";
  for (std::size_t i = 0; i < 7 * 6 * 5 * 3; ++i) volume.voxels.push_back(float(std::sin(double(i)) * 1000.0));
  for (const auto version : {core::NiftiWriteOptions::Version::Nifti1, core::NiftiWriteOptions::Version::Nifti2}) {
    core::writeNifti(dir.path / "v.nii", volume, {.version = version});
    core::writeNifti(dir.path / "v.nii.gz", volume, {.version = version});
    const auto plain = core::readNifti(dir.path / "v.nii");
    expectSameVolume(plain, volume);
    expectSameVolume(core::readNifti(dir.path / "v.nii.gz"), plain);
  }
  auto labels = volume;
  labels.sourceDatatype = "UINT8";
  for (std::size_t i = 0; i < labels.voxels.size(); ++i) labels.voxels[i] = float((i * 37) % 256);
  core::writeNifti(dir.path / "u8.nii", labels, {.keepIntegerDatatype = true});
  core::writeNifti(dir.path / "u8.nii.gz", labels, {.keepIntegerDatatype = true});
  expectSameVolume(core::readNifti(dir.path / "u8.nii"), labels);
  expectSameVolume(core::readNifti(dir.path / "u8.nii.gz"), labels);
}

TEST(NiftiReader, EveryKindOfGzipFileReadsTheSame) {
  TempDir dir;
  const auto values = valuesOf<std::int16_t>(4, "INT16", {-300, -1, 0, 1, 7, 100, 1000, 32767, -32768, 5});
  const HandMadeNifti made{.dims = {5, 2, 1}};  // 372 bytes: the members below split header and voxels
  const auto plain = made.bytes(values);
  writeAll(dir.path / "plain.nii", plain);
  const auto expected = core::readNifti(dir.path / "plain.nii");
  const std::map<std::string, std::string> variants{
      {"level 1", gzip(plain, 1)},
      {"level 9", gzip(plain, 9)},
      {"stored blocks (level 0)", gzip(plain, 0)},
      // Concatenated members (pigz, bgzip, cat a.gz b.gz): the first shorter than the last, and longer.
      {"two members, short first", gzip(plain.substr(0, 100)) + gzip(plain.substr(100))},
      {"two members, long first", gzip(plain.substr(0, 300)) + gzip(plain.substr(300))},
      {"three members", gzip(plain.substr(0, 10)) + gzip(plain.substr(10, 350)) + gzip(plain.substr(360))},
      // An empty member first: libdeflate inflates it whole, then zlib must carry on through the next one.
      {"empty member first", gzip("") + gzip(plain)},
      // gunzip ignores zeros after the last member (tape padding).
      {"trailing zeros", gzip(plain) + std::string(64, '\0')},
  };
  for (const auto& [name, bytes] : variants) {
    SCOPED_TRACE(name);
    writeAll(dir.path / "v.nii.gz", bytes);
    expectSameVolume(core::readNifti(dir.path / "v.nii.gz"), expected);
  }
}

TEST(NiftiReader, LargeGzipVolumeTakesTheWholeBufferPathAndMatches) {
  // 64 x 64 x 48 int16 (393 kB): large enough that the whole-member (libdeflate) inflation is used; the same file
  // split into two members goes through zlib; both must give the values written.
  TempDir dir;
  Values values{4, 2, "INT16", {}, {}};
  std::vector<std::int16_t> stored(64 * 64 * 48);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    stored[i] = static_cast<std::int16_t>((i * 7919) % 65536 - 32768);
    values.expected.push_back(float(stored[i]));
  }
  values.stored.assign(reinterpret_cast<const char*>(stored.data()), stored.size() * 2);
  for (const bool bigEndian : {false, true}) {
    const HandMadeNifti made{.bigEndian = bigEndian, .dims = {64, 64, 48}};
    const auto plain = made.bytes(values);
    writeAll(dir.path / "big.nii.gz", gzip(plain));
    expectBitwiseEqual(core::readNifti(dir.path / "big.nii.gz").voxels, values.expected);
    writeAll(dir.path / "big.nii.gz", gzip(plain.substr(0, 200000)) + gzip(plain.substr(200000)));
    expectBitwiseEqual(core::readNifti(dir.path / "big.nii.gz").voxels, values.expected);
  }
}

TEST(NiftiReader, PairsAndAsciiHeaders) {
  TempDir dir;
  const auto values = valuesOf<std::uint16_t>(512, "UINT16", {0, 1, 255, 256, 32767, 32768, 40000, 65534, 65535, 7});
  for (const bool bigEndian : {false, true}) {
    SCOPED_TRACE(bigEndian ? "big-endian" : "little-endian");
    // A .hdr/.img pair: magic "ni1", vox_offset 0, the voxels alone in the .img (here gzip-compressed).
    const HandMadeNifti made{.bigEndian = bigEndian};
    const auto single = made.bytes(values);
    std::string header = single.substr(0, 348);
    std::memcpy(header.data() + 344, "ni1\0", 4);
    put<float>(header, 108, 0.0f, bigEndian);
    writeAll(dir.path / "pair.hdr", header);
    writeAll(dir.path / "pair.img.gz", gzip(single.substr(352)));
    for (const char* name : {"pair.hdr", "pair.img.gz"}) {  // either file of the pair names it
      const auto volume = core::readNifti(dir.path / name);
      expectBitwiseEqual(volume.voxels, values.expected);
      EXPECT_EQ(volume.voxelToWorld.m[3], -10);
    }
    fs::remove(dir.path / "pair.img.gz");
    const auto missing = readError(dir.path / "pair.hdr");
    EXPECT_EQ(missing.file(), dir.path / "pair.hdr");
    EXPECT_NE(missing.problem().find("missing"), std::string::npos) << missing.what();
  }
  // An ASCII header (.nia, as nifti_clib writes it): the voxels are the last bytes of the file.
  std::string text =
      "<nifti_image\n  nifti_type = 'NIFTI-1A'\n  image_offset = '-1'\n  ndim = '3'\n  nx = '5'\n  ny = '2'\n"
      "  nz = '1'\n  dx = '2'\n  dy = '3'\n  dz = '4'\n  datatype = '512'\n  byteorder = 'LSB_FIRST'\n"
      "  sform_code = '1'\n  sto_xyz_matrix = '2 0 0 -10 0 3 0 20 0 0 4 30 0 0 0 1'\n/>\n";
  writeAll(dir.path / "text.nia", text + values.stored);
  const auto ascii = core::readNifti(dir.path / "text.nia");
  EXPECT_EQ(ascii.dims, (std::array<std::int64_t, 4>{5, 2, 1, 1}));
  expectBitwiseEqual(ascii.voxels, values.expected);
  EXPECT_EQ(ascii.voxelToWorld.m[7], 20);
}

TEST(NiftiReader, DamagedGzipFilesNameTheFileAndTheProblem) {
  TempDir dir;
  Values values{4, 2, "INT16", {}, {}};
  for (int i = 0; i < 64 * 64 * 16; ++i) {
    const auto v = static_cast<std::int16_t>(i * 31 % 20000);
    values.stored.append(reinterpret_cast<const char*>(&v), 2);
  }
  const HandMadeNifti made{.dims = {64, 64, 16}};
  const auto packed = gzip(made.bytes(values));
  const auto file = dir.path / "damaged.nii.gz";
  // Cut short anywhere: inside the gzip header, the NIfTI header, the voxels, the 8-byte trailer.
  for (const std::size_t keep : {std::size_t(5), std::size_t(60), packed.size() / 2, packed.size() - 3}) {
    SCOPED_TRACE("cut to " + std::to_string(keep) + " of " + std::to_string(packed.size()) + " bytes");
    writeAll(file, packed.substr(0, keep));
    const auto error = readError(file);
    EXPECT_EQ(error.file(), file);
    EXPECT_NE(error.problem().find("truncated"), std::string::npos) << error.what();
  }
  // Bytes changed inside the deflate data: zlib finds the damage, or the CRC in the trailer does.
  for (const std::size_t at : {packed.size() / 3, packed.size() / 2, packed.size() - 20}) {
    SCOPED_TRACE("damaged at byte " + std::to_string(at));
    auto corrupt = packed;
    for (std::size_t k = at; k < at + 4; ++k) corrupt[k] = static_cast<char>(corrupt[k] ^ 0x5A);
    writeAll(file, corrupt);
    const auto error = readError(file);
    EXPECT_EQ(error.file(), file);
    EXPECT_NE(error.problem().find("damaged"), std::string::npos) << error.what();
  }
  // A trailer (CRC) that does not match the data.
  auto badCrc = packed;
  badCrc[packed.size() - 8] = static_cast<char>(badCrc[packed.size() - 8] ^ 1);
  writeAll(file, badCrc);
  EXPECT_NE(readError(file).problem().find("damaged"), std::string::npos);
  // A header whose sizes promise far more voxels than the compressed data can expand to.
  const HandMadeNifti lying{.dims = {1000, 1000, 100}};
  writeAll(file, gzip(lying.bytes(values)));
  const auto error = readError(file);
  EXPECT_EQ(error.where(), "data");
  EXPECT_NE(error.problem().find("the file ends before all 100000000 voxels"), std::string::npos) << error.what();
}

TEST(NiftiReader, MalformedSamplesGiveTheirOwnMessages) {
  const fs::path malformed = fs::path(VOXELLENS_TEST_DATA) / "malformed";
  const std::map<std::string, std::pair<std::string, std::string>> expected{
      // sample: where, part of the problem
      {"nifti-rank-zero.nii", {"header dim[0]", "rank 0 is outside 1..7"}},
      {"nifti-negative-dim.nii", {"header dim[2]", "size -3 (expected at least 1)"}},
      {"nifti-huge-dims.nii", {"header dim", "implausible voxel count"}},
      {"nifti-complex-datatype.nii", {"header datatype", "unsupported datatype COMPLEX64"}},
      {"nifti-bad-datatype.nii", {"header datatype", "unsupported datatype code 1234"}},
      {"nifti-truncated-data.nii", {"data", "the file ends before all 64 voxels"}},
      {"nifti-nifti2-truncated-data.nii", {"data", "the file ends before all 64 voxels"}},
      {"nifti-vox-offset-beyond-file.nii", {"header vox_offset", "beyond the end of the file"}},
      {"nifti-truncated-header.nii", {"header", "not a NIfTI-1/2 image"}},
      {"nifti-bad-sizeof-hdr.nii", {"header", "not a NIfTI-1/2 image"}},
      {"nifti-gz-truncated-voxels.nii.gz", {"gzip data", "the file is truncated"}},
      {"nifti-gz-corrupt-deflate.nii.gz", {"gzip data", "the compressed data is damaged"}},
      {"nifti-gz-vox-offset-beyond-file.nii.gz", {"header vox_offset", "beyond the end of the file"}},
      {"nifti-big-endian-truncated-data.nii", {"data", "the file ends before all 60 voxels"}},
      {"nifti-big-endian-negative-dim.nii", {"header dim[3]", "size -4 (expected at least 1)"}},
  };
  for (const auto& [name, problem] : expected) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(fs::exists(malformed / name));
    const auto error = readError(malformed / name);
    EXPECT_EQ(error.file(), malformed / name);
    EXPECT_EQ(error.where(), problem.first) << error.what();
    EXPECT_NE(error.problem().find(problem.second), std::string::npos) << error.what();
  }
  EXPECT_GE(fixtures::expectMalformedSamplesRejected("nifti-", [](const fs::path& file) { core::readNifti(file); }),
            int(expected.size()));
}

TEST(NiftiReader, RankBelowFourGivesOneForTheMissingSizes) {
  // nifti_clib keeps dim[2] = 0 beyond the rank; the volume must still have as many voxels as its dims say.
  TempDir dir;
  const auto values = valuesOf<std::uint8_t>(2, "UINT8", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  auto bytes = HandMadeNifti{.dims = {10}}.bytes(values);
  put<std::int16_t>(bytes, 44, 0, false);  // dim[2] = 0, beyond rank 1
  writeAll(dir.path / "line.nii", bytes);
  const auto volume = core::readNifti(dir.path / "line.nii");
  EXPECT_EQ(volume.dims, (std::array<std::int64_t, 4>{10, 1, 1, 1}));
  expectBitwiseEqual(volume.voxels, values.expected);
}
