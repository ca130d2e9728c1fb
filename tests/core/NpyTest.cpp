// NumPy .npy: fixtures written by numpy itself (tests/data/npy/make_fixtures.py) for every dtype, both byte
// orders, C and Fortran order and 1.0/2.0/3.0 headers, compared element by element with the script's formulas;
// writer output compared byte for byte with numpy.save; malformed samples that must give FormatError.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>

#include "core/base/FormatError.h"
#include "core/io/NpyReader.h"
#include "core/io/NpyWriter.h"
#include "tests/support/MalformedCorpus.h"
#include "tests/support/FileBytes.h"
#include "tests/support/TempDir.h"

using namespace vl;
namespace fs = std::filesystem;
using DType = core::NpyArray::DType;

namespace {
const fs::path kData = fs::path(VOXELLENS_TEST_DATA) / "npy";
const fs::path kMalformed = fs::path(VOXELLENS_TEST_DATA) / "malformed";

using vl::fixtures::TempDir;

using vl::fixtures::readAll;

// The formulas of make_fixtures.py: value of flat C-order index i.
double value(const std::string& kind, int i) {
  if (kind == "f4") return i * 0.5 - 2.25;
  if (kind == "f8") return i * 0.1 - 1.0;
  if (kind == "i2") return i * 1000 - 5000;
  if (kind == "i4") return i * 100000 - 700000;
  return i * 20 + 5;  // u1
}

const std::map<std::string, DType> kKinds = {
    {"f4", DType::Float32}, {"f8", DType::Float64}, {"i2", DType::Int16}, {"i4", DType::Int32}, {"u1", DType::UInt8}};

// The element stored at file position `index`, decoded from the raw (native-order) bytes.
double rawElement(const core::NpyArray& a, std::size_t index) {
  const auto* p = a.data.data() + index * core::NpyArray::bytesPerElement(a.dtype);
  auto load = [p]<typename T>(T) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return static_cast<double>(v);
  };
  switch (a.dtype) {
    case DType::Float32: return load(float{});
    case DType::Float64: return load(double{});
    case DType::Int16: return load(std::int16_t{});
    case DType::Int32: return load(std::int32_t{});
    case DType::UInt8: return load(std::uint8_t{});
  }
  return 0;
}
}  // namespace

TEST(Npy, ReadsEveryDtypeByteOrderAndMemoryOrder) {
  int files = 0;
  for (const auto& [kind, dtype] : kKinds) {
    for (const std::string endian : {"le", "be", "lt"}) {
      for (const std::string order : {"c", "f"}) {
        const auto file = kData / (kind + "_" + endian + "_" + order + ".npy");
        if (!fs::exists(file)) continue;  // uint8 has no byte order ('be'); '<u1' only in C order
        ++files;
        SCOPED_TRACE(file.filename().string());
        const auto a = core::readNpy(file);
        EXPECT_EQ(a.dtype, dtype);
        EXPECT_EQ(a.shape, (std::vector<std::int64_t>{3, 4}));
        EXPECT_EQ(a.fortranOrder, order == "f");
        ASSERT_EQ(a.elementCount(), 12u);
        ASSERT_EQ(a.data.size(), 12 * core::NpyArray::bytesPerElement(dtype));
        const auto d = a.toDouble();
        const auto f = a.toFloat();
        for (int i = 0; i < 12; ++i) {
          EXPECT_EQ(d[i], value(kind, i)) << "element " << i;
          EXPECT_EQ(f[i], static_cast<float>(value(kind, i))) << "element " << i;
        }
        // The raw data stays in the file's order: in Fortran order the second stored element is [1, 0].
        EXPECT_EQ(rawElement(a, 1), value(kind, order == "f" ? 4 : 1));
      }
    }
  }
  EXPECT_EQ(files, 19);  // 4 kinds x 2 byte orders x 2 orders, uint8 x 2 orders, '<u1' once
}

// readNpyAsFloat reads float32 C-order files straight into its result and converts every other file through
// readNpy: both paths must give the same values and shape as readNpy(file).toFloat().
TEST(Npy, ReadAsFloatMatchesTheGeneralReaderForEveryFixture) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kData)) {
    if (entry.path().extension() != ".npy") continue;
    SCOPED_TRACE(entry.path().filename().string());
    const auto general = core::readNpy(entry.path());
    std::vector<std::int64_t> shape;
    const auto values = core::readNpyAsFloat(entry.path(), shape);
    EXPECT_EQ(shape, general.shape);
    EXPECT_EQ(values, general.toFloat());
    ++files;
  }
  EXPECT_GE(files, 25);
  std::vector<std::int64_t> shape;
  EXPECT_EQ(core::readNpyAsFloat(kData / "f4_le_c.npy", shape)[5], static_cast<float>(value("f4", 5)));
  EXPECT_EQ(core::readNpyAsFloat(kData / "f4_be_f.npy", shape)[5], static_cast<float>(value("f4", 5)));
}

