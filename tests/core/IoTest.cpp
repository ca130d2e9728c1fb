// Readers and writers: values checked against numbers written independently by the test, and damaged files that
// must give FormatError naming the file, never a crash or a huge allocation.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/base/FormatError.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/ByteReader.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/MeshCacheFile.h"
#include "core/io/NiftiReader.h"
#include "tests/support/FileBytes.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
using vl::fixtures::TempDir;

using vl::fixtures::readAll;
void writeAll(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}
template <typename T>
void put(std::string& buffer, std::size_t offset, T value) {
  std::memcpy(buffer.data() + offset, &value, sizeof(T));
}

// A NIfTI-1 image written byte by byte from the specification: 4x3x2 int16, scl_slope 2, scl_inter 1,
// sform = 2 mm voxels with origin (-10, 20, 30); voxel (i, j, k) stores i + 10 j + 100 k.
std::string handMadeNifti() {
  std::string bytes(352, '\0');
  put<std::int32_t>(bytes, 0, 348);
  const std::int16_t dim[8] = {3, 4, 3, 2, 1, 1, 1, 1};
  std::memcpy(bytes.data() + 40, dim, sizeof dim);
  put<std::int16_t>(bytes, 70, 4);  // DT_INT16
  put<std::int16_t>(bytes, 72, 16);
  const float pixdim[8] = {1, 2, 2, 2, 1, 1, 1, 1};
  std::memcpy(bytes.data() + 76, pixdim, sizeof pixdim);
  put<float>(bytes, 108, 352.0f);
  put<float>(bytes, 112, 2.0f);
  put<float>(bytes, 116, 1.0f);
  put<std::int16_t>(bytes, 254, 1);  // sform_code
  const float srow[12] = {2, 0, 0, -10, 0, 2, 0, 20, 0, 0, 2, 30};
  std::memcpy(bytes.data() + 280, srow, sizeof srow);
  std::memcpy(bytes.data() + 344, "n+1\0", 4);
  for (int k = 0; k < 2; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 4; ++i) {
        const std::int16_t v = static_cast<std::int16_t>(i + 10 * j + 100 * k);
        bytes.append(reinterpret_cast<const char*>(&v), 2);
      }
  return bytes;
}
}  // namespace

