// GIfTI: base64 and zlib helpers against known vectors, fixtures written by nibabel (tests/data/gifti/make_fixtures.py)
// compared element by element with the numbers that script used, bit-exact round trips through every encoding,
// byte order and indexing order, and malformed files that must give FormatError.
#include <expat.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/base/FormatError.h"
#include "core/io/Base64.h"
#include "core/io/GiftiReader.h"
#include "core/io/GiftiWriter.h"
#include "core/io/Gzip.h"
#include "tests/support/FileBytes.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;
using namespace vl::core;
namespace fs = std::filesystem;

namespace {
const fs::path kData = fs::path(VOXELLENS_TEST_DATA) / "gifti";
const fs::path kMalformed = fs::path(VOXELLENS_TEST_DATA) / "malformed";

using vl::fixtures::TempDir;

using vl::fixtures::readAll;

template <typename T>
const std::vector<T>& values(const GiftiDataArray& array) {
  return std::get<std::vector<T>>(array.data);
}

template <typename T>
bool bitEqual(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// The numbers make_fixtures.py used (it prints them).
const std::vector<float> kCoords = {1.5f, -2.25f, 3.0f, -10.125f, 0.5f, 7.75f, 0.1f, 20.0f, -3.5f, 4.0f, 5.0f, -6.25f};
const std::vector<std::int32_t> kFaces = {0, 1, 2, 0, 3, 1, 1, 3, 2, 2, 3, 0};
const std::array<double, 16> kAffine = {1, 0, 0, -1.5, 0, 2, 0, 3.25, 0, 0, 1, 0.5, 0, 0, 0, 1};

void expectTetra(const GiftiImage& image, const fs::path& file) {
  ASSERT_EQ(image.arrays.size(), 2u);
  const auto& points = image.arrays[0];
  const auto& faces = image.arrays[1];
  EXPECT_EQ(points.intent, "NIFTI_INTENT_POINTSET");
  EXPECT_EQ(faces.intent, "NIFTI_INTENT_TRIANGLE");
  EXPECT_EQ(points.dims, (std::vector<std::uint64_t>{4, 3}));
  EXPECT_EQ(faces.dims, (std::vector<std::uint64_t>{4, 3}));
  ASSERT_EQ(points.dataType(), GiftiDataType::Float32);
  ASSERT_EQ(faces.dataType(), GiftiDataType::Int32);
  EXPECT_TRUE(bitEqual(values<float>(points), kCoords)) << file;
  EXPECT_EQ(values<std::int32_t>(faces), kFaces) << file;
  ASSERT_NE(findMetadata(image.metadata, "Note"), nullptr);
  EXPECT_EQ(*findMetadata(image.metadata, "Note"), "a < b & c");
  EXPECT_EQ(*findMetadata(image.metadata, "Creator"), "make_fixtures.py");
  ASSERT_NE(points.meta("GeometricType"), nullptr);
  EXPECT_EQ(*points.meta("GeometricType"), "Inflated");
  ASSERT_EQ(points.transforms.size(), 1u);
  EXPECT_EQ(points.transforms[0].dataSpace, "NIFTI_XFORM_UNKNOWN");
  EXPECT_EQ(points.transforms[0].transformedSpace, "NIFTI_XFORM_TALAIRACH");
  EXPECT_EQ(points.transforms[0].matrix, kAffine);

  const Surface surface = giftiSurface(image, file);
  EXPECT_EQ(surface.hemisphere, Hemisphere::Right);  // from AnatomicalStructurePrimary, the name says nothing
  EXPECT_EQ(surface.kind, SurfaceKind::Inflated);    // from GeometricType
  ASSERT_EQ(surface.vertexCount(), 4u);
  ASSERT_EQ(surface.triangleCount(), 4u);
  EXPECT_EQ(surface.vertices[2], (Vec3f{0.1f, 20.0f, -3.5f}));
  EXPECT_EQ(surface.vertices[3], (Vec3f{4.0f, 5.0f, -6.25f}));
  EXPECT_EQ(surface.triangles[1], (Triangle{0, 3, 1}));
  EXPECT_EQ(surface.triangles[3], (Triangle{2, 3, 0}));
}

// Values that catch lossy formatting, byte-order and index-order mistakes.
GiftiImage awkwardImage(GiftiEncoding encoding, GiftiEndian endian, GiftiOrder order, bool withNaN) {
  GiftiImage image;
  image.metadata = {{"Creator", "GiftiTest"},
                    {"Tricky", "  leading and trailing spaces  "},
                    {"Markup", "<a href=\"x\">&amp;</a> ]]> end"},
                    {"Lines", "one\ntwo\r\nthree\tfour"},
                    {"Unicode", "K\xC3\xB6rper \xE2\x86\x92 \xF0\x9F\xA7\xA0"},
                    {"Empty", ""}};
  image.labels = {{0, "???", {0.f, 0.f, 0.f, 0.f}},
                  {5, "V1 & <V2>", {0.1f, 1.f / 3.f, 0.7f, 1.f}},
                  {-3, " spaced ", {1e-7f, 0.999999f, 0.5f, 0.25f}}};
  const float denormal = std::numeric_limits<float>::denorm_min();
  std::vector<float> points = {0.1f,         -0.0f, 1.f / 3.f, 1e-38f, denormal, std::numeric_limits<float>::max(),
                               -123456.789f, 7.f,   2.5e-12f,  9.f,    10.f,     -11.f,
                               12.f,         13.f,  14.f};
  auto pointSet = makeGiftiArray(gifti::kPointSet, points, {5, 3});
  GiftiTransform transform;
  transform.dataSpace = "NIFTI_XFORM_SCANNER_ANAT";
  transform.transformedSpace = "NIFTI_XFORM_MNI_152";
  transform.matrix = {0.1, 1.0 / 3.0, -2.0, 1e300, 0, 1, 0, -0.0, 0, 0, 1, 5e-324, 0, 0, 0, 1};
  pointSet.transforms = {transform, GiftiTransform{}};
  setMetadata(pointSet.metadata, "AnatomicalStructurePrimary", "CortexLeft");
  auto triangles = makeGiftiArray(gifti::kTriangle, std::vector<std::int32_t>{0, 1, 2, 2, 3, 4, 4, 0, 1}, {3, 3});
  std::vector<float> series(5 * 4);
  for (std::size_t i = 0; i < series.size(); ++i) series[i] = static_cast<float>(i) * 0.37f - 3.1f;
  if (withNaN) {
    series[3] = std::numeric_limits<float>::infinity();
    series[7] = -std::numeric_limits<float>::infinity();
    std::uint32_t payload = 0x7FC01234;  // a NaN with a payload: binary encodings keep every bit
    std::memcpy(&series[11], &payload, 4);
  }
  auto timeSeries = makeGiftiArray(gifti::kTimeSeries, series, {5, 4});
  setMetadata(timeSeries.metadata, "Name", "series");
  auto counts = makeGiftiArray(gifti::kNone,
                               std::vector<std::int32_t>{std::numeric_limits<std::int32_t>::min(), -1, 0, 1,
                                                         std::numeric_limits<std::int32_t>::max()},
                               {5});
  auto bytes = makeGiftiArray("NIFTI_INTENT_ZSCORE", std::vector<std::uint8_t>{0, 1, 128, 254, 255, 7}, {2, 1, 3});
  auto keys = makeGiftiArray(gifti::kLabel, std::vector<std::int32_t>{0, 5, 5, -3, 0}, {5});
  image.arrays = {pointSet, triangles, timeSeries, counts, bytes, keys};
  for (auto& array : image.arrays) {
    array.encoding = encoding;
    array.endian = endian;
    array.order = order;
  }
  return image;
}

void expectSameImage(const GiftiImage& a, const GiftiImage& b, const std::string& context) {
  EXPECT_EQ(a.metadata, b.metadata) << context;
  ASSERT_EQ(a.labels.size(), b.labels.size()) << context;
  for (std::size_t i = 0; i < a.labels.size(); ++i) {
    EXPECT_EQ(a.labels[i].key, b.labels[i].key) << context;
    EXPECT_EQ(a.labels[i].name, b.labels[i].name) << context;
    EXPECT_EQ(std::memcmp(a.labels[i].rgba.data(), b.labels[i].rgba.data(), sizeof(float) * 4), 0) << context;
  }
  ASSERT_EQ(a.arrays.size(), b.arrays.size()) << context;
  for (std::size_t i = 0; i < a.arrays.size(); ++i) {
    const auto& x = a.arrays[i];
    const auto& y = b.arrays[i];
    EXPECT_EQ(x.intent, y.intent) << context << " array " << i;
    EXPECT_EQ(x.dims, y.dims) << context << " array " << i;
    EXPECT_EQ(x.dataType(), y.dataType()) << context << " array " << i;
    EXPECT_EQ(x.encoding, y.encoding) << context << " array " << i;
    EXPECT_EQ(x.endian, y.endian) << context << " array " << i;
    EXPECT_EQ(x.order, y.order) << context << " array " << i;
    EXPECT_EQ(x.metadata, y.metadata) << context << " array " << i;
    EXPECT_TRUE(
        std::visit([&](const auto& v) { return bitEqual(v, std::get<std::decay_t<decltype(v)>>(y.data)); }, x.data))
        << context << " array " << i;
    ASSERT_EQ(x.transforms.size(), y.transforms.size()) << context;
    for (std::size_t t = 0; t < x.transforms.size(); ++t) {
      EXPECT_EQ(x.transforms[t].dataSpace, y.transforms[t].dataSpace);
      EXPECT_EQ(x.transforms[t].transformedSpace, y.transforms[t].transformedSpace);
      EXPECT_EQ(std::memcmp(x.transforms[t].matrix.data(), y.transforms[t].matrix.data(), sizeof(double) * 16), 0)
          << context;
    }
  }
}
}  // namespace

// ---------------------------------------------------------------------------------------------------- Base64
TEST(Base64, EncodesAndDecodesTheRfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(encodeBase64(plain.data(), plain.size()), encoded);
    const auto decoded = decodeBase64(encoded);
    EXPECT_EQ(std::string(decoded.begin(), decoded.end()), plain);
  }
}

