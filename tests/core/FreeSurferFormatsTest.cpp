// FreeSurfer surface footers, curv, annot, label and MGH/MGZ: fixtures written by nibabel
// (tests/data/freesurfer/make_fixtures.py, whose numbers are repeated here), bit-exact round trips, and every
// malformed sample under tests/data/malformed/{freesurfer-*,mgh-*} rejected with FormatError.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "core/base/FormatError.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/FreeSurferAnnot.h"
#include "core/io/FreeSurferCurv.h"
#include "core/io/FreeSurferLabel.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/GzipFile.h"
#include "core/io/MghFile.h"
#include "tests/support/FileBytes.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
const fs::path kData = fs::path(VOXELLENS_TEST_DATA) / "freesurfer";
const fs::path kMalformed = fs::path(VOXELLENS_TEST_DATA) / "malformed";

using vl::fixtures::TempDir;

using vl::fixtures::readAll;

// The five vertices and faces make_fixtures.py wrote.
const std::vector<core::Vec3f> kCoords = {
    {0.0f, 0.0f, 0.0f}, {10.5f, 0.0f, -1.25f}, {0.0f, 20.0f, 3.5f}, {-4.0f, -8.0f, 30.0f}, {1e-3f, 2.5e4f, -7.75f}};
const std::vector<core::Triangle> kFaces = {{0, 1, 2}, {0, 2, 3}, {0, 3, 1}, {1, 3, 2}, {4, 1, 0}};

// make_fixtures.py: base = i + 3j + 6k + 12f, then a formula per type.
double expectedValue(core::MghType type, int i, int j, int k, int f) {
  const int b = i + 3 * j + 6 * k + 12 * f;
  switch (type) {
    case core::MghType::UChar: return b * 5;
    case core::MghType::Short: return b * -600 + 3;
    case core::MghType::Int: return b * 1000003.0 - 20000000;
    case core::MghType::Float: return b * 0.25 - 3.5;
  }
  return 0;
}
}  // namespace

TEST(FreeSurferSurfaceFooter, ReadsNibabelFooterWithUseRealRasHead) {
  const auto file = core::readFreeSurferSurfaceWithFooter(kData / "lh.footer.white");
  EXPECT_EQ(file.surface.vertices, kCoords);
  EXPECT_EQ(file.surface.triangles, kFaces);
  EXPECT_EQ(file.surface.hemisphere, core::Hemisphere::Left);
  EXPECT_EQ(file.createdBy, "nibabel fixture");
  ASSERT_TRUE(file.footer.has_value());
  const auto& f = *file.footer;
  ASSERT_TRUE(f.useRealRas.has_value());
  EXPECT_EQ(*f.useRealRas, 0);
  EXPECT_TRUE(f.valid);
  EXPECT_EQ(f.filename, "/subjects/bert/mri/filled-pretess255.mgz");
  EXPECT_EQ(f.volume, (std::array<std::int32_t, 3>{256, 256, 256}));
  EXPECT_EQ(f.voxelSize, (std::array<double, 3>{1, 1, 1}));
  EXPECT_EQ(f.xras, (std::array<double, 3>{-1, 0, 0}));
  EXPECT_EQ(f.yras, (std::array<double, 3>{0, 0, -1}));
  EXPECT_EQ(f.zras, (std::array<double, 3>{0, 1, 0}));
  EXPECT_EQ(f.cras, (std::array<double, 3>{1.5, -17.25, 20.125}));
  EXPECT_TRUE(f.trailingTags.empty());
  // The plain reader still reads the mesh of a file with a footer.
  EXPECT_EQ(core::readFreeSurferSurface(kData / "lh.footer.white").vertices, kCoords);
}

