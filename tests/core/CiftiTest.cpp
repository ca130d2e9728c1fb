// CIFTI-2 dscalar / dlabel: tiny files written by nibabel (tests/data/cifti/make_fixtures.py), compared element by
// element with the script's layout and formulas; vertex-count checks against surfaces; volume models reported; and
// malformed samples (bad XML, counts beyond the matrix, wrong ecode, ...) that must give FormatError.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/base/FormatError.h"
#include "core/io/CiftiReader.h"
#include "tests/support/MalformedCorpus.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
const fs::path kData = fs::path(VOXELLENS_TEST_DATA) / "cifti";
const fs::path kMalformed = fs::path(VOXELLENS_TEST_DATA) / "malformed";

// The layout of make_fixtures.py: brainordinates 0..6 are left vertices, 7..12 right vertices.
const std::vector<int> kLeft = {0, 1, 2, 4, 5, 7, 9};   // of 10
const std::vector<int> kRight = {0, 2, 3, 5, 6, 7};     // of 8

float scalar(int map, int brainordinate) { return 100.0f * map + brainordinate + 0.25f; }
int key(int map, int brainordinate) { return (brainordinate + map) % 3 + 1; }

// Brainordinate of vertex v in a hemisphere, or -1 when the file lists no value for it.
int brainordinateOf(const std::vector<int>& indices, int offset, int vertex) {
  for (std::size_t k = 0; k < indices.size(); ++k)
    if (indices[k] == vertex) return offset + static_cast<int>(k);
  return -1;
}

std::string problemOf(const fs::path& file) {
  try {
    core::readCifti(file);
  } catch (const core::FormatError& e) {
    return e.problem();
  }
  return "no error";
}
}  // namespace