TEST(Base64, DecodesInPiecesSplitAnywhereWithWhitespace) {
  std::vector<std::uint8_t> all(1000);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i * 37 + 11);
  std::string text = encodeBase64(all.data(), all.size());
  for (std::size_t i = 60; i < text.size(); i += 61) text.insert(i, "\n  ");
  for (std::size_t split : {1u, 2u, 3u, 5u, 7u, 64u}) {
    std::vector<std::uint8_t> out;
    Base64Decoder decoder(out, all.size());
    for (std::size_t at = 0; at < text.size(); at += split)
      ASSERT_EQ(decoder.feed(std::string_view(text).substr(at, split)), Base64Decoder::Status::Ok) << split;
    ASSERT_EQ(decoder.finish(), Base64Decoder::Status::Ok);
    EXPECT_EQ(out, all) << split;
  }
}

TEST(Base64, RejectsBadInputAndStopsAtTheLimit) {
  std::vector<std::uint8_t> out;
  {
    Base64Decoder decoder(out, 100);
    EXPECT_EQ(decoder.feed("Zm9v*mFy"), Base64Decoder::Status::BadCharacter);
    EXPECT_EQ(decoder.errorOffset(), 4u);
  }
  {
    out.clear();
    Base64Decoder decoder(out, 100);
    EXPECT_EQ(decoder.feed("Zg==Zg=="), Base64Decoder::Status::DataAfterPadding);
  }
  {
    out.clear();
    Base64Decoder decoder(out, 100);
    EXPECT_EQ(decoder.feed("Zm9vY"), Base64Decoder::Status::Ok);
    EXPECT_EQ(decoder.finish(), Base64Decoder::Status::Truncated);  // one character cannot make a byte
  }
  {
    out.clear();
    Base64Decoder decoder(out, 4);  // "foobar" is 6 bytes
    EXPECT_EQ(decoder.feed("Zm9vYmFy"), Base64Decoder::Status::TooMuchData);
    EXPECT_LE(out.size(), 4u);
  }
  {
    out.clear();
    Base64Decoder decoder(out, 100);  // unpadded tails are accepted (RFC 4648 section 3.2)
    EXPECT_EQ(decoder.feed("Zm9vYg"), Base64Decoder::Status::Ok);
    EXPECT_EQ(decoder.finish(), Base64Decoder::Status::Ok);
    EXPECT_EQ(std::string(out.begin(), out.end()), "foob");
  }
  EXPECT_THROW(decodeBase64("Zm9v!"), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------------- Gzip
TEST(Gzip, RoundTripsZlibAndGzipAndChecksTheSize) {
  std::vector<std::uint8_t> data(100000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>((i * i) % 251);
  for (auto format : {CompressedFormat::Zlib, CompressedFormat::Gzip}) {
    const auto packed = deflateBuffer(data, 6, format);
    EXPECT_LT(packed.size(), data.size());
    EXPECT_EQ(packed[0], format == CompressedFormat::Gzip ? 0x1f : 0x78);
    std::vector<std::uint8_t> out(data.size());
    inflateExactly(packed, out, "x", "y");
    EXPECT_EQ(out, data);
    EXPECT_EQ(inflateLimited(packed, data.size(), "x", "y"), data);
    std::vector<std::uint8_t> small(data.size() - 1), large(data.size() + 1);
    EXPECT_THROW(inflateExactly(packed, small, "x", "y"), FormatError);
    EXPECT_THROW(inflateExactly(packed, large, "x", "y"), FormatError);
    EXPECT_THROW(inflateLimited(packed, data.size() - 1, "x", "y"), FormatError);
    const std::vector<std::uint8_t> cut(packed.begin(), packed.begin() + static_cast<long>(packed.size() / 2));
    EXPECT_THROW(inflateExactly(cut, out, "x", "y"), FormatError);
    EXPECT_THROW(inflateLimited(cut, data.size(), "x", "y"), FormatError);
  }
  const std::vector<std::uint8_t> garbage = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<std::uint8_t> out(8);
  EXPECT_THROW(inflateExactly(garbage, out, "x", "y"), FormatError);
}

TEST(Gzip, StopsAZipBombAtTheLimit) {
  const std::vector<std::uint8_t> zeros(16 << 20);  // 16 MiB of zeros deflate to about 16 KiB
  const auto packed = deflateBuffer(zeros, 9);
  EXPECT_LT(packed.size(), 40000u);
  try {
    inflateLimited(packed, 1 << 20, "bomb.gz", "block");
    FAIL() << "expected FormatError";
  } catch (const FormatError& error) {
    EXPECT_NE(std::string(error.what()).find("limit"), std::string::npos) << error.what();
  }
  std::vector<std::uint8_t> out(4096);
  EXPECT_THROW(inflateExactly(packed, out, "bomb.gz", "block"), FormatError);
}

// ---------------------------------------------------------------------------------------------------- nibabel fixtures
TEST(GiftiReader, ReadsNibabelSurfacesInEveryEncoding) {
  const std::pair<const char*, GiftiEncoding> files[] = {
      {"tetra.ascii.surf.gii", GiftiEncoding::Ascii},
      {"tetra.base64.surf.gii", GiftiEncoding::Base64Binary},
      {"tetra.gzip.surf.gii", GiftiEncoding::GZipBase64Binary},
      {"tetra.colmajor.surf.gii", GiftiEncoding::GZipBase64Binary},
      {"tetra.bigendian.surf.gii", GiftiEncoding::Base64Binary},
      {"tetra.external.surf.gii", GiftiEncoding::ExternalFileBinary}};
  for (const auto& [name, encoding] : files) {
    SCOPED_TRACE(name);
    const auto image = readGifti(kData / name);
    expectTetra(image, kData / name);
    EXPECT_EQ(image.arrays[0].encoding, encoding);
  }
  EXPECT_EQ(readGifti(kData / "tetra.colmajor.surf.gii").arrays[0].order, GiftiOrder::ColumnMajor);
  EXPECT_EQ(readGifti(kData / "tetra.bigendian.surf.gii").arrays[1].endian, GiftiEndian::Big);
  const auto external = readGifti(kData / "tetra.external.surf.gii");
  EXPECT_EQ(external.arrays[0].externalFileName, "tetra.external.dat");
  EXPECT_EQ(external.arrays[0].externalFileOffset, 16u);
  EXPECT_EQ(external.arrays[1].externalFileOffset, 64u);
  EXPECT_TRUE(looksLikeGifti(kData / "tetra.gzip.surf.gii"));
  EXPECT_FALSE(looksLikeGifti(kData / "make_fixtures.py"));
}

TEST(GiftiReader, ReadsFromMemoryLikeFromAFile) {
  const auto text = readAll(kData / "tetra.gzip.surf.gii");
  expectTetra(readGiftiFromMemory(text, kData / "tetra.gzip.surf.gii"), kData / "tetra.gzip.surf.gii");
}

TEST(GiftiReader, ReadsNibabelFunctionalArraysOfEveryType) {
  const fs::path file = kData / "sample.func.gii";
  const auto image = readGifti(file);
  ASSERT_EQ(image.arrays.size(), 4u);
  EXPECT_EQ(image.arrays[0].intent, "NIFTI_INTENT_SHAPE");
  EXPECT_EQ(image.arrays[1].intent, "NIFTI_INTENT_TIME_SERIES");
  EXPECT_EQ(image.arrays[2].intent, "NIFTI_INTENT_NONE");
  EXPECT_EQ(image.arrays[3].intent, "NIFTI_INTENT_ZSCORE");
  EXPECT_EQ(image.arrays[0].encoding, GiftiEncoding::Ascii);
  EXPECT_EQ(image.arrays[1].encoding, GiftiEncoding::Base64Binary);
  EXPECT_EQ(image.arrays[2].encoding, GiftiEncoding::GZipBase64Binary);
  EXPECT_EQ(values<float>(image.arrays[0]), (std::vector<float>{2.5f, 3.0f, 1.75f, -0.5f, 4.125f}));
  EXPECT_TRUE(bitEqual(values<float>(image.arrays[1]), std::vector<float>{0.1f, 0.2f, 0.3f, 1e-3f, -7.0f}));
  EXPECT_EQ(values<std::int32_t>(image.arrays[2]), (std::vector<std::int32_t>{1, -2, 300000, 0, 7}));
  EXPECT_EQ(values<std::uint8_t>(image.arrays[3]), (std::vector<std::uint8_t>{0, 1, 127, 255, 9}));

  const auto maps = giftiScalarMaps(image, file);
  EXPECT_EQ(maps.hemisphere, Hemisphere::Left);  // file-level AnatomicalStructurePrimary
  EXPECT_EQ(maps.names, (std::vector<std::string>{"thickness", "map 2", "count", "map 4"}));
  ASSERT_EQ(maps.maps.size(), 4u);
  EXPECT_EQ(maps.vertexCount(), 5u);
  EXPECT_EQ(maps.maps[0][4], 4.125f);
  EXPECT_EQ(maps.maps[1][0], 0.1f);
  EXPECT_EQ(maps.maps[2][2], 300000.0f);
  EXPECT_EQ(maps.maps[3][3], 255.0f);
  EXPECT_THROW(giftiSurface(image, file), FormatError);
  EXPECT_THROW(giftiLabelMap(image, file), FormatError);
}

TEST(GiftiReader, ConvertsNibabelColumnMajorArraysToRowMajor) {
  const fs::path file = kData / "series.colmajor.func.gii";
  const auto image = readGifti(file);
  ASSERT_EQ(image.arrays.size(), 2u);
  EXPECT_EQ(image.arrays[0].order, GiftiOrder::ColumnMajor);
  EXPECT_EQ(image.arrays[0].dims, (std::vector<std::uint64_t>{5, 3}));
  const auto& grid = values<float>(image.arrays[0]);
  const auto& igrid = values<std::int32_t>(image.arrays[1]);
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 3; ++j)
      EXPECT_EQ(grid[static_cast<std::size_t>(i * 3 + j)], static_cast<float>(10 * i + j) + 0.5f);
    for (int j = 0; j < 2; ++j) EXPECT_EQ(igrid[static_cast<std::size_t>(i * 2 + j)], 100 * i + j);
  }
  // A 5 x 3 array is three maps over five vertices; the unnamed 5 x 2 array two more.
  const auto maps = giftiScalarMaps(image, file);
  EXPECT_EQ(maps.names, (std::vector<std::string>{"grid 1", "grid 2", "grid 3", "map 4", "map 5"}));
  EXPECT_EQ(maps.maps[1], (std::vector<float>{1.5f, 11.5f, 21.5f, 31.5f, 41.5f}));
  EXPECT_EQ(maps.maps[4], (std::vector<float>{1, 101, 201, 301, 401}));
  EXPECT_FALSE(maps.hemisphere.has_value());
}

TEST(GiftiReader, ReadsANibabelLabelFileWithItsTable) {
  const fs::path file = kData / "sample.label.gii";
  const auto labels = giftiLabelMap(readGifti(file), file);
  EXPECT_EQ(labels.hemisphere, Hemisphere::Right);
  EXPECT_EQ(labels.name, "parcels");
  EXPECT_EQ(labels.keys, (std::vector<std::int32_t>{0, 1, 1, 7, 0, 7}));
  ASSERT_EQ(labels.labels.size(), 3u);
  EXPECT_EQ(labels.labels[0].key, 0);
  EXPECT_EQ(labels.labels[0].name, "???");
  EXPECT_EQ(labels.labels[0].rgba, (std::array<float, 4>{0, 0, 0, 0}));
  EXPECT_EQ(labels.labels[1].key, 1);
  EXPECT_EQ(labels.labels[1].name, "V1 & V2");
  EXPECT_EQ(labels.labels[1].rgba, (std::array<float, 4>{1, 0, 0, 1}));
  EXPECT_EQ(labels.labels[2].key, 7);
  EXPECT_EQ(labels.labels[2].name, "<area> \"x\"");
  EXPECT_EQ(labels.labels[2].rgba, (std::array<float, 4>{0.2f, 0.4f, 0.6f, 0.8f}));
  EXPECT_THROW(giftiScalarMaps(readGifti(file), file), FormatError);
}

// ---------------------------------------------------------------------------------------------------- round trips
TEST(GiftiWriter, RoundTripsEveryEncodingByteOrderAndIndexOrderBitForBit) {
  TempDir dir;
  for (auto encoding : {GiftiEncoding::Ascii, GiftiEncoding::Base64Binary, GiftiEncoding::GZipBase64Binary,
                        GiftiEncoding::ExternalFileBinary}) {
    for (auto endian : {GiftiEndian::Little, GiftiEndian::Big}) {
      for (auto order : {GiftiOrder::RowMajor, GiftiOrder::ColumnMajor}) {
        const std::string context =
            std::string(toString(encoding)) + " " + std::string(toString(endian)) + " " + std::string(toString(order));
        SCOPED_TRACE(context);
        // ASCII keeps every finite value exactly (shortest round-trip text) but not NaN payloads.
        const auto image = awkwardImage(encoding, endian, order, encoding != GiftiEncoding::Ascii);
        const fs::path file = dir.path / "round.gii";
        writeGifti(file, image);
        const auto back = readGifti(file);
        expectSameImage(image, back, context);
        if (encoding == GiftiEncoding::ExternalFileBinary) {
          EXPECT_TRUE(fs::exists(dir.path / "round.gii.dat"));
          EXPECT_EQ(back.arrays[0].externalFileName, "round.gii.dat");
          EXPECT_EQ(back.arrays[1].externalFileOffset, 15u * 4u);
        }
        // The file itself says what was asked for.
        const auto text = readAll(file);
        EXPECT_NE(text.find(std::string("Endian=\"") + std::string(toString(endian)) + "\""), std::string::npos);
        EXPECT_NE(text.find(std::string("ArrayIndexingOrder=\"") + std::string(toString(order)) + "\""),
                  std::string::npos);
      }
    }
  }
}

TEST(GiftiWriter, BigEndianAndColumnMajorChangeTheStoredBytes) {
  // Guards against a writer that ignores the storage fields (the reader would then agree with it by accident).
  const auto little = awkwardImage(GiftiEncoding::Base64Binary, GiftiEndian::Little, GiftiOrder::RowMajor, false);
  auto big = little;
  auto column = little;
  for (auto& array : big.arrays) array.endian = GiftiEndian::Big;
  for (auto& array : column.arrays) array.order = GiftiOrder::ColumnMajor;
  TempDir dir;
  writeGifti(dir.path / "a.gii", little);
  writeGifti(dir.path / "b.gii", big);
  writeGifti(dir.path / "c.gii", column);
  const auto textA = readAll(dir.path / "a.gii");
  const auto counts = std::vector<std::int32_t>{std::numeric_limits<std::int32_t>::min(), -1, 0, 1,
                                                std::numeric_limits<std::int32_t>::max()};
  std::string bigBytes;
  for (auto v : counts) {
    const auto u = static_cast<std::uint32_t>(v);
    for (int shift = 24; shift >= 0; shift -= 8) bigBytes += static_cast<char>((u >> shift) & 0xFF);
  }
  EXPECT_NE(readAll(dir.path / "b.gii").find(encodeBase64(bigBytes.data(), bigBytes.size())), std::string::npos);
  EXPECT_EQ(textA.find(encodeBase64(bigBytes.data(), bigBytes.size())), std::string::npos);
  // Triangles {0 1 2, 2 3 4, 4 0 1} stored column-major: 0 2 4 1 3 0 2 4 1.
  const std::vector<std::int32_t> columnMajor = {0, 2, 4, 1, 3, 0, 2, 4, 1};
  EXPECT_NE(readAll(dir.path / "c.gii").find(encodeBase64(columnMajor.data(), columnMajor.size() * 4)),
            std::string::npos);
}

TEST(GiftiWriter, SurfaceScalarAndLabelConveniencesRoundTrip) {
  TempDir dir;
  auto sphere = core::makeIcosphere(2, 40.0f, {1, 2, 3}, Hemisphere::Right);
  sphere.kind = SurfaceKind::Pial;
  for (auto encoding : {GiftiEncoding::Ascii, GiftiEncoding::Base64Binary, GiftiEncoding::GZipBase64Binary,
                        GiftiEncoding::ExternalFileBinary}) {
    SCOPED_TRACE(std::string(toString(encoding)));
    const fs::path file = dir.path / "brain.surf.gii";  // the name says neither hemisphere nor kind
    writeGiftiSurface(file, sphere, encoding);
    const auto image = readGifti(file);
    EXPECT_EQ(*image.arrays[0].meta("AnatomicalStructurePrimary"), "CortexRight");
    EXPECT_EQ(image.arrays[0].transforms.size(), 1u);
    const auto back = giftiSurface(image, file);
    EXPECT_EQ(back.hemisphere, Hemisphere::Right);
    EXPECT_EQ(back.kind, SurfaceKind::Pial);
    ASSERT_EQ(back.vertexCount(), sphere.vertexCount());
    EXPECT_EQ(std::memcmp(back.vertices.data(), sphere.vertices.data(), sphere.vertexCount() * sizeof(Vec3f)), 0);
    EXPECT_EQ(back.triangles, sphere.triangles);

    ScalarMaps maps;
    maps.hemisphere = Hemisphere::Left;
    maps.names = {"curvature", "thickness"};
    maps.maps = {std::vector<float>(sphere.vertexCount()), std::vector<float>(sphere.vertexCount())};
    for (std::size_t v = 0; v < sphere.vertexCount(); ++v) {
      maps.maps[0][v] = sphere.vertices[v][2] / 7.0f;
      maps.maps[1][v] = 1.0f / static_cast<float>(v + 1);
    }
    writeGiftiScalars(dir.path / "maps.func.gii", maps, encoding);
    const auto mapsBack = giftiScalarMaps(readGifti(dir.path / "maps.func.gii"), dir.path / "maps.func.gii");
    EXPECT_EQ(mapsBack.hemisphere, Hemisphere::Left);
    EXPECT_EQ(mapsBack.names, maps.names);
    EXPECT_TRUE(bitEqual(mapsBack.maps[0], maps.maps[0]));
    EXPECT_TRUE(bitEqual(mapsBack.maps[1], maps.maps[1]));

    LabelMap labels;
    labels.hemisphere = Hemisphere::Right;
    labels.name = "visual areas";
    labels.labels = {
        {0, "???", {0, 0, 0, 0}}, {11, "V1", {0.9f, 0.1f, 0.1f, 1}}, {12, "V2 ]]> <b>", {0.1f, 0.9f, 0.3f, 0.5f}}};
    for (std::size_t v = 0; v < sphere.vertexCount(); ++v) labels.keys.push_back(v % 3 == 0 ? 0 : v % 3 == 1 ? 11 : 12);
    writeGiftiLabels(dir.path / "areas.label.gii", labels, encoding);
    const auto labelsBack = giftiLabelMap(readGifti(dir.path / "areas.label.gii"), dir.path / "areas.label.gii");
    EXPECT_EQ(labelsBack.hemisphere, Hemisphere::Right);
    EXPECT_EQ(labelsBack.name, "visual areas");
    EXPECT_EQ(labelsBack.keys, labels.keys);
    ASSERT_EQ(labelsBack.labels.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(labelsBack.labels[i].key, labels.labels[i].key);
      EXPECT_EQ(labelsBack.labels[i].name, labels.labels[i].name);
      EXPECT_EQ(labelsBack.labels[i].rgba, labels.labels[i].rgba);
    }
  }
}

TEST(GiftiWriter, HemisphereFallsBackToTheFileName) {
  TempDir dir;
  ScalarMaps maps;
  maps.maps = {{1.0f, 2.0f, 3.0f}};
  writeGiftiScalars(dir.path / "lh.sulc.shape.gii", maps);
  const auto back = giftiScalarMaps(readGifti(dir.path / "lh.sulc.shape.gii"), dir.path / "lh.sulc.shape.gii");
  EXPECT_EQ(back.hemisphere, Hemisphere::Left);
  EXPECT_EQ(back.names, (std::vector<std::string>{"map 1"}));
}

TEST(GiftiWriter, RejectsInconsistentArraysAndLeavesTheOldFile) {
  TempDir dir;
  const fs::path file = dir.path / "keep.gii";
  ScalarMaps maps;
  maps.maps = {{1.0f, 2.0f}};
  writeGiftiScalars(file, maps);
  const auto before = readAll(file);
  GiftiImage bad;
  bad.arrays.push_back(makeGiftiArray(gifti::kNone, std::vector<float>{1, 2, 3}, {4}));
  EXPECT_THROW(writeGifti(file, bad), std::invalid_argument);
  EXPECT_EQ(readAll(file), before);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
}

TEST(GiftiReader, AcceptsVariantsOtherWritersProduce) {
  // Pretty-printed text outside CDATA, Index instead of Key, integers printed as decimals, '+' signs, unknown
  // elements, empty ExternalFileOffset, no Endian or ArrayIndexingOrder attributes, unpadded base64, gifticlib's
  // GIFTI_ENCODING_B64BIN / GIFTI_ENDIAN_LITTLE spellings.
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<GIFTI Version=\"1.0\" NumberOfDataArrays=\"2\">\n"
      "  <MetaData>\n    <MD>\n      <Name>\n        Caret-Version\n      </Name>\n"
      "      <Value><![CDATA[ 5.5 ]]></Value>\n    </MD>\n  </MetaData>\n"
      "  <Vendor><Anything>ignored <Data>not data</Data></Anything></Vendor>\n"
      "  <LabelTable>\n    <Label Index=\"3\" Red=\"1\" Green=\"0.5\" Blue=\"0\">\n      Area 3\n    </Label>\n"
      "  </LabelTable>\n"
      "  <DataArray Intent=\"NIFTI_INTENT_LABEL\" DataType=\"NIFTI_TYPE_INT32\" Dimensionality=\"1\" Dim0=\"4\"\n"
      "             Encoding=\"ASCII\" ExternalFileOffset=\"\">\n"
      "    <Data>\n 3\n 3.000000\n +0\n -0 \n</Data>\n  </DataArray>\n"
      "  <DataArray Intent=\"NIFTI_INTENT_SHAPE\" DataType=\"NIFTI_TYPE_UINT8\" Dimensionality=\"1\" Dim0=\"2\"\n"
      "             Encoding=\"GIFTI_ENCODING_B64BIN\" Endian=\"GIFTI_ENDIAN_LITTLE\"><Data>\n  /w\n "
      "A\n</Data></DataArray>\n"
      "</GIFTI>\n";
  const auto image = readGiftiFromMemory(xml, "/nowhere/rh.labels.gii");
  ASSERT_EQ(image.metadata.size(), 1u);
  EXPECT_EQ(image.metadata[0].first, "Caret-Version");
  EXPECT_EQ(image.metadata[0].second, " 5.5 ");  // whitespace inside CDATA is kept
  ASSERT_EQ(image.labels.size(), 1u);
  EXPECT_EQ(image.labels[0].key, 3);
  EXPECT_EQ(image.labels[0].name, "Area 3");
  EXPECT_EQ(image.labels[0].rgba, (std::array<float, 4>{1.0f, 0.5f, 0.0f, 1.0f}));  // Alpha left out: opaque
  EXPECT_EQ(values<std::int32_t>(image.arrays[0]), (std::vector<std::int32_t>{3, 3, 0, 0}));
  EXPECT_EQ(values<std::uint8_t>(image.arrays[1]), (std::vector<std::uint8_t>{255, 0}));
  const auto labels = giftiLabelMap(image, "/nowhere/rh.labels.gii");
  EXPECT_EQ(labels.hemisphere, Hemisphere::Right);  // from the file name
}

// ---------------------------------------------------------------------------------------------------- malformed
TEST(GiftiReader, EveryMalformedSampleGivesFormatError) {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(kMalformed)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("gifti-", 0) != 0) continue;
    ++count;
    SCOPED_TRACE(name);
    try {
      const auto image = readGifti(entry.path());
      FAIL() << "no FormatError for " << name;
    } catch (const FormatError& error) {
      EXPECT_EQ(error.file(), entry.path());
      EXPECT_FALSE(error.problem().empty());
    }
  }
  EXPECT_GE(count, 20u);
}