TEST(FreeSurferSurfaceFooter, ReadsTag20HeadAndNonUnitNumbers) {
  const auto file = core::readFreeSurferSurfaceWithFooter(kData / "rh.footer20.pial");
  EXPECT_EQ(file.surface.hemisphere, core::Hemisphere::Right);
  EXPECT_EQ(file.surface.kind, core::SurfaceKind::Pial);
  ASSERT_TRUE(file.footer.has_value());
  const auto& f = *file.footer;
  EXPECT_FALSE(f.useRealRas.has_value());
  EXPECT_EQ(f.filename, "orig.mgz");
  EXPECT_EQ(f.volume, (std::array<std::int32_t, 3>{320, 300, 288}));
  EXPECT_EQ(f.voxelSize, (std::array<double, 3>{0.8, 0.8, 0.8}));
  EXPECT_EQ(f.xras, (std::array<double, 3>{-0.999, 0.01, 0.02}));
  EXPECT_EQ(f.zras, (std::array<double, 3>{0.03, 1.0, 0.0}));
  EXPECT_EQ(f.cras, (std::array<double, 3>{-3.25, 11.0, 0.5}));
}

TEST(FreeSurferSurfaceFooter, RoundTripKeepsFooterAndBytes) {
  TempDir dir;
  const auto original = core::readFreeSurferSurfaceWithFooter(kData / "lh.footer.white");
  auto footer = *original.footer;
  footer.trailingTags = std::string("\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x05tag!\x00", 17);
  const auto first = dir.path / "lh.white";
  core::writeFreeSurferSurface(first, original.surface, footer, original.createdBy);
  const auto back = core::readFreeSurferSurfaceWithFooter(first);
  EXPECT_EQ(back.surface.vertices, kCoords);
  EXPECT_EQ(back.surface.triangles, kFaces);
  ASSERT_TRUE(back.footer.has_value());
  EXPECT_EQ(*back.footer, footer);
  const auto second = dir.path / "lh.white2";
  core::writeFreeSurferSurface(second, back.surface, back.footer, back.createdBy);
  EXPECT_EQ(readAll(first), readAll(second));
  // Without a footer, none is read back; with an unknown tag after the faces, none is reported either.
  core::writeFreeSurferSurface(first, original.surface);
  EXPECT_FALSE(core::readFreeSurferSurfaceWithFooter(first).footer.has_value());
  std::ofstream(first, std::ios::binary | std::ios::app) << std::string("\x00\x00\x00\x07", 4);
  EXPECT_FALSE(core::readFreeSurferSurfaceWithFooter(first).footer.has_value());
}

TEST(FreeSurferCurv, ReadsNibabelMorphDataAndWritesTheSameBytes) {
  const auto maps = core::readFreeSurferCurv(kData / "lh.tiny.thickness");
  ASSERT_EQ(maps.maps.size(), 1u);
  EXPECT_EQ(maps.names, std::vector<std::string>{"tiny.thickness"});
  EXPECT_EQ(maps.hemisphere, core::Hemisphere::Left);
  const std::vector<float> expected = {2.5f, 0.0f, -1.75f, 3.4028235e38f, 1e-30f, 4.125f};
  EXPECT_EQ(maps.maps[0], expected);
  TempDir dir;
  const auto out = dir.path / "rh.sulc";
  core::writeFreeSurferCurv(out, expected, 8);  // the fixture says 8 faces
  EXPECT_EQ(readAll(out), readAll(kData / "lh.tiny.thickness"));
  EXPECT_EQ(core::readFreeSurferCurv(out).hemisphere, core::Hemisphere::Right);
}