TEST(Npy, FortranOrderOfRankThreeComesBackInCOrder) {
  const auto a = core::readNpy(kData / "f4_3d_f.npy");
  EXPECT_TRUE(a.fortranOrder);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 3, 4}));
  const auto values = a.toFloat();
  ASSERT_EQ(values.size(), 24u);
  for (int i = 0; i < 24; ++i) EXPECT_EQ(values[i], static_cast<float>(value("f4", i))) << i;
  // File position of C index (i, j, k) is i + 2 j + 6 k: element (1, 2, 3) = C index 23 sits at 1 + 4 + 18.
  EXPECT_EQ(rawElement(a, 23), value("f4", 23));
  EXPECT_EQ(rawElement(a, 1), value("f4", 12));  // (1, 0, 0)
}

TEST(Npy, ScalarAndEmptyArrays) {
  const auto scalar = core::readNpy(kData / "f8_scalar.npy");
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.elementCount(), 1u);
  ASSERT_EQ(scalar.toDouble().size(), 1u);
  EXPECT_EQ(scalar.toDouble()[0], value("f8", 7));

  const auto empty = core::readNpy(kData / "f4_empty.npy");
  EXPECT_EQ(empty.shape, (std::vector<std::int64_t>{0}));
  EXPECT_EQ(empty.elementCount(), 0u);
  EXPECT_TRUE(empty.data.empty());
  EXPECT_TRUE(empty.toFloat().empty());

  const auto empty2 = core::readNpy(kData / "i2_empty_2d.npy");
  EXPECT_EQ(empty2.shape, (std::vector<std::int64_t>{3, 0}));
  EXPECT_EQ(empty2.dtype, DType::Int16);
  EXPECT_TRUE(empty2.toDouble().empty());
}

TEST(Npy, ReadsVersionTwoAndThreeHeaders) {
  for (const char* name : {"f4_v2.npy", "f4_v3.npy"}) {
    SCOPED_TRACE(name);
    const auto bytes = readAll(kData / name);
    ASSERT_GT(bytes.size(), 8u);
    EXPECT_EQ(bytes[6], name[4] - '0');  // really the version the name says
    const auto a = core::readNpy(kData / name);
    EXPECT_EQ(a.shape, (std::vector<std::int64_t>{3, 4}));
    const auto v = a.toFloat();
    for (int i = 0; i < 12; ++i) EXPECT_EQ(v[i], static_cast<float>(value("f4", i)));
  }
}

TEST(Npy, ParseFromMemoryMatchesFile) {
  const auto bytes = readAll(kData / "i4_be_f.npy");
  const auto a = core::parseNpy(std::as_bytes(std::span(bytes.data(), bytes.size())), "memory.npy");
  EXPECT_EQ(a.toDouble(), core::readNpy(kData / "i4_be_f.npy").toDouble());
  EXPECT_EQ(a.toDouble()[11], value("i4", 11));
}

TEST(Npy, WriterOutputIsByteIdenticalToNumpySave) {
  TempDir dir;
  std::vector<float> f4;
  for (int i = 0; i < 6; ++i) f4.push_back(static_cast<float>(value("f4", i)));
  core::writeNpy(dir.path / "a.npy", f4, {2, 3});
  EXPECT_EQ(readAll(dir.path / "a.npy"), readAll(kData / "ref_f4_2x3.npy"));

  std::vector<double> f8;
  for (int i = 0; i < 5; ++i) f8.push_back(value("f8", i));
  core::writeNpy(dir.path / "b.npy", f8, {5});
  EXPECT_EQ(readAll(dir.path / "b.npy"), readAll(kData / "ref_f8_5.npy"));

  // uint8 in Fortran order: C index (r, c) = 3 r + c is stored at r + 2 c.
  core::NpyArray u1;
  u1.dtype = DType::UInt8;
  u1.shape = {2, 3};
  u1.fortranOrder = true;
  u1.data.resize(6);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 3; ++c) u1.data[r + 2 * c] = static_cast<std::byte>(value("u1", 3 * r + c));
  core::writeNpy(dir.path / "c.npy", u1);
  EXPECT_EQ(readAll(dir.path / "c.npy"), readAll(kData / "ref_u1_f_2x3.npy"));
  EXPECT_EQ(fs::file_size(dir.path / "c.npy") % 64, 6u);  // 64-byte aligned preamble + 6 data bytes
}