TEST(GiftiReader, MalformedSamplesSayWhatIsWrong) {
  auto problem = [](const char* name) -> std::pair<std::string, std::string> {
    try {
      readGifti(kMalformed / name);
    } catch (const FormatError& error) {
      return {error.where(), error.problem()};
    }
    return {"", "no error"};
  };
  auto contains = [](const std::string& text, const char* part) { return text.find(part) != std::string::npos; };
  EXPECT_TRUE(contains(problem("gifti-unknown-encoding.gii").second, "Base85Binary"));
  EXPECT_TRUE(contains(problem("gifti-unknown-datatype.gii").second, "NIFTI_TYPE_FLOAT64"));
  const auto badXml = problem("gifti-bad-xml.gii");
  EXPECT_TRUE(contains(badXml.first, "line 3")) << badXml.first;  // nibabel writes everything after line 2 on line 3
  EXPECT_TRUE(contains(badXml.second, "malformed XML")) << badXml.second;
  EXPECT_TRUE(contains(problem("gifti-truncated.gii").second, "malformed XML"));
  EXPECT_TRUE(contains(problem("gifti-gzip-bomb.gii").second, "more than the expected 16 bytes"));
  EXPECT_TRUE(contains(problem("gifti-gzip-lying-size.gii").second, "compressed bytes can hold"));
  EXPECT_TRUE(contains(problem("gifti-huge-dims.gii").second, "Dim0"));
  EXPECT_TRUE(contains(problem("gifti-too-many-elements.gii").second, "more than 268435456 elements"));
  EXPECT_TRUE(contains(problem("gifti-lying-dims.gii").second, "16 bytes, the dimensions need 20"));
  EXPECT_TRUE(contains(problem("gifti-bad-triangle.gii").second, "vertex 9 of 4"));
  EXPECT_TRUE(contains(problem("gifti-entity.gii").second, "entity"));
  EXPECT_TRUE(contains(problem("gifti-external-short.gii").second, "from offset 100000"));
  EXPECT_TRUE(contains(problem("gifti-ascii-not-number.gii").second, "\"three\""));
  EXPECT_TRUE(contains(problem("gifti-count-mismatch.gii").second, "NumberOfDataArrays"));
  EXPECT_TRUE(contains(problem("gifti-bad-base64.gii").second, "base64 alphabet"));
  EXPECT_TRUE(contains(problem("gifti-missing-dim.gii").second, "Dim1 is missing"));
}