TEST(FreeSurferAnnot, ReadsNibabelAnnotation) {
  const auto annot = core::readFreeSurferAnnot(kData / "lh.tiny.annot");
  EXPECT_EQ(annot.name, "tiny");
  EXPECT_EQ(annot.hemisphere, core::Hemisphere::Left);
  EXPECT_EQ(annot.keys, (std::vector<std::int32_t>{0, 1, 2, -1, 1, 0, 2}));
  // No extra -1 label: the table has one named "unknown".
  ASSERT_EQ(annot.labels.size(), 3u);
  const char* names[] = {"unknown", "V1", "MT"};
  const int rgbt[3][4] = {{25, 5, 25, 0}, {220, 20, 10, 0}, {20, 220, 60, 128}};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(annot.labels[i].key, i);
    EXPECT_EQ(annot.labels[i].name, names[i]);
    for (int c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(annot.labels[i].rgba[c], rgbt[i][c] / 255.0f);
    EXPECT_FLOAT_EQ(annot.labels[i].rgba[3], 1.0f - rgbt[i][3] / 255.0f);
  }
}

TEST(FreeSurferAnnot, ReadsOldColourTableAndVertexOrder) {
  const auto annot = core::readFreeSurferAnnot(kData / "rh.old.annot");
  EXPECT_EQ(annot.hemisphere, core::Hemisphere::Right);
  // Values per vertex: cortex, 0, wall, cortex; entry 0 "Unknown" is black, so value 0 is entry 0.
  EXPECT_EQ(annot.keys, (std::vector<std::int32_t>{1, 0, 2, 1}));
  ASSERT_EQ(annot.labels.size(), 3u);
  EXPECT_EQ(annot.labels[1].name, "cortex");
  EXPECT_FLOAT_EQ(annot.labels[1].rgba[2], 240 / 255.0f);
  EXPECT_EQ(annot.labels[2].name, "wall");
  EXPECT_FLOAT_EQ(annot.labels[2].rgba[3], 1.0f - 51 / 255.0f);
}

TEST(FreeSurferAnnot, WritesNibabelsBytesAndRoundTripsExactly) {
  TempDir dir;
  const auto annot = core::readFreeSurferAnnot(kData / "lh.tiny.annot");
  const auto out = dir.path / "lh.tiny.annot";
  core::writeFreeSurferAnnot(out, annot);
  EXPECT_EQ(readAll(out), readAll(kData / "lh.tiny.annot"));  // same layout as nibabel's write_annot

  core::LabelMap sparse;  // keys need not be contiguous; unlabelled vertices get an "unknown" label on reading
  sparse.keys = {5, -1, 2, 5};
  sparse.labels = {{2, "FFA", {1.0f, 0.0f, 0.0f, 1.0f}}, {5, "PPA", {0.0f, 0.2f, 1.0f, 0.6f}}};
  core::writeFreeSurferAnnot(out, sparse);
  const auto back = core::readFreeSurferAnnot(out);
  EXPECT_EQ(back.keys, sparse.keys);
  ASSERT_EQ(back.labels.size(), 3u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(back.labels[i].key, sparse.labels[i].key);
    EXPECT_EQ(back.labels[i].name, sparse.labels[i].name);
    EXPECT_EQ(back.labels[i].rgba, sparse.labels[i].rgba);
  }
  EXPECT_EQ(back.labels[2].key, -1);
  EXPECT_EQ(back.labels[2].name, "unknown");
  const auto again = dir.path / "again.annot";
  core::writeFreeSurferAnnot(again, back);
  EXPECT_EQ(readAll(again), readAll(out));

  sparse.keys[0] = 7;  // a key without a label
  EXPECT_THROW(core::writeFreeSurferAnnot(out, sparse), std::invalid_argument);
  sparse.keys[0] = 5;
  sparse.labels[1].rgba = sparse.labels[0].rgba;  // two labels FreeSurfer could not tell apart
  EXPECT_THROW(core::writeFreeSurferAnnot(out, sparse), std::invalid_argument);
}

