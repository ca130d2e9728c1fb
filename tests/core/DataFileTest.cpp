// The format-independent layer: detection by content, info, conversions between formats (checked value by value
// after a round trip), adding file data to a study, sampling volumes at vertices, and the whole malformed corpus.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/base/FormatError.h"
#include "core/geometry/VolumeToSurface.h"
#include "core/io/DataFile.h"
#include "core/io/DataFileConversion.h"
#include "core/io/DataFileInfo.h"
#include "core/study/StudyImport.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
const fs::path kData = VOXELLENS_TEST_DATA;

using vl::fixtures::TempDir;

core::DataFile roundTrip(const fs::path& input, const fs::path& output) {
  core::convertDataFile(core::readDataFile(input), output);
  return core::readDataFile(output);
}
}  // namespace

TEST(FileFormat, DetectsEveryFixtureByContent) {
  const std::pair<const char*, core::FileFormat> cases[] = {
      {"freesurfer/lh.footer.white", core::FileFormat::FreeSurferSurface},
      {"freesurfer/lh.tiny.thickness", core::FileFormat::FreeSurferCurv},
      {"freesurfer/lh.tiny.annot", core::FileFormat::FreeSurferAnnot},
      {"freesurfer/lh.V1.label", core::FileFormat::FreeSurferLabel},
      {"freesurfer/vol.short3.mgh", core::FileFormat::Mgh},
      {"freesurfer/vol.float1.mgz", core::FileFormat::Mgz},
      {"gifti/tetra.gzip.surf.gii", core::FileFormat::Gifti},
      {"cifti/two.dscalar.nii", core::FileFormat::Cifti2},
      {"npy/f4_3d_f.npy", core::FileFormat::Npy},
  };
  for (const auto& [name, format] : cases) EXPECT_EQ(core::detectFileFormat(kData / name), format) << name;
}

TEST(FileFormat, ExtensionlessAndRenamedFilesAreRecognised) {
  TempDir dir;
  fs::copy_file(kData / "freesurfer/lh.footer.white", dir.path / "surface-without-extension");
  fs::copy_file(kData / "gifti/tetra.gzip.surf.gii", dir.path / "renamed.xml");
  EXPECT_EQ(core::detectFileFormat(dir.path / "surface-without-extension"), core::FileFormat::FreeSurferSurface);
  EXPECT_EQ(core::detectFileFormat(dir.path / "renamed.xml"), core::FileFormat::Gifti);
  EXPECT_THROW(core::readDataFile(dir.path / "absent"), core::FormatError);
}

TEST(DataFile, EveryMalformedSampleIsAFormatError) {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(kData / "malformed")) {
    if (!entry.is_regular_file()) continue;
    ++count;
    try {
      core::readDataFile(entry.path());
      ADD_FAILURE() << entry.path().filename() << " was accepted";
    } catch (const core::FormatError& e) {
      EXPECT_NE(std::string(e.what()).find(entry.path().filename().string()), std::string::npos) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << entry.path().filename() << ": not a FormatError: " << e.what();
    }
  }
  EXPECT_GE(count, 100u);
}

TEST(DataFile, NonUtf8FileNamesReadAndReportCleanly) {
  TempDir dir;
  const auto odd = dir.path / "lh.\xff\xfe-latin1.thickness";
  fs::copy_file(kData / "freesurfer/lh.tiny.thickness", odd);
  const auto file = core::readDataFile(odd);
  EXPECT_EQ(std::get<core::ScalarMaps>(file.content).vertexCount(), 6u);
  const auto json = core::describeAsJson(file);
  EXPECT_NE(json.find("\\ufffd\\ufffd-latin1"), std::string::npos) << json;  // valid JSON, the bytes replaced
  const auto truncated = dir.path / "rh.\xe9t\xe9.white";
  std::ofstream(truncated, std::ios::binary) << std::string("\xff\xff\xfe created by x\n\n\0\0", 20);
  try {
    core::readDataFile(truncated);
    FAIL();
  } catch (const core::FormatError& e) {
    EXPECT_EQ(e.file(), truncated);
    EXPECT_NE(std::string(e.what()).find("\xe9t\xe9"), std::string::npos);
  }
}

TEST(DataFileConversion, SurfaceToGiftiAndBackIsExact) {
  TempDir dir;
  const auto original = std::get<core::Surface>(core::readDataFile(kData / "freesurfer/lh.footer.white").content);
  const auto gifti = roundTrip(kData / "freesurfer/lh.footer.white", dir.path / "lh.white.surf.gii");
  EXPECT_EQ(gifti.format, core::FileFormat::Gifti);
  const auto back = roundTrip(dir.path / "lh.white.surf.gii", dir.path / "lh.back");
  const auto& surface = std::get<core::Surface>(back.content);
  EXPECT_EQ(surface.vertices, original.vertices);
  EXPECT_EQ(surface.triangles, original.triangles);
  EXPECT_EQ(surface.hemisphere, core::Hemisphere::Left);
}