TEST(GiftiReader, ConvertersNameTheMissingContent) {
  const fs::path file = kData / "tetra.gzip.surf.gii";
  const auto surface = readGifti(file);
  EXPECT_THROW(giftiLabelMap(surface, file), FormatError);
  EXPECT_THROW(giftiScalarMaps(surface, file), FormatError);
  GiftiImage pointsOnly = surface;
  pointsOnly.arrays.pop_back();
  try {
    giftiSurface(pointsOnly, file);
    FAIL();
  } catch (const FormatError& error) {
    EXPECT_NE(std::string(error.what()).find("NIFTI_INTENT_TRIANGLE"), std::string::npos);
  }
}

// ------------------------------------------------------------------------------------- fast path (parseDocument)
namespace {
std::string gzipArrayXml(const std::vector<float>& values, std::size_t claimedCount, const std::string& extraText) {
  const auto packed = deflateBuffer(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(values.data()), values.size() * 4));
  return "<DataArray Intent=\"NIFTI_INTENT_SHAPE\" DataType=\"NIFTI_TYPE_FLOAT32\" Dimensionality=\"1\" Dim0=\"" +
         std::to_string(claimedCount) + "\" Encoding=\"GZipBase64Binary\" Endian=\"LittleEndian\"><Data>" +
         encodeBase64(packed.data(), packed.size()) + extraText + "</Data></DataArray>\n";
}
}  // namespace