TEST(AtomicFileWriter, FailedWriteLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  const auto file = dir.path / "out.bin";
  core::writeFileAtomically(file, "old");
  try {
    core::AtomicFileWriter writer(file);
    writer.write("new but unfinished");
    throw std::runtime_error("writer interrupted");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(readAll(file), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
  core::writeFileAtomically(file, "new");
  EXPECT_EQ(readAll(file), "new");
}

TEST(AtomicFileWriter, MissingFolderIsAnError) {
  EXPECT_THROW(core::writeFileAtomically("/nonexistent-folder-vl/x.bin", "x"), std::runtime_error);
}

TEST(ByteReader, LyingCountFailsBeforeAllocating) {
  core::ByteReader reader("fake.bin", std::vector<char>(16, 0));
  try {
    reader.readLittleArray<float>(1ull << 40, "the values");
    FAIL() << "expected FormatError";
  } catch (const core::FormatError& e) {
    EXPECT_EQ(e.file(), fs::path("fake.bin"));
    EXPECT_NE(std::string(e.what()).find("the values"), std::string::npos);
    EXPECT_EQ(e.where(), "byte 0");
  }
}

TEST(ByteReader, BigEndianValues) {
  core::ByteReader reader("x", {'\x00', '\x00', '\x01', '\x02', '\x3f', '\x80', '\x00', '\x00'});
  EXPECT_EQ(reader.readBig<std::int32_t>("int"), 258);
  EXPECT_EQ(reader.readBig<float>("float"), 1.0f);
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(NiftiReader, ReadsValuesScalingAndSform) {
  TempDir dir;
  const auto file = dir.path / "image.nii";
  writeAll(file, handMadeNifti());
  const auto volume = core::readNifti(file);
  EXPECT_EQ(volume.dims, (std::array<std::int64_t, 4>{4, 3, 2, 1}));
  EXPECT_EQ(volume.sourceDatatype, "INT16");
  EXPECT_FLOAT_EQ(volume.at(0, 0, 0), 1.0f);              // 0 * 2 + 1
  EXPECT_FLOAT_EQ(volume.at(3, 2, 1), (3 + 20 + 100) * 2.0f + 1.0f);
  const auto world = volume.voxelToWorld.apply(1, 2, 1);
  EXPECT_DOUBLE_EQ(world[0], -8.0);
  EXPECT_DOUBLE_EQ(world[1], 24.0);
  EXPECT_DOUBLE_EQ(world[2], 32.0);
  const auto back = volume.voxelToWorld.inverse().apply(world[0], world[1], world[2]);
  EXPECT_NEAR(back[0], 1.0, 1e-12);
  EXPECT_NEAR(back[1], 2.0, 1e-12);
}

TEST(NiftiReader, ReadsGzippedFiles) {
  TempDir dir;
  const auto file = dir.path / "image.nii.gz";
  const auto bytes = handMadeNifti();
  gzFile out = gzopen(file.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(out);
  EXPECT_FLOAT_EQ(core::readNifti(file).at(2, 1, 0), (2 + 10) * 2.0f + 1.0f);
}

TEST(NiftiReader, MissingTruncatedAndForeignFilesAreFormatErrors) {
  TempDir dir;
  EXPECT_THROW(core::readNifti(dir.path / "absent.nii"), core::FormatError);
  const auto truncated = dir.path / "truncated.nii";
  writeAll(truncated, handMadeNifti().substr(0, 360));
  EXPECT_THROW(core::readNifti(truncated), core::FormatError);
  const auto text = dir.path / "text.nii";
  writeAll(text, std::string(400, 'a'));
  try {
    core::readNifti(text);
    FAIL();
  } catch (const core::FormatError& e) {
    EXPECT_EQ(e.file(), text);
  }
}

TEST(FreeSurferSurface, RoundTripIsBitExactAndBigEndian) {
  TempDir dir;
  const auto file = dir.path / "lh.white";
  auto sphere = core::makeIcosphere(2, 7.5f, {1.25f, -2.5f, 3.0f});
  core::writeFreeSurferSurface(file, sphere);
  const auto bytes = readAll(file);
  ASSERT_EQ(static_cast<unsigned char>(bytes[0]), 0xFF);
  ASSERT_EQ(static_cast<unsigned char>(bytes[2]), 0xFE);
  const auto countAt = bytes.find("\n\n") + 2;
  // 162 vertices, big-endian
  EXPECT_EQ(bytes.substr(countAt, 4), std::string("\x00\x00\x00\xA2", 4));
  const auto back = core::readFreeSurferSurface(file);
  EXPECT_EQ(back.hemisphere, core::Hemisphere::Left);
  EXPECT_EQ(back.kind, core::SurfaceKind::White);
  EXPECT_EQ(back.vertices, sphere.vertices);
  EXPECT_EQ(back.triangles, sphere.triangles);
  EXPECT_TRUE(core::looksLikeFreeSurferSurface(file));
}

TEST(FreeSurferSurface, DamagedFilesAreFormatErrors) {
  TempDir dir;
  const auto file = dir.path / "rh.pial";
  core::writeFreeSurferSurface(file, core::makeIcosphere(1, 1.0f));
  const auto bytes = readAll(file);
  const auto truncated = dir.path / "rh.truncated";
  writeAll(truncated, bytes.substr(0, bytes.size() - 7));
  EXPECT_THROW(core::readFreeSurferSurface(truncated), core::FormatError);
  // A face index beyond the vertex count.
  auto corrupt = bytes;
  corrupt[corrupt.size() - 1] = '\x7f';
  const auto badFace = dir.path / "rh.badface";
  writeAll(badFace, corrupt);
  EXPECT_THROW(core::readFreeSurferSurface(badFace), core::FormatError);
  // A header claiming two billion vertices in a small file.
  auto huge = bytes;
  const auto countAt = huge.find("\n\n") + 2;
  huge.replace(countAt, 4, std::string("\x7f\xff\xff\xff", 4));
  const auto lying = dir.path / "rh.lying";
  writeAll(lying, huge);
  EXPECT_THROW(core::readFreeSurferSurface(lying), core::FormatError);
}

TEST(MeshCacheFile, RoundTripAndKeyCheck) {
  TempDir dir;
  const auto file = dir.path / "meshes.vlmesh";
  core::CachedMeshes meshes;
  meshes.key = "key-1";
  meshes.surfaces.push_back(core::makeIcosphere(2, 3.0f, {0, 0, 0}, core::Hemisphere::Right));
  core::SurfaceLayer layer;
  layer.name = "Curvature";
  layer.kind = core::LayerKind::Shading;
  layer.values[1].assign(162, 0.25f);
  meshes.layers.push_back(layer);
  core::writeMeshCache(file, meshes);
  const auto back = core::readMeshCache(file);
  EXPECT_EQ(back.key, "key-1");
  ASSERT_EQ(back.surfaces.size(), 1u);
  EXPECT_EQ(back.surfaces[0].hemisphere, core::Hemisphere::Right);
  EXPECT_EQ(back.surfaces[0].vertices, meshes.surfaces[0].vertices);
  EXPECT_EQ(back.surfaces[0].triangles, meshes.surfaces[0].triangles);
  EXPECT_EQ(back.layers[0].values[1], meshes.layers[0].values[1]);
  EXPECT_TRUE(back.layers[0].values[0].empty());
  EXPECT_TRUE(core::readMeshCacheIfValid(file, "key-1").has_value());
  EXPECT_FALSE(core::readMeshCacheIfValid(file, "key-2").has_value());
  EXPECT_FALSE(core::readMeshCacheIfValid(dir.path / "absent", "key-1").has_value());

  const auto bytes = readAll(file);
  for (std::size_t cut : {std::size_t(5), std::size_t(40), bytes.size() / 2, bytes.size() - 1}) {
    const auto damaged = dir.path / ("damaged-" + std::to_string(cut));
    writeAll(damaged, bytes.substr(0, cut));
    EXPECT_THROW(core::readMeshCache(damaged), core::FormatError) << "cut at " << cut;
    EXPECT_FALSE(core::readMeshCacheIfValid(damaged, "key-1").has_value());
  }
}