TEST(DataFileConversion, CurvatureToShapeGiftiMghNiftiAndNpyKeepsValues) {
  TempDir dir;
  const auto original = std::get<core::ScalarMaps>(core::readDataFile(kData / "freesurfer/lh.tiny.thickness").content);
  for (const char* name : {"lh.t.shape.gii", "lh.t.mgh", "lh.t.mgz", "lh.t.nii.gz", "lh.t.npy", "lh.t.curv"}) {
    const auto converted = core::scalarMapsFrom(roundTrip(kData / "freesurfer/lh.tiny.thickness", dir.path / name));
    ASSERT_EQ(converted.maps.size(), 1u) << name;
    EXPECT_EQ(converted.maps[0], original.maps[0]) << name;  // bit for bit: float32 everywhere
  }
}

TEST(DataFileConversion, AnnotToLabelGiftiAndBackKeepsTheTable) {
  TempDir dir;
  const auto original = std::get<core::LabelMap>(core::readDataFile(kData / "freesurfer/lh.tiny.annot").content);
  roundTrip(kData / "freesurfer/lh.tiny.annot", dir.path / "lh.aparc.label.gii");
  const auto back = std::get<core::LabelMap>(roundTrip(dir.path / "lh.aparc.label.gii", dir.path / "lh.back.annot").content);
  EXPECT_EQ(back.keys, original.keys);
  ASSERT_EQ(back.labels.size(), original.labels.size());
  for (std::size_t i = 0; i < back.labels.size(); ++i) {
    EXPECT_EQ(back.labels[i].key, original.labels[i].key);
    EXPECT_EQ(back.labels[i].name, original.labels[i].name);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(back.labels[i].rgba[c], original.labels[i].rgba[c], 0.5f / 255.0f);
  }
}

TEST(DataFileConversion, MghVolumeToNiftiKeepsValuesAndAffine) {
  TempDir dir;
  const auto original = std::get<core::Volume>(core::readDataFile(kData / "freesurfer/vol.float3.mgh").content);
  const auto nifti = std::get<core::Volume>(roundTrip(kData / "freesurfer/vol.float3.mgh", dir.path / "v.nii.gz").content);
  EXPECT_EQ(nifti.dims, original.dims);
  EXPECT_EQ(nifti.voxels, original.voxels);
  for (int i = 0; i < 12; ++i) EXPECT_NEAR(nifti.voxelToWorld.m[i], original.voxelToWorld.m[i], 1e-4) << i;
  const auto back = std::get<core::Volume>(roundTrip(dir.path / "v.nii.gz", dir.path / "v.mgz").content);
  EXPECT_EQ(back.voxels, original.voxels);
  for (int i = 0; i < 12; ++i) EXPECT_NEAR(back.voxelToWorld.m[i], original.voxelToWorld.m[i], 1e-4) << i;
}

TEST(DataFileConversion, RefusesWhatDoesNotFit) {
  TempDir dir;
  const auto surface = core::readDataFile(kData / "freesurfer/lh.footer.white");
  EXPECT_THROW(core::convertDataFile(surface, dir.path / "x.annot"), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir.path / "x.annot"));
}

TEST(DataFileInfo, JsonNamesTheFactsOfAVolume) {
  const auto json = core::describeAsJson(core::readDataFile(kData / "freesurfer/vol.short3.mgh"));
  EXPECT_NE(json.find("\"format\": \"MGH\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"dimensions\": [3, 2, 2, 3]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"data_type\": \"int16\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"affine\": [["), std::string::npos) << json;
  EXPECT_NE(core::describeAsText(core::readDataFile(kData / "freesurfer/lh.tiny.annot")).find("labels            3"),
            std::string::npos);
}

TEST(VolumeToSurface, TrilinearAndNearestMatchHandComputedValues) {
  core::Volume volume;
  volume.dims = {2, 2, 2, 1};
  volume.voxels = {0, 1, 2, 3, 4, 5, 6, 7};  // value = i + 2j + 4k
  volume.voxelToWorld.m[0] = volume.voxelToWorld.m[5] = volume.voxelToWorld.m[10] = 2.0;  // 2 mm voxels
  volume.voxelToWorld.m[3] = 10.0;                                                         // x origin at 10 mm
  const std::vector<core::Vec3f> points = {{10, 0, 0}, {11, 1, 1}, {12, 2, 2}, {10.5f, 0, 0}, {9, 0, 0}, {14.5f, 0, 0}};
  const auto linear = core::sampleVolumeAtVertices(volume, points);
  EXPECT_FLOAT_EQ(linear[0], 0.0f);
  EXPECT_FLOAT_EQ(linear[1], 3.5f);  // the centre: mean of 0..7
  EXPECT_FLOAT_EQ(linear[2], 7.0f);
  EXPECT_FLOAT_EQ(linear[3], 0.25f);
  EXPECT_TRUE(std::isnan(linear[4]));  // outside: no value
  const auto nearest = core::sampleVolumeAtVertices(volume, points, core::VolumeSampling::Nearest);
  EXPECT_FLOAT_EQ(nearest[3], 0.0f);
  EXPECT_FLOAT_EQ(nearest[1], 7.0f);  // 0.5 rounds away from zero in every axis
  EXPECT_TRUE(std::isnan(nearest[5]));
}