TEST(GiftiReader, Base64DecodedOutsideExpatKeepsLinesAndColumnsOfLaterErrors) {
  // Base64 split over LF, CRLF and CR lines (decoded without expat), then malformed XML on the line it ends on.
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<GIFTI Version=\"1.0\" NumberOfDataArrays=\"1\">\n"
      "<DataArray Intent=\"NIFTI_INTENT_SHAPE\" DataType=\"NIFTI_TYPE_UINT8\" Dimensionality=\"1\" Dim0=\"12\"\n"
      " Encoding=\"Base64Binary\"><Data>AAEC\nAwQF\r\nBgcI\rCQoL</Data></DataArray> <oops a=></GIFTI>\n";
  // Expat's own position for the error, parsing the whole text itself.
  XML_Parser reference = XML_ParserCreate(nullptr);
  ASSERT_EQ(XML_Parse(reference, xml.data(), static_cast<int>(xml.size()), XML_TRUE), XML_STATUS_ERROR);
  const std::string expected = "line " + std::to_string(XML_GetCurrentLineNumber(reference)) + ", column " +
                               std::to_string(XML_GetCurrentColumnNumber(reference));
  XML_ParserFree(reference);
  EXPECT_EQ(expected, "line 7, column 32");  // counted by hand: CR is a line break too; "CQoL</Data></DataArray> <oops a=" is 32 long
  try {
    readGiftiFromMemory(xml, "/nowhere/x.gii");
    FAIL() << "no FormatError";
  } catch (const FormatError& error) {
    EXPECT_EQ(error.where(), expected);
  }
  // The same data without the error decode to 0..11.
  std::string good = xml;
  good.replace(good.find(" <oops a=>"), 10, "");
  const auto image = readGiftiFromMemory(good, "/nowhere/x.gii");
  std::vector<std::uint8_t> counting(12);
  for (std::size_t i = 0; i < counting.size(); ++i) counting[i] = static_cast<std::uint8_t>(i);
  EXPECT_EQ(values<std::uint8_t>(image.arrays[0]), counting);
}

