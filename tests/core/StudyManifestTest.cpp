#include "core/study/StudyManifest.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/base/FormatError.h"
#include "tests/support/TempDir.h"

namespace vl::core {
namespace {

void touch(const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << "x";
}

StudyManifest sampleManifest() {
  StudyManifest manifest;
  manifest.name = "sample";
  manifest.subject = "sim01";
  manifest.space = "colin27-demo";
  manifest.columns.hemispheres = {{"lh", 5, {{"white", "surf/lh.white.gii"}}, {}, 0}, {"rh", 7, {}, "columns/rh.vertices.npy", 3}};
  manifest.stimuli = StudyStimuli{10, "stimuli/images.npy", {}, {}, "stimuli/captions.txt", {}};
  manifest.train = StudyResponseSet{"responses/train_betas.npy", "responses/train_stimulus.npy", 1};
  manifest.test = StudyResponseSet{"responses/test_betas.npy", "responses/test_stimulus.npy", 3};
  manifest.roiSets = {{"planted", "lh", "rois/lh.planted.label.gii"}};
  manifest.models = {{"encoder", "encoding_fit", "models/encoder"}};
  manifest.truth = "truth";
  return manifest;
}

void createFiles(const std::filesystem::path& folder) {
  for (const char* file : {"surf/lh.white.gii", "columns/rh.vertices.npy", "stimuli/images.npy", "stimuli/captions.txt",
                           "responses/train_betas.npy", "responses/train_stimulus.npy", "responses/test_betas.npy",
                           "responses/test_stimulus.npy", "rois/lh.planted.label.gii"})
    touch(folder / file);
  std::filesystem::create_directories(folder / "models/encoder");
  std::filesystem::create_directories(folder / "truth");
}

TEST(StudyManifest, RoundTripKeepsEveryField) {
  fixtures::TempDir dir;
  createFiles(dir.path);
  writeStudyManifest(dir.path, sampleManifest());
  ASSERT_TRUE(isStudyFolder(dir.path));
  const StudyManifest read = readStudyManifest(dir.path);
  EXPECT_EQ(read.name, "sample");
  EXPECT_EQ(read.columns.count(), 8u);  // 5 lh vertices + 3 rh columns
  EXPECT_EQ(read.columns.hemispheres[1].columnVertices, "columns/rh.vertices.npy");
  ASSERT_EQ(read.columns.hemispheres.size(), 2u);
  EXPECT_EQ(read.columns.hemispheres[0].surfaces.at(0).second, "surf/lh.white.gii");
  ASSERT_TRUE(read.stimuli && read.train && read.test);
  EXPECT_EQ(read.stimuli->count, 10u);
  EXPECT_EQ(read.test->repeats, 3u);
  EXPECT_EQ(read.train->repeats, 1u);
  EXPECT_EQ(read.roiSets.at(0).hemisphere, "lh");
  EXPECT_EQ(read.models.at(0).kind, "encoding_fit");
  EXPECT_EQ(read.resolve(read.truth), dir.path / "truth");
}

TEST(StudyManifest, FieldOfViewIsKeptAndAbsentMeansUnknown) {
  fixtures::TempDir dir;
  createFiles(dir.path);
  auto manifest = sampleManifest();
  writeStudyManifest(dir.path, manifest);
  EXPECT_FALSE(readStudyManifest(dir.path).stimuli->fieldOfViewDeg.has_value());
  manifest.stimuli->fieldOfViewDeg = 8.4;
  writeStudyManifest(dir.path, manifest);
  const auto read = readStudyManifest(dir.path);
  ASSERT_TRUE(read.stimuli->fieldOfViewDeg.has_value());
  EXPECT_DOUBLE_EQ(*read.stimuli->fieldOfViewDeg, 8.4);
}

TEST(StudyManifest, MissingFileIsNamedWithItsField) {
  fixtures::TempDir dir;
  createFiles(dir.path);
  std::filesystem::remove(dir.path / "responses/test_betas.npy");
  writeStudyManifest(dir.path, sampleManifest());
  try {
    readStudyManifest(dir.path);
    FAIL() << "expected FormatError";
  } catch (const FormatError& error) {
    EXPECT_EQ(error.where(), "responses.test.betas");
    EXPECT_NE(error.problem().find("responses/test_betas.npy"), std::string::npos);
  }
  EXPECT_NO_THROW(readStudyManifest(dir.path, false));
}

void writeBytes(const std::filesystem::path& file, const std::string& bytes) { std::ofstream(file, std::ios::binary) << bytes; }

TEST(StudyManifest, ResponsesHashFollowsEveryByteOfTheResponsesAndIsKept) {
  fixtures::TempDir dir;
  createFiles(dir.path);
  auto manifest = sampleManifest();
  const std::string first = hashResponseFiles(dir.path, manifest);
  ASSERT_EQ(first.size(), 8u + 16u);
  EXPECT_EQ(first.rfind("fnv1a64:", 0), 0u);
  EXPECT_EQ(hashResponseFiles(dir.path, manifest), first);  // a fingerprint, not a time stamp
  // One byte of the test betas, same length: another hash; back again: the first hash.
  writeBytes(dir.path / "responses/test_betas.npy", "y");
  const std::string changed = hashResponseFiles(dir.path, manifest);
  EXPECT_NE(changed, first);
  writeBytes(dir.path / "responses/test_betas.npy", "x");
  EXPECT_EQ(hashResponseFiles(dir.path, manifest), first);
  // The same byte changed in another file (the trial-to-stimulus indices) gives a third hash; so do other repeats.
  writeBytes(dir.path / "responses/train_stimulus.npy", "y");
  const std::string third = hashResponseFiles(dir.path, manifest);
  EXPECT_NE(third, first);
  EXPECT_NE(third, changed);
  writeBytes(dir.path / "responses/train_stimulus.npy", "x");
  manifest.test->repeats = 2;
  EXPECT_NE(hashResponseFiles(dir.path, manifest), first);
  manifest.test->repeats = 3;

  manifest.responsesHash = first;
  writeStudyManifest(dir.path, manifest);
  EXPECT_EQ(readStudyManifest(dir.path).responsesHash, first);
  // A study.json from before the field still reads, with no hash.
  manifest.responsesHash.clear();
  writeStudyManifest(dir.path, manifest);
  std::ifstream in(dir.path / "study.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("responses_hash"), std::string::npos);
  EXPECT_TRUE(readStudyManifest(dir.path).responsesHash.empty());
  // Without responses there is nothing to fingerprint; an unreadable file is an error, not an empty hash.
  StudyManifest none = manifest;
  none.train.reset();
  none.test.reset();
  EXPECT_EQ(hashResponseFiles(dir.path, none), "");
  std::filesystem::remove(dir.path / "responses/train_betas.npy");
  EXPECT_THROW(hashResponseFiles(dir.path, manifest), std::runtime_error);
}

TEST(StudyManifest, MalformedManifestsAreRejectedWithTheField) {
  fixtures::TempDir dir;
  const struct {
    const char* text;
    const char* where;
  } cases[] = {
      {"{not json", "byte"},
      {R"({"format":"other","version":1,"name":"x"})", "format"},
      {R"({"format":"voxellens-study","version":2,"name":"x","columns":{"kind":"volume"}})", "version"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"cube"}})", "columns.kind"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"surface","hemispheres":[{"name":"xh","vertices":3}]}})",
       "columns.hemispheres[0].name"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"surface","hemispheres":[{"name":"lh","vertices":-3}]}})",
       "columns.hemispheres[0].vertices"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"volume","mask":"m","voxels":3},"responses":{"train":{"betas":"b","stimulus":"s"}}})",
       "responses"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"volume","mask":"m","voxels":3},"responses_hash":"md5:00"})",
       "responses_hash"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"volume","mask":"m","voxels":3},"responses_hash":7})",
       "responses_hash"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"volume","mask":"m","voxels":3},"stimuli":{"count":1,"images":"i","field_of_view_deg":-8}})",
       "stimuli.field_of_view_deg"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"volume","mask":"m","voxels":3},"stimuli":{"count":1,"images":"i","field_of_view_deg":"8"}})",
       "stimuli.field_of_view_deg"},
      // Sizes the loader allocates by: bounded before anything is allocated.
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"surface","hemispheres":[{"name":"lh","vertices":1000000000000000}]}})",
       "columns.hemispheres[0].vertices"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"surface","hemispheres":[{"name":"lh","vertices":18446744073709551615}]}})",
       "columns.hemispheres[0].vertices"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"volume","mask":"m","voxels":4294967296}})",
       "columns.voxels"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"volume","mask":"m","voxels":3},"stimuli":{"count":9007199254740993,"images":"i"}})",
       "stimuli.count"},
      {R"({"format":"voxellens-study","version":1,"name":"x","columns":{"kind":"volume","mask":"m","voxels":3},"responses":{"train":{"betas":"b","stimulus":"s","repeats":100000000},"test":{"betas":"b","stimulus":"s"}}})",
       "responses.train.repeats"},
  };
  for (const auto& testCase : cases) {
    std::ofstream(dir.path / "study.json") << testCase.text;
    try {
      readStudyManifest(dir.path, false);
      ADD_FAILURE() << "accepted: " << testCase.text;
    } catch (const FormatError& error) {
      EXPECT_EQ(error.where().rfind(testCase.where, 0), 0u) << error.what();
      EXPECT_EQ(error.file(), dir.path / "study.json");
    }
  }
}

}  // namespace
}  // namespace vl::core
