// NiftiFrameReader: every frame it hands out must equal readNifti's voxels of that frame bit for bit, with the same
// dims, datatype, voxel sizes and transform, for plain and gzip files, NIfTI-1 and -2, both byte orders, every
// datatype, with scaling, written by hand or by NiftiWriter, and gzip split into members anywhere (also across its
// 1 MiB input buffer). Truncated files name the frame they end in; damaged deflate data is a FormatError.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/base/FormatError.h"
#include "core/io/NiftiFrameReader.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "tests/support/FileBytes.h"
#include "tests/support/HandMadeNifti.h"
#include "tests/support/TempDir.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
using fixtures::gzip;
using fixtures::HandMadeNifti;
using fixtures::readAll;
using fixtures::TempDir;
using fixtures::writeAll;

bool sameBits(float a, float b) { return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b); }

// Reads `file` both ways and expects the same description and, frame by frame, the same voxels.
void expectFramesMatchReadNifti(const fs::path& file) {
  const core::Volume whole = core::readNifti(file);
  core::NiftiFrameReader reader(file);
  EXPECT_EQ(reader.dims(), whole.dims);
  EXPECT_EQ(reader.image().spacing, whole.spacing);
  EXPECT_EQ(reader.voxelToWorld().m, whole.voxelToWorld.m);
  EXPECT_EQ(reader.sourceDatatype(), whole.sourceDatatype);
  ASSERT_EQ(reader.voxelsPerFrame(), whole.voxelsPerFrame());
  std::vector<float> frame;
  for (std::int64_t t = 0; t < whole.dims[3]; ++t) {
    ASSERT_TRUE(reader.nextFrame(frame)) << "frame " << t;
    ASSERT_EQ(frame.size(), whole.voxelsPerFrame());
    const float* expected = whole.voxels.data() + static_cast<std::size_t>(t) * whole.voxelsPerFrame();
    for (std::size_t i = 0; i < frame.size(); ++i)
      ASSERT_TRUE(sameBits(frame[i], expected[i])) << "frame " << t << " voxel " << i << ": " << frame[i]
                                                   << " instead of " << expected[i];
  }
  EXPECT_EQ(reader.framesRead(), whole.dims[3]);
  frame.assign(3, 42.0f);
  EXPECT_FALSE(reader.nextFrame(frame));
  EXPECT_EQ(frame, std::vector<float>(3, 42.0f));  // left alone after the last frame
}

core::FormatError errorReadingAll(const fs::path& file, std::int64_t* framesBefore = nullptr) {
  std::int64_t frames = 0;
  try {
    core::NiftiFrameReader reader(file);
    std::vector<float> frame;
    while (reader.nextFrame(frame)) ++frames;
  } catch (const core::FormatError& e) {
    if (framesBefore) *framesBefore = frames;
    return e;
  }
  ADD_FAILURE() << "NiftiFrameReader read all of " << file;
  return core::FormatError(file, "", "");
}

// A smooth 4-D series (what betas look like), nx x ny x nz x frames, as int16-range integers.
core::Volume series(std::int64_t nx, std::int64_t ny, std::int64_t nz, std::int64_t frames, unsigned seed) {
  core::Volume volume;
  volume.dims = {nx, ny, nz, frames};
  volume.spacing = {1.8, 1.8, 1.8};
  volume.voxelToWorld.m = {1.8, 0, 0, -72, 0, 1.8, 0, -90, 0, 0, 1.8, -60, 0, 0, 0, 1};
  volume.sourceDatatype = "INT16";
  std::mt19937 random(seed);
  std::normal_distribution<float> noise(0.0f, 300.0f);
  volume.voxels.resize(static_cast<std::size_t>(nx * ny * nz * frames));
  for (std::size_t i = 0; i < volume.voxels.size(); ++i)
    volume.voxels[i] = std::round(std::clamp(600.0f * std::sin(float(i % 977) * 0.01f) + noise(random), -32768.0f,
                                             32767.0f));
  return volume;
}
}  // namespace

TEST(NiftiFrameReader, EveryDatatypeVersionByteOrderAndCompressionMatchesReadNifti) {
  TempDir dir;
  for (const auto& values : fixtures::everyDatatype())
    for (const int version : {1, 2})
      for (const bool bigEndian : {false, true})
        for (const bool compressed : {false, true})
          for (const bool scaled : {false, true}) {
            SCOPED_TRACE(values.name + " NIfTI-" + std::to_string(version) + (bigEndian ? " big-endian" : "") +
                         (compressed ? " gzip" : "") + (scaled ? " scaled" : ""));
            // Ten values = two frames of 5 x 1 x 1; a qform on the scaled ones.
            const HandMadeNifti made{.version = version, .bigEndian = bigEndian, .dims = {5, 1, 1, 2},
                                     .slope = scaled ? 0.5 : 0, .intercept = scaled ? -3.0 : 0.0, .qformOnly = scaled};
            const auto file = dir.path / (compressed ? "image.nii.gz" : "image.nii");
            writeAll(file, compressed ? gzip(made.bytes(values)) : made.bytes(values));
            expectFramesMatchReadNifti(file);
            // And the values are the ones chosen (readNifti's own tests pin them): frame 2 starts at value 6.
            core::NiftiFrameReader reader(file);
            std::vector<float> frame;
            ASSERT_TRUE(reader.nextFrame(frame));
            ASSERT_TRUE(reader.nextFrame(frame));
            const float expected = scaled ? float(values.expected[5] * 0.5 - 3.0) : values.expected[5];
            EXPECT_TRUE(sameBits(frame[0], expected)) << frame[0] << " instead of " << expected;
            EXPECT_EQ(reader.sclSlope(), scaled ? 0.5 : 0.0);
            EXPECT_EQ(reader.datatype(), values.datatype);
          }
}

