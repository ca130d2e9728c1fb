// The HDF5 root-group check made before libhdf5 opens a file (core/io/Hdf5MetadataCheck): valid files written by
// the HDF5 C library pass; each damage below, made by hand in the committed seed tests/data/nsd/nsd_stimuli.hdf5
// (superblock version 0, root group a symbol table), is refused with a message naming the structure; and every
// tests/data/malformed/hdf5-* sample is a FormatError when the brick opens, never a crash in libhdf5.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/base/FormatError.h"
#include "core/io/Hdf5ImageBrick.h"
#include "core/io/Hdf5MetadataCheck.h"
#include "tests/support/FileBytes.h"
#include "tests/support/TempDir.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
const fs::path kSeed = fs::path(VOXELLENS_TEST_DATA) / "nsd" / "nsd_stimuli.hdf5";
const fs::path kMalformed = fs::path(VOXELLENS_TEST_DATA) / "malformed";

// Byte offsets in the seed (h5dump -H -p and the file format specification, superblock version 0, 8-byte fields).
constexpr std::size_t kCachedHeapAddress = 0x58;   // the superblock's scratch-pad copy of the root's heap address
constexpr std::size_t kObjectHeaderHeap = 0x80;    // the root object header's symbol-table message: heap address
constexpr std::size_t kBtreeNode = 0x88;           // the root's B-tree node ("TREE")
constexpr std::size_t kLocalHeap = 0x2A8;          // the root's local heap ("HEAP")

std::string checkError(const std::string& bytes, const fs::path& file) {
  std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  try {
    core::checkHdf5RootGroup(file);
  } catch (const core::FormatError& error) {
    return error.what();
  }
  return "(no FormatError)";
}

void putAddress(std::string& bytes, std::size_t at, std::uint64_t address) {
  std::memcpy(bytes.data() + at, &address, sizeof address);  // little-endian, as the file (x86-64 and arm64 both)
}
}  // namespace

TEST(Hdf5MetadataCheck, SeedLayoutIsWhatTheTestsAssume) {
  const auto bytes = vl::fixtures::readAll(kSeed);
  ASSERT_GT(bytes.size(), kLocalHeap + 4);
  EXPECT_EQ(std::string(bytes.data() + kBtreeNode, 4), "TREE");
  EXPECT_EQ(std::string(bytes.data() + kLocalHeap, 4), "HEAP");
  std::uint64_t heap = 0;
  std::memcpy(&heap, bytes.data() + kObjectHeaderHeap, 8);
  EXPECT_EQ(heap, kLocalHeap);
  std::memcpy(&heap, bytes.data() + kCachedHeapAddress, 8);
  EXPECT_EQ(heap, kLocalHeap);
  EXPECT_NO_THROW(core::checkHdf5RootGroup(kSeed));
}

TEST(Hdf5MetadataCheck, RefusesEachDamagedAddressOrSignature) {
  fixtures::TempDir dir;
  const auto seed = vl::fixtures::readAll(kSeed);
  const fs::path file = dir.path / "damaged.hdf5";

  auto undefinedHeap = seed;
  putAddress(undefinedHeap, kObjectHeaderHeap, ~0ull);
  std::string error = checkError(undefinedHeap, file);
  EXPECT_NE(error.find("the root group's local heap"), std::string::npos) << error;
  EXPECT_NE(error.find("undefined address"), std::string::npos) << error;

  auto heapBeyondEnd = seed;
  putAddress(heapBeyondEnd, kObjectHeaderHeap, 1u << 20);
  error = checkError(heapBeyondEnd, file);
  EXPECT_NE(error.find("beyond the end of the file (" + std::to_string(seed.size()) + " bytes)"), std::string::npos)
      << error;

  auto cachedBeyondEnd = seed;
  putAddress(cachedBeyondEnd, kCachedHeapAddress, 1u << 20);
  error = checkError(cachedBeyondEnd, file);
  EXPECT_NE(error.find("cached local heap address"), std::string::npos) << error;

  auto noTree = seed;
  std::memcpy(noTree.data() + kBtreeNode, "TRXX", 4);
  error = checkError(noTree, file);
  EXPECT_NE(error.find("no TREE signature"), std::string::npos) << error;

  auto noHeap = seed;
  std::memcpy(noHeap.data() + kLocalHeap, "HEXX", 4);
  error = checkError(noHeap, file);
  EXPECT_NE(error.find("no HEAP signature"), std::string::npos) << error;

  // Not HDF5 at all: nothing to check here (the brick says "not an HDF5 file").
  EXPECT_EQ(checkError(std::string(600, 'x'), file), "(no FormatError)");
}

TEST(Hdf5MetadataCheck, EveryMalformedBrickIsAFormatError) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(kMalformed)) {
    if (!entry.path().filename().string().starts_with("hdf5-")) continue;
    ++checked;
    try {
      const core::Hdf5ImageBrick brick(entry.path(), "imgBrick");
      if (brick.count() > 0) (void)brick.readImage(brick.count() - 1);
      ADD_FAILURE() << entry.path() << ": read without a FormatError";
    } catch (const core::FormatError&) {
    }
  }
  EXPECT_GE(checked, 4);
}

// The same brick in the newest file format (superblock 3, version 2 object headers: h5py's libver="latest"), which
// the check leaves to libhdf5, reads as the same images; the fuzzer starts from it too (tests/data/nsd).
TEST(Hdf5MetadataCheck, TheNewestFileFormatPassesAndReadsAsTheSameBrick) {
  const fs::path latest = fs::path(VOXELLENS_TEST_DATA) / "nsd" / "nsd_stimuli_latest.hdf5";
  const auto bytes = vl::fixtures::readAll(latest);
  ASSERT_GT(bytes.size(), 9u);
  EXPECT_EQ(static_cast<int>(static_cast<unsigned char>(bytes[8])), 3) << "superblock version";
  EXPECT_NO_THROW(core::checkHdf5RootGroup(latest));
  const core::Hdf5ImageBrick newest(latest, "imgBrick"), oldest(kSeed, "imgBrick");
  ASSERT_EQ(newest.count(), 3u);
  ASSERT_EQ(newest.height(), 4u);
  ASSERT_EQ(newest.width(), 4u);
  for (std::size_t i = 0; i < newest.count(); ++i) {
    const auto image = newest.readImage(i);
    EXPECT_EQ(image, oldest.readImage(i)) << "image " << i;
    EXPECT_EQ(image[1], static_cast<std::uint8_t>((i * 48 + 1) * 7)) << "image " << i;  // make_seeds.sh: byte k = 7k
  }
}