TEST(FreeSurferLabel, ReadsRowsAndRoundTripsExactly) {
  const auto label = core::readFreeSurferLabel(kData / "lh.V1.label");
  EXPECT_EQ(label.comment, "!ascii label  , from subject bert vox2ras=TkReg");
  EXPECT_EQ(label.hemisphere, core::Hemisphere::Left);
  EXPECT_EQ(label.vertices, (std::vector<std::int32_t>{12, 7, 40000}));
  EXPECT_EQ(label.positions, (std::vector<core::Vec3f>{{-10.25f, 20.5f, 3.0f}, {1.0f, -2.0f, -0.125f},
                                                        {33.333f, 0.0f, 1e-3f}}));
  EXPECT_EQ(label.values, (std::vector<float>{0.0f, 0.75f, -1.5f}));
  TempDir dir;
  const auto out = dir.path / "rh.FFA.label";
  auto subset = label;
  subset.values[0] = 0.1f;  // not exact in decimal: must still come back bit for bit
  subset.positions[1][0] = -123.456789f;
  core::writeFreeSurferLabel(out, subset);
  const auto back = core::readFreeSurferLabel(out);
  EXPECT_EQ(back.vertices, subset.vertices);
  EXPECT_EQ(back.positions, subset.positions);
  EXPECT_EQ(back.values, subset.values);
  EXPECT_EQ(back.comment, subset.comment);
  EXPECT_EQ(back.hemisphere, core::Hemisphere::Right);
}

// Found by fuzz_annot: a version field of -2^31 is named as it is (its negation does not fit an int).
TEST(FreeSurferAnnot, UnknownVersionIsNamedEvenAtTheIntLimit) {
  const auto ctabAt = std::to_string(4 + 7 * 8 + 4);
  try {
    core::readFreeSurferAnnot(kMalformed / "freesurfer-annot-ctab-version-int-min.annot");
    FAIL() << "no FormatError";
  } catch (const core::FormatError& e) {
    EXPECT_EQ(e.where(), "byte " + ctabAt);
    EXPECT_NE(std::string(e.what()).find("unknown colour-table version 2147483648 (expected 2)"), std::string::npos)
        << e.what();
  }
  try {
    core::readFreeSurferAnnot(kMalformed / "freesurfer-annot-ctab-version-3.annot");
    FAIL() << "no FormatError";
  } catch (const core::FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown colour-table version 3 (expected 2)"), std::string::npos)
        << e.what();
  }
}

TEST(FreeSurferLabel, ErrorsNameTheLine) {
  try {
    core::readFreeSurferLabel(kMalformed / "freesurfer-label-non-numeric.label");
    FAIL() << "no FormatError";
  } catch (const core::FormatError& e) {
    EXPECT_EQ(e.where(), "line 4");
  }
  try {
    core::readFreeSurferLabel(kMalformed / "freesurfer-label-too-many-rows.label");
    FAIL() << "no FormatError";
  } catch (const core::FormatError& e) {
    EXPECT_EQ(e.where(), "line 5");
  }
}