TEST(NiftiFrameReader, FilesFromNiftiWriterMatchReadNifti) {
  TempDir dir;
  const core::Volume betas = series(9, 7, 5, 12, 3);
  auto floats = betas;
  floats.sourceDatatype = "FLOAT32";
  for (auto& v : floats.voxels) v = v / 300.0f + 0.125f;
  for (const auto version : {core::NiftiWriteOptions::Version::Nifti1, core::NiftiWriteOptions::Version::Nifti2})
    for (const char* name : {"b.nii", "b.nii.gz", "b.hdr"}) {
      SCOPED_TRACE(std::string(name) + (version == core::NiftiWriteOptions::Version::Nifti2 ? " NIfTI-2" : ""));
      core::writeNifti(dir.path / name, betas, {.version = version, .keepIntegerDatatype = true});
      core::NiftiFrameReader reader(dir.path / name);
      EXPECT_EQ(reader.sourceDatatype(), "INT16");
      expectFramesMatchReadNifti(dir.path / name);
      core::writeNifti(dir.path / name, floats, {.version = version});
      expectFramesMatchReadNifti(dir.path / name);
      // Frame by frame equals what was written.
      core::NiftiFrameReader again(dir.path / name);
      std::vector<float> frame;
      for (std::size_t t = 0; again.nextFrame(frame); ++t)
        for (std::size_t i = 0; i < frame.size(); ++i)
          ASSERT_EQ(frame[i], floats.voxels[t * frame.size() + i]) << t << " " << i;
    }
}

TEST(NiftiFrameReader, GzipMembersAnywhereAndAcrossTheInputBuffer) {
  TempDir dir;
  // 64 x 64 x 20 x 8 int16 with noise: 1.3 MB of voxels, about 1 MB compressed, so members and the 1 MiB input
  // buffer boundary fall inside frames.
  const core::Volume betas = series(64, 64, 20, 8, 5);
  core::writeNifti(dir.path / "plain.nii", betas, {.keepIntegerDatatype = true});
  const std::string plain = readAll(dir.path / "plain.nii");
  const std::size_t n = plain.size();
  const std::vector<std::pair<std::string, std::string>> variants{
      {"one member, level 1", gzip(plain, 1)},
      {"stored blocks (level 0)", gzip(plain, 0)},
      {"member ends inside the header", gzip(plain.substr(0, 100)) + gzip(plain.substr(100))},
      {"members end inside frames", gzip(plain.substr(0, 70001), 0) + gzip(plain.substr(70001, 600000)) +
                                        gzip(plain.substr(670001, 5)) + gzip(plain.substr(670006))},
      {"empty member first", gzip("") + gzip(plain)},
      {"trailing zeros", gzip(plain) + std::string(64, '\0')},
      {"member boundary at the last byte", gzip(plain.substr(0, n - 1)) + gzip(plain.substr(n - 1))},
  };
  for (const auto& [name, bytes] : variants) {
    SCOPED_TRACE(name);
    writeAll(dir.path / "v.nii.gz", bytes);
    expectFramesMatchReadNifti(dir.path / "v.nii.gz");
  }
}