TEST(Cifti, DenseScalarsExpandToEveryVertexWithNaNElsewhere) {
  const auto data = core::readCifti(kData / "two.dscalar.nii");
  EXPECT_EQ(data.kind, core::CiftiSurfaceData::Kind::Scalars);
  EXPECT_EQ(data.mapNames, (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_TRUE(data.warnings.empty());
  ASSERT_TRUE(data.left && data.right);
  EXPECT_FALSE(data.leftLabels || data.rightLabels);
  EXPECT_EQ(data.left->hemisphere, core::Hemisphere::Left);
  EXPECT_EQ(data.right->hemisphere, core::Hemisphere::Right);
  EXPECT_EQ(data.left->names, data.mapNames);
  for (const auto& [maps, indices, offset, vertices] :
       {std::tuple{&*data.left, kLeft, 0, 10}, std::tuple{&*data.right, kRight, 7, 8}}) {
    ASSERT_EQ(maps->maps.size(), 2u);
    for (int m = 0; m < 2; ++m) {
      ASSERT_EQ(maps->maps[m].size(), static_cast<std::size_t>(vertices));
      for (int v = 0; v < vertices; ++v) {
        const int b = brainordinateOf(indices, offset, v);
        if (b < 0) {
          EXPECT_TRUE(std::isnan(maps->maps[m][v])) << "map " << m << " vertex " << v;
        } else {
          EXPECT_EQ(maps->maps[m][v], scalar(m, b)) << "map " << m << " vertex " << v;
        }
      }
    }
  }
  // Spot checks written out: left vertex 9 is brainordinate 6, right vertex 7 is brainordinate 12.
  EXPECT_EQ(data.left->maps[1][9], 106.25f);
  EXPECT_EQ(data.right->maps[0][7], 12.25f);
  EXPECT_TRUE(std::isnan(data.left->maps[0][3]));
}

TEST(Cifti, DenseLabelsKeepTablesAndMarkMissingVertices) {
  const auto data = core::readCifti(kData / "two.dlabel.nii");
  EXPECT_EQ(data.kind, core::CiftiSurfaceData::Kind::Labels);
  EXPECT_EQ(data.mapNames, (std::vector<std::string>{"parcA", "parcB"}));
  ASSERT_TRUE(data.leftLabels && data.rightLabels);
  EXPECT_FALSE(data.left || data.right);
  for (const auto& [maps, indices, offset, vertices] :
       {std::tuple{&*data.leftLabels, kLeft, 0, 10}, std::tuple{&*data.rightLabels, kRight, 7, 8}}) {
    ASSERT_EQ(maps->size(), 2u);
    for (int m = 0; m < 2; ++m) {
      const auto& map = (*maps)[m];
      EXPECT_EQ(map.name, m == 0 ? "parcA" : "parcB");
      ASSERT_EQ(map.keys.size(), static_cast<std::size_t>(vertices));
      for (int v = 0; v < vertices; ++v) {
        const int b = brainordinateOf(indices, offset, v);
        EXPECT_EQ(map.keys[v], b < 0 ? core::kCiftiMissingKey : key(m, b)) << "map " << m << " vertex " << v;
      }
      ASSERT_EQ(map.labels.size(), 4u);
      EXPECT_EQ(map.labels[0].key, 0);
      EXPECT_EQ(map.labels[0].name, "???");
      EXPECT_EQ(map.labels[0].rgba, (std::array<float, 4>{1, 1, 1, 0}));
      EXPECT_EQ(map.labels[2].key, 2);
      EXPECT_EQ(map.labels[2].name, "V2");
      EXPECT_EQ(map.labels[2].rgba, (std::array<float, 4>{0, 0.5f, 0, 1}));
      EXPECT_EQ(map.labels[3].name, "FFA & PPA");  // the XML says FFA &amp; PPA
      EXPECT_EQ(map.labels[3].rgba, (std::array<float, 4>{0.25f, 0.5f, 0.75f, 0.5f}));
    }
  }
  EXPECT_EQ((*data.leftLabels)[1].keys[9], 2);  // brainordinate 6, map 1: (6 + 1) % 3 + 1
  EXPECT_EQ((*data.rightLabels)[0].keys[1], -1);
}

TEST(Cifti, VertexCountsAreCheckedAgainstSurfaces) {
  const auto data = core::readCifti(kData / "two.dscalar.nii");
  EXPECT_EQ(data.vertexCount(core::Hemisphere::Left), 10u);
  EXPECT_EQ(data.vertexCount(core::Hemisphere::Right), 8u);
  EXPECT_NO_THROW(core::requireVertexCount(data, core::Hemisphere::Left, 10));
  EXPECT_NO_THROW(core::requireVertexCount(data, core::Hemisphere::Right, 8));
  try {
    core::requireVertexCount(data, core::Hemisphere::Left, 163842);
    FAIL() << "expected FormatError";
  } catch (const core::FormatError& e) {
    EXPECT_EQ(e.file(), kData / "two.dscalar.nii");
    EXPECT_NE(e.problem().find("10"), std::string::npos) << e.problem();
    EXPECT_NE(e.problem().find("163842"), std::string::npos) << e.problem();
  }
  const auto labels = core::readCifti(kData / "two.dlabel.nii");
  EXPECT_NO_THROW(core::requireVertexCount(labels, core::Hemisphere::Right, 8));
  EXPECT_THROW(core::requireVertexCount(labels, core::Hemisphere::Right, 9), core::FormatError);
}

TEST(Cifti, VolumeModelsAreAWarningBesideSurfacesAndAnErrorAlone) {
  const auto mixed = core::readCifti(kData / "mixed.dscalar.nii");
  ASSERT_EQ(mixed.warnings.size(), 1u);
  EXPECT_NE(mixed.warnings[0].find("volume brain models (e.g. CIFTI_STRUCTURE_THALAMUS_LEFT) are not supported yet"),
            std::string::npos)
      << mixed.warnings[0];
  EXPECT_NE(mixed.warnings[0].find("surface models were read"), std::string::npos);
  ASSERT_TRUE(mixed.left && mixed.right);
  EXPECT_EQ(mixed.right->maps[1][7], scalar(1, 12));

  const auto problem = problemOf(kData / "volume_only.dscalar.nii");
  EXPECT_NE(problem.find("CIFTI_STRUCTURE_THALAMUS_LEFT"), std::string::npos) << problem;
  EXPECT_NE(problem.find("not supported yet"), std::string::npos) << problem;
}

TEST(Cifti, EveryMalformedSampleIsAFormatError) {
  EXPECT_GE(fixtures::expectMalformedSamplesRejected("cifti-", [](const fs::path& file) { core::readCifti(file); }), 6);
}

TEST(Cifti, ErrorsSayWhatWasWrong) {
  auto problem = [](const char* name) { return problemOf(kMalformed / name); };
  EXPECT_NE(problem("cifti-bad-xml.dscalar.nii").find("not well formed"), std::string::npos);
  EXPECT_NE(problem("cifti-wrong-ecode.dscalar.nii").find("ecode 32"), std::string::npos);
  EXPECT_NE(problem("cifti-wrong-ecode.dscalar.nii").find("found: 6"), std::string::npos);
  EXPECT_NE(problem("cifti-counts-beyond-matrix.dscalar.nii").find("brainordinates 9..14"), std::string::npos);
  EXPECT_NE(problem("cifti-vertex-out-of-range.dscalar.nii").find("vertex 19"), std::string::npos);
  EXPECT_NE(problem("cifti-duplicate-vertex.dscalar.nii").find("appears twice"), std::string::npos);
  EXPECT_NE(problem("cifti-index-count-mismatch.dscalar.nii").find("IndexCount is 6"), std::string::npos);
  EXPECT_NE(problem("cifti-map-count-mismatch.dscalar.nii").find("names 1 maps"), std::string::npos);
  EXPECT_NE(problem("cifti-doctype-entities.dscalar.nii").find("DOCTYPE"), std::string::npos);
  EXPECT_NE(problem("cifti-nifti1-image.dscalar.nii").find("NIfTI-1"), std::string::npos);
  EXPECT_NE(problem("cifti-cifti1-version.dscalar.nii").find("version 1.0"), std::string::npos);
  EXPECT_NE(problem("cifti-lying-dims.dscalar.nii").find("needs 8796093022208 bytes but the file has 104"),
            std::string::npos);
  EXPECT_NE(problem("cifti-truncated-data.dscalar.nii").find("needs 104 bytes but the file has 98"),
            std::string::npos);
  EXPECT_THROW(core::readCifti(kData / "absent.dscalar.nii"), core::FormatError);
}