TEST(StudyImport, AddsMatchingDataAndRefusesMismatchesWithoutAddingAnything) {
  auto study = fixtures::makeSphereStudy(1);  // 42 vertices per hemisphere
  TempDir dir;
  std::vector<float> values(42);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = float(i) - 10.0f;
  core::ScalarMaps maps;
  maps.names = {"beta"};
  maps.maps = {values};
  core::DataFile matching;
  matching.path = dir.path / "rh.beta.func.gii";
  maps.hemisphere = core::Hemisphere::Right;
  matching.content = maps;
  EXPECT_NE(core::addToStudy(*study, matching).find("right"), std::string::npos);
  ASSERT_EQ(study->layers().size(), 1u);
  EXPECT_EQ(study->layers()[0].data->values[1], values);
  EXPECT_EQ(study->layers()[0].display.colourMap, "coolwarm");  // both signs: a diverging map around zero
  EXPECT_DOUBLE_EQ(study->layers()[0].display.rangeMin, -study->layers()[0].display.rangeMax);

  core::DataFile tooShort;
  tooShort.path = dir.path / "lh.tiny.thickness";
  maps.hemisphere = core::Hemisphere::Left;
  maps.maps = {std::vector<float>(6, 1.0f)};
  tooShort.content = maps;
  try {
    core::addToStudy(*study, tooShort);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("6 values"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("42 vertices"), std::string::npos) << e.what();
  }
  EXPECT_EQ(study->layers().size(), 1u);

  core::LabelMap labels;
  labels.keys.assign(42, 3);
  labels.labels = {{3, "V1", {1, 0, 0, 1}}};
  core::DataFile labelFile;
  labelFile.path = dir.path / "labels.label.gii";  // no hemisphere named: both fit, so it must be refused
  labelFile.content = labels;
  EXPECT_THROW(core::addToStudy(*study, labelFile), std::invalid_argument);
  labelFile.path = dir.path / "lh.labels.label.gii";
  std::get<core::LabelMap>(labelFile.content).hemisphere = core::Hemisphere::Left;
  core::addToStudy(*study, labelFile);
  ASSERT_EQ(study->roiSets().size(), 1u);
  EXPECT_EQ(study->roiSets()[0].data->keys[0], labels.keys);
}

TEST(StudyImport, AtlasVolumesBecomeRoiSetsAndIntensityVolumesLayers) {
  // Two 8-bit volumes on the same 20 mm grid around the spheres' vertices: an "atlas" of two blocks, and a smooth
  // "T1" gradient with as few distinct values. Only the first is a parcellation.
  auto study = fixtures::makeSphereStudy(2, 50.0f);  // centres at x = -60 and +60
  core::Volume atlas;
  atlas.dims = {20, 12, 12, 1};
  atlas.voxelToWorld.m[0] = atlas.voxelToWorld.m[5] = atlas.voxelToWorld.m[10] = 10.0;
  atlas.voxelToWorld.m[3] = -120.0;
  atlas.voxelToWorld.m[7] = atlas.voxelToWorld.m[11] = -60.0;
  core::Volume t1 = atlas;
  atlas.voxels.resize(20 * 12 * 12);
  t1.voxels.resize(20 * 12 * 12);
  for (std::size_t i = 0; i < atlas.voxels.size(); ++i) {
    const auto x = i % 20;
    atlas.voxels[i] = x < 10 ? 3.0f : 7.0f;
    t1.voxels[i] = float((i * 37) % 120 + 1);
  }
  core::DataFile atlasFile{"atlas.nii.gz", core::FileFormat::Nifti1, atlas, "UINT8", {}};
  core::DataFile t1File{"t1.nii.gz", core::FileFormat::Nifti1, t1, "UINT8", {}};
  EXPECT_NE(core::addToStudy(*study, atlasFile).find("ROI set"), std::string::npos);
  EXPECT_NE(core::addToStudy(*study, t1File).find("layer"), std::string::npos);
  ASSERT_EQ(study->roiSets().size(), 1u);
  EXPECT_EQ(study->roiSets()[0].data->keys[0].front(), 3);  // left sphere in the x < 0 block
  EXPECT_EQ(study->roiSets()[0].data->keys[1].front(), 7);
  EXPECT_EQ(study->layers().size(), 1u);
}