TEST(Mgh, ReadsEveryTypeAndFrameCountNibabelWrote) {
  struct Case {
    const char* name;
    core::MghType type;
    int frames;
  };
  const Case cases[] = {{"vol.uchar1.mgh", core::MghType::UChar, 1}, {"vol.uchar3.mgz", core::MghType::UChar, 3},
                        {"vol.short1.mgz", core::MghType::Short, 1}, {"vol.short3.mgh", core::MghType::Short, 3},
                        {"vol.int1.mgh", core::MghType::Int, 1},     {"vol.int3.mgz", core::MghType::Int, 3},
                        {"vol.float1.mgz", core::MghType::Float, 1}, {"vol.float3.mgh", core::MghType::Float, 3}};
  // nibabel's get_affine() for the fixture: 30 degrees about z, voxels 2 x 2 x 3 mm, origin (-10, 20, 30).
  const double expectedAffine[12] = {1.7320508, -1, 0, -10, 1, 1.7320508, 0, 20, 0, 0, 3, 30};
  const double expectedTkr[12] = {-2, 0, 0, 3, 0, 0, 3, -3, 0, -2, 0, 2};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto image = core::readMgh(kData / c.name);
    EXPECT_EQ(image.type(), c.type);
    EXPECT_EQ(image.dims, (std::array<std::int32_t, 4>{3, 2, 2, c.frames}));
    EXPECT_EQ(image.spacing, (std::array<float, 3>{2, 2, 3}));
    ASSERT_TRUE(image.scan.has_value());
    EXPECT_EQ(*image.scan, (core::MghScanParameters{1500.0f, 0.5f, 30.0f, 0.0f, 256.0f}));
    const auto affine = image.vox2ras();
    const auto tkr = image.vox2rasTkr();
    for (int e = 0; e < 12; ++e) {
      EXPECT_NEAR(affine.m[e], expectedAffine[e], 2e-5) << "element " << e;
      EXPECT_DOUBLE_EQ(tkr.m[e], expectedTkr[e]) << "element " << e;
    }
    const auto volume = core::toVolume(image);
    EXPECT_EQ(volume.dims, (std::array<std::int64_t, 4>{3, 2, 2, c.frames}));
    EXPECT_EQ(volume.spacing, (std::array<double, 3>{2, 2, 3}));
    for (int f = 0; f < c.frames; ++f)
      for (int k = 0; k < 2; ++k)
        for (int j = 0; j < 2; ++j)
          for (int i = 0; i < 3; ++i)
            EXPECT_EQ(volume.at(i, j, k, f), static_cast<float>(expectedValue(c.type, i, j, k, f)));
    // Stored type kept exactly: the last int32 (27000141 for 3 frames) is beyond float precision.
    if (c.type == core::MghType::Int) {
      EXPECT_EQ(std::get<std::vector<std::int32_t>>(image.data).back(),
                static_cast<std::int32_t>(expectedValue(c.type, 2, 1, 1, c.frames - 1)));
    }
  }
  EXPECT_EQ(core::toVolume(core::readMgh(kData / "vol.short1.mgz")).sourceDatatype, "INT16");
}

TEST(Mgh, RoundTripsBitExactly) {
  TempDir dir;
  for (const char* name : {"vol.uchar1.mgh", "vol.short3.mgh", "vol.int1.mgh", "vol.float3.mgh"}) {
    SCOPED_TRACE(name);
    const auto image = core::readMgh(kData / name);
    const auto out = dir.path / name;
    core::writeMgh(out, image);
    EXPECT_EQ(readAll(out), readAll(kData / name));  // identical to what nibabel wrote
    // The same through gzip.
    const auto gz = dir.path / (std::string(name) + ".mgz");
    core::writeMgh(gz, image);
    EXPECT_TRUE(core::looksGzipped(gz));
    const auto back = core::readMgh(gz);
    EXPECT_EQ(back.dims, image.dims);
    EXPECT_EQ(back.data, image.data);
    EXPECT_EQ(back.directionCosines, image.directionCosines);
    EXPECT_EQ(back.centerRas, image.centerRas);
    EXPECT_EQ(back.scan, image.scan);
    core::writeMgh(out, back);
    EXPECT_EQ(readAll(out), readAll(kData / name));
  }
}

TEST(Mgh, SetVox2rasReproducesTheAffine) {
  auto image = core::readMgh(kData / "vol.float1.mgz");
  const auto affine = image.vox2ras();
  core::MghImage copy;
  copy.dims = image.dims;
  copy.goodRasFlag = 0;
  copy.setVox2ras(affine);
  EXPECT_EQ(copy.goodRasFlag, 1);
  for (int e = 0; e < 16; ++e) EXPECT_NEAR(copy.vox2ras().m[e], affine.m[e], 1e-5) << "element " << e;
}