TEST(Npy, EveryFixtureRoundTripsThroughTheWriter) {
  TempDir dir;
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kData)) {
    if (entry.path().extension() != ".npy") continue;
    SCOPED_TRACE(entry.path().filename().string());
    const auto original = core::readNpy(entry.path());
    const auto copy = dir.path / entry.path().filename();
    core::writeNpy(copy, original);
    const auto again = core::readNpy(copy);
    EXPECT_EQ(again.dtype, original.dtype);
    EXPECT_EQ(again.shape, original.shape);
    EXPECT_EQ(again.fortranOrder, original.fortranOrder);
    EXPECT_EQ(again.data, original.data);
    // numpy's own little-endian files come back byte for byte (version 1.0 ones: ours never needs 2.0).
    const auto name = entry.path().filename().string();
    if (name.find("_be_") == std::string::npos && name.find("_lt_") == std::string::npos &&
        name.find("_v2") == std::string::npos && name.find("_v3") == std::string::npos) {
      EXPECT_EQ(readAll(copy), readAll(entry.path()));
    }
    ++count;
  }
  EXPECT_GE(count, 25);
}

TEST(Npy, WriterPicksVersionTwoOnlyWhenTheHeaderNeedsIt) {
  TempDir dir;
  core::NpyArray big;
  big.dtype = DType::UInt8;
  big.shape.assign(30000, 1);  // "1, " x 30000: the header no longer fits a u16 length
  big.data.resize(1);
  core::writeNpy(dir.path / "v2.npy", big);
  const auto bytes = readAll(dir.path / "v2.npy");
  EXPECT_EQ(bytes[6], 2);
  std::uint32_t length;
  std::memcpy(&length, bytes.data() + 8, 4);
  EXPECT_GT(length, 0xFFFFu);
  EXPECT_EQ((12 + length) % 64, 0u);
  EXPECT_EQ(bytes[12 + length - 1], '\n');
  EXPECT_EQ(bytes.size(), 12 + length + 1);
  // numpy itself refuses more than 64 dimensions, and so do we.
  EXPECT_THROW(core::readNpy(dir.path / "v2.npy"), core::FormatError);
}

TEST(Npy, WriterRejectsInconsistentArraysAndLeavesNoTemporary) {
  TempDir dir;
  core::writeNpy(dir.path / "keep.npy", std::vector<float>{1, 2, 3}, {3});
  const auto before = readAll(dir.path / "keep.npy");
  EXPECT_THROW(core::writeNpy(dir.path / "keep.npy", std::vector<float>{1, 2, 3}, {2, 2}), std::invalid_argument);
  EXPECT_THROW(core::writeNpy(dir.path / "keep.npy", std::vector<float>{}, {-1}), std::invalid_argument);
  EXPECT_THROW(core::writeNpy(dir.path / "keep.npy", std::vector<double>{1}, {0}), std::invalid_argument);
  EXPECT_THROW(core::writeNpy(dir.path / "no-such-folder" / "x.npy", std::vector<float>{1}, {1}), std::runtime_error);
  EXPECT_EQ(readAll(dir.path / "keep.npy"), before);
  core::writeNpy(dir.path / "keep.npy", std::vector<double>{}, {0, 5});
  EXPECT_EQ(core::readNpy(dir.path / "keep.npy").shape, (std::vector<std::int64_t>{0, 5}));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
}

TEST(Npy, EveryMalformedSampleIsAFormatError) {
  const int count = fixtures::expectMalformedSamplesRejected(
      "npy-",
      [](const fs::path& file) {
        // The in-memory parser must reject the same bytes before the file reader is tried.
        const auto bytes = readAll(file);
        EXPECT_THROW(core::parseNpy(std::as_bytes(std::span(bytes.data(), bytes.size())), file), core::FormatError);
        std::vector<std::int64_t> shape;
        EXPECT_THROW(core::readNpyAsFloat(file, shape), core::FormatError);
        core::readNpy(file);
      },
      [](const core::FormatError& e) { EXPECT_FALSE(e.where().empty()); });
  EXPECT_GE(count, 6);
}

TEST(Npy, ErrorsSayWhatWasExpected) {
  auto problem = [](const char* name) {
    try {
      core::readNpy(kMalformed / name);
    } catch (const core::FormatError& e) {
      return e.problem();
    }
    return std::string("no error");
  };
  EXPECT_NE(problem("npy-object-array.npy").find("object arrays"), std::string::npos);
  EXPECT_NE(problem("npy-unknown-dtype.npy").find("'<c8'"), std::string::npos);
  EXPECT_NE(problem("npy-structured-dtype.npy").find("structured"), std::string::npos);
  EXPECT_NE(problem("npy-truncated-data.npy").find("needs 48 data bytes but the file has 43"), std::string::npos);
  EXPECT_NE(problem("npy-trailing-bytes.npy").find("needs 48 data bytes but the file has 56"), std::string::npos);
  EXPECT_NE(problem("npy-shape-too-large.npy").find("needs 17592186044416 data bytes"), std::string::npos);
  EXPECT_NE(problem("npy-missing-key.npy").find("fortran_order"), std::string::npos);
  EXPECT_NE(problem("npy-bad-version.npy").find("9.0"), std::string::npos);
  EXPECT_THROW(core::readNpy(kData / "absent.npy"), core::FormatError);
}