TEST(GiftiReader, LargeArraysInflateOnTwoThreadsAndTheFirstErrorWins) {
  std::vector<float> a(200000), b(300000);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.001f * static_cast<float>(i));
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = std::cos(0.002f * static_cast<float>(i));
  const std::string head = "<?xml version=\"1.0\"?>\n<GIFTI Version=\"1.0\" NumberOfDataArrays=\"3\">\n";
  const std::string good = head + gzipArrayXml(a, a.size(), "") + gzipArrayXml(b, b.size(), "") +
                           gzipArrayXml(a, a.size(), "") + "</GIFTI>\n";
  const auto image = readGiftiFromMemory(good, "/nowhere/x.gii");
  ASSERT_EQ(image.arrays.size(), 3u);
  EXPECT_EQ(values<float>(image.arrays[0]), a);
  EXPECT_EQ(values<float>(image.arrays[1]), b);
  EXPECT_EQ(values<float>(image.arrays[2]), a);
  // Array 0 (inflating in the background) claims one value too many; array 1 has a bad base64 character, found
  // by the parsing thread meanwhile. Read in order, array 0's error comes first, and so it must here.
  const std::string bad =
      head + gzipArrayXml(a, a.size() + 1, "") + gzipArrayXml(b, b.size(), "!") + "</GIFTI>\n";
  try {
    readGiftiFromMemory(bad, "/nowhere/x.gii");
    FAIL() << "no FormatError";
  } catch (const FormatError& error) {
    EXPECT_EQ(error.where().rfind("DataArray 0", 0), 0u) << error.where() << ": " << error.problem();
    EXPECT_NE(error.problem().find("800000 bytes, expected 800004"), std::string::npos) << error.problem();
  }
}