TEST(NiftiFrameReader, TruncatedFilesNameTheFrameTheyEndIn) {
  TempDir dir;
  const core::Volume betas = series(10, 8, 6, 4, 9);  // 480 voxels = 960 bytes per frame
  core::writeNifti(dir.path / "full.nii", betas, {.keepIntegerDatatype = true});
  const std::string plain = readAll(dir.path / "full.nii");
  const std::size_t offset = 352, frameBytes = 960;
  ASSERT_EQ(plain.size(), offset + 4 * frameBytes);
  const std::string cut = plain.substr(0, offset + 2 * frameBytes + 100);  // ends in frame 3

  // A plain file: its length tells at once.
  writeAll(dir.path / "cut.nii", cut);
  std::int64_t frames = -1;
  auto error = errorReadingAll(dir.path / "cut.nii", &frames);
  EXPECT_EQ(frames, 0);
  EXPECT_EQ(error.file(), dir.path / "cut.nii");
  EXPECT_NE(error.problem().find("the file ends before all 1920 voxels, in frame 3 of 4"), std::string::npos)
      << error.what();
  // readNifti says the same (one shared message).
  try {
    core::readNifti(dir.path / "cut.nii");
    ADD_FAILURE() << "readNifti read a truncated file";
  } catch (const core::FormatError& e) {
    EXPECT_EQ(e.problem(), error.problem());
  }

  // A complete gzip stream of the cut file: the first two frames come out, then the error.
  writeAll(dir.path / "short.nii.gz", gzip(cut));
  error = errorReadingAll(dir.path / "short.nii.gz", &frames);
  EXPECT_EQ(frames, 2);
  EXPECT_NE(error.problem().find("in frame 3 of 4"), std::string::npos) << error.what();
  EXPECT_NE(error.problem().find("once decompressed"), std::string::npos) << error.what();

  // A .nii.gz cut short (an interrupted download): one member per frame, the file cut inside frame 3's member.
  std::string members = gzip(plain.substr(0, offset));
  for (std::size_t t = 0; t < 4; ++t) members += gzip(plain.substr(offset + t * frameBytes, frameBytes));
  const std::size_t frame3Start = gzip(plain.substr(0, offset)).size() +
                                  gzip(plain.substr(offset, frameBytes)).size() +
                                  gzip(plain.substr(offset + frameBytes, frameBytes)).size();
  writeAll(dir.path / "members.nii.gz", members);
  expectFramesMatchReadNifti(dir.path / "members.nii.gz");
  writeAll(dir.path / "cut.nii.gz", members.substr(0, frame3Start + 200));
  error = errorReadingAll(dir.path / "cut.nii.gz", &frames);
  EXPECT_EQ(frames, 2);
  EXPECT_EQ(error.file(), dir.path / "cut.nii.gz");
  EXPECT_NE(error.problem().find("in frame 3 of 4"), std::string::npos) << error.what();
  EXPECT_NE(error.problem().find("truncated"), std::string::npos) << error.what();
  // Cut inside the last member's trailer: all frames may come out, but the CRC check after the last one fails.
  writeAll(dir.path / "trailer.nii.gz", members.substr(0, members.size() - 3));
  error = errorReadingAll(dir.path / "trailer.nii.gz", &frames);
  EXPECT_NE(error.problem().find("truncated"), std::string::npos) << error.what();
}

TEST(NiftiFrameReader, CorruptDeflateStreamIsAFormatError) {
  TempDir dir;
  const core::Volume betas = series(16, 16, 8, 6, 11);
  core::writeNifti(dir.path / "v.nii.gz", betas, {.keepIntegerDatatype = true});
  const std::string good = readAll(dir.path / "v.nii.gz");
  // Bytes overwritten in the middle of the deflate data: zlib finds an invalid code or distance, or the CRC no longer
  // matches after the last frame. Either way a FormatError naming the file, never a crash or a hang.
  for (const std::size_t at : {good.size() / 3, good.size() / 2, good.size() - 12}) {
    for (const char fill : {'\xFF', '\x00', '\x5A'}) {
      std::string bad = good;
      for (std::size_t k = 0; k < 8; ++k) bad[at + k] = fill;
      writeAll(dir.path / "bad.nii.gz", bad);
      SCOPED_TRACE("8 bytes of " + std::to_string(int(static_cast<unsigned char>(fill))) + " at " +
                   std::to_string(at));
      const auto error = errorReadingAll(dir.path / "bad.nii.gz");
      EXPECT_EQ(error.file(), dir.path / "bad.nii.gz");
      EXPECT_FALSE(error.problem().empty());
    }
  }
  // The CRC alone damaged: the first five frames read, the last one's read ends with the failed check.
  std::string badCrc = good;
  badCrc[badCrc.size() - 8] = char(badCrc[badCrc.size() - 8] ^ 0x01);
  writeAll(dir.path / "crc.nii.gz", badCrc);
  std::int64_t frames = -1;
  const auto error = errorReadingAll(dir.path / "crc.nii.gz", &frames);
  EXPECT_EQ(frames, 5);  // the sixth frame's nextFrame throws
  EXPECT_NE(error.problem().find("corrupt gzip data"), std::string::npos) << error.what();
  // zlib checks the CRC as it reads the trailer with the last voxels, or finishMember does after them.
  EXPECT_TRUE(error.where().find("frame 6 of 6") != std::string::npos ||
              error.where().find("after the last voxel") != std::string::npos)
      << error.what();
}

TEST(NiftiFrameReader, MalformedSamplesFailAsReadNiftiFails) {
  const fs::path malformed = fs::path(VOXELLENS_TEST_DATA) / "malformed";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(malformed)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("nifti-", 0) != 0) continue;
    SCOPED_TRACE(name);
    std::string expected;
    try {
      core::readNifti(entry.path());
      ADD_FAILURE() << "readNifti accepted a malformed sample";
    } catch (const core::FormatError& e) {
      expected = e.problem();
    }
    const auto error = errorReadingAll(entry.path());
    // Header problems and plain files give readNifti's very message; gzip data problems are found while streaming.
    if (name.find(".gz") == std::string::npos) {
      EXPECT_EQ(error.problem(), expected);
    }
    ++checked;
  }
  EXPECT_GE(checked, 15);
}