TEST(Mgh, UnsetRasUsesFreeSurfersCoronalDefault) {
  core::MghImage image;
  image.dims = {4, 6, 8, 1};
  image.goodRasFlag = 0;
  image.spacing = {9, 9, 9};  // ignored without goodRASFlag
  image.data = std::vector<std::uint8_t>(4 * 6 * 8, 1);
  TempDir dir;
  core::writeMgh(dir.path / "flat.mgh", image);
  const auto back = core::readMgh(dir.path / "flat.mgh");
  EXPECT_FALSE(back.scan.has_value());
  // LIA, 1 mm, centre at the origin: the same matrix as the tkr vox2ras.
  const double expected[16] = {-1, 0, 0, 2, 0, 0, 1, -4, 0, -1, 0, 3, 0, 0, 0, 1};
  for (int e = 0; e < 16; ++e) {
    EXPECT_DOUBLE_EQ(back.vox2ras().m[e], expected[e]) << "element " << e;
    EXPECT_DOUBLE_EQ(back.vox2rasTkr().m[e], expected[e]) << "element " << e;
  }
  image.data = std::vector<std::uint8_t>(5, 1);
  EXPECT_THROW(core::writeMgh(dir.path / "bad.mgh", image), std::invalid_argument);
}

TEST(Mgh, SurfaceOverlayBecomesOneMapPerFrame) {
  const auto image = core::readMgh(kData / "lh.overlay.mgz");
  const auto maps = core::toScalarMaps(image, kData / "lh.overlay.mgz");
  EXPECT_EQ(maps.hemisphere, core::Hemisphere::Left);
  EXPECT_EQ(maps.names, (std::vector<std::string>{"overlay frame 0", "overlay frame 1", "overlay frame 2"}));
  ASSERT_EQ(maps.maps.size(), 3u);
  for (int f = 0; f < 3; ++f)
    for (int v = 0; v < 5; ++v) EXPECT_EQ(maps.maps[f][v], v * 1.5f - f) << "frame " << f << " vertex " << v;
}

TEST(Mgh, ReadsConcatenatedGzipMembers) {
  TempDir dir;
  const auto bytes = readAll(kData / "vol.float3.mgh");
  const auto file = dir.path / "two-members.mgz";
  {
    core::AtomicFileWriter writer(file);
    core::GzipWriter first(writer);
    first.write(bytes.substr(0, 300));
    first.finish();
    core::GzipWriter second(writer, 9);
    second.write(bytes.substr(300));
    second.finish();
    writer.commit();
  }
  EXPECT_EQ(core::readMgh(file).data, core::readMgh(kData / "vol.float3.mgh").data);
}

TEST(FreeSurferMalformed, EverySampleIsAFormatError) {
  std::map<std::string, int> perFormat;
  for (const auto& entry : fs::directory_iterator(kMalformed)) {
    const auto name = entry.path().filename().string();
    std::string format;
    std::function<void()> read;
    if (name.starts_with("freesurfer-surface-")) {
      format = "surface";
      read = [&] { core::readFreeSurferSurfaceWithFooter(entry.path()); };
    } else if (name.starts_with("freesurfer-curv-")) {
      format = "curv";
      read = [&] { core::readFreeSurferCurv(entry.path()); };
    } else if (name.starts_with("freesurfer-annot-")) {
      format = "annot";
      read = [&] { core::readFreeSurferAnnot(entry.path()); };
    } else if (name.starts_with("freesurfer-label-")) {
      format = "label";
      read = [&] { core::readFreeSurferLabel(entry.path()); };
    } else if (name.starts_with("mgh-")) {
      format = "mgh";
      read = [&] { core::readMgh(entry.path()); };
    } else {
      continue;
    }
    ++perFormat[format];
    try {
      read();
      ADD_FAILURE() << name << ": no FormatError";
    } catch (const core::FormatError& e) {
      EXPECT_EQ(e.file(), entry.path()) << name;
      EXPECT_FALSE(e.problem().empty()) << name;
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << ": " << e.what() << " (not a FormatError)";
    }
  }
  for (const char* format : {"surface", "curv", "annot", "label", "mgh"})
    EXPECT_GE(perFormat[format], 6) << format;
}
