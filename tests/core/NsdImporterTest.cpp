// NSD import: the readers it stands on (MATLAB .mat through libmatio, the HDF5 image brick, FreeSurfer colour
// tables, the streaming .npy writer) and whole imports of scaled-down NSD trees written in the real formats
// (tests/support/MiniNsdTree.h), checked against values computed here from the generated betas and design.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <map>
#include <numeric>
#include <stop_token>

#include "core/base/FormatError.h"
#include "core/io/FreeSurferCtab.h"
#include "core/io/GiftiReader.h"
#include "core/io/Hdf5ImageBrick.h"
#include "core/io/MatFileReader.h"
#include "core/io/NiftiReader.h"
#include "core/io/NpyReader.h"
#include "core/io/NpyStreamWriter.h"
#include "core/io/NpyWriter.h"
#include "core/nsd/NsdDesignReader.h"
#include "core/nsd/NsdImporter.h"
#include "core/io/MghFile.h"
#include "core/study/StudyManifest.h"
#include "core/study/StudyFolderLoader.h"
#include "tests/support/FileBytes.h"
#include "tests/support/MiniNsdTree.h"
#include "tests/support/TempDir.h"

using namespace vl;
namespace fs = std::filesystem;
using fixtures::MiniNsdSpec;
using fixtures::MiniNsdTree;
using fixtures::TempDir;

namespace {

void writeFile(const fs::path& file, const std::string& content) {
  std::ofstream(file, std::ios::binary) << content;
}

template <typename F>
std::string formatErrorOf(F&& action) {
  try {
    action();
  } catch (const core::FormatError& error) {
    return error.what();
  }
  return "(no FormatError)";
}

std::vector<float> floats(const fs::path& file) { return core::readNpy(file).toFloat(); }
std::vector<std::int32_t> ints(const fs::path& file) {
  const auto values = core::readNpy(file).toDouble();
  return {values.begin(), values.end()};
}

// z-scores of one column of one session, computed the plain way (population sd, constant column -> 0).
std::vector<double> zscored(const std::vector<float>& matrix, std::size_t trials, std::size_t columns, std::size_t c) {
  double mean = 0, spread = 0;
  for (std::size_t t = 0; t < trials; ++t) mean += matrix[t * columns + c];
  mean /= static_cast<double>(trials);
  for (std::size_t t = 0; t < trials; ++t) spread += std::pow(matrix[t * columns + c] - mean, 2);
  const double sd = std::sqrt(spread / static_cast<double>(trials));
  std::vector<double> z(trials);
  for (std::size_t t = 0; t < trials; ++t) z[t] = sd > 1e-6 ? (matrix[t * columns + c] - mean) / sd : 0.0;
  return z;
}

// The 0-based 73k index of trial t of a session, straight from the generated design.
std::int32_t stimulusOf(const MiniNsdTree& tree, int session, std::size_t t) {
  const std::size_t image = static_cast<std::size_t>(tree.masterOrdering[(session - 1) * tree.spec.trials + t]) - 1;
  return tree.subjectImages[image] - 1;  // subject 1 = row 0
}

bool isShared(const MiniNsdTree& tree, std::int32_t stimulus) {
  return std::binary_search(tree.sharedIndices.begin(), tree.sharedIndices.end(), stimulus + 1);
}

core::NsdImportOptions optionsFor(const MiniNsdTree& tree, const fs::path& out) {
  core::NsdImportOptions options;
  options.root = tree.root;
  options.out = out;
  options.space = tree.spec.space;
  options.sessions = {1, 2, 3};
  options.fsaverageVertices = tree.spec.vertices;
  return options;
}

}  // namespace

// ---- readers ------------------------------------------------------------------------------------------------

TEST(MatFileReader, ReadsNumericVariablesOfV5AndV73Files) {
  TempDir dir;
  for (const bool v73 : {false, true}) {
    const fs::path file = dir.path / (v73 ? "v73.mat" : "v5.mat");
    fixtures::writeMatFile(file, {{"a", {2, 3}, {1, 2, 3, 4, 5, 6}}, {"b", {1, 4}, {7, 8, 9, 4000000000.0}, true}},
                           v73);
    const core::MatFile mat(file);
    EXPECT_EQ(mat.versionText(), v73 ? "MATLAB 7.3 (HDF5)" : "MATLAB 5.0 (v5/v7)");
    EXPECT_TRUE(mat.has("a"));
    EXPECT_FALSE(mat.has("zzz"));
    const auto a = mat.readNumeric("a");
    EXPECT_EQ(a.matlabClass, "double");
    ASSERT_EQ(a.dims, (std::vector<std::size_t>{2, 3}));
    EXPECT_EQ(a.at(1, 2), 6.0);  // column-major: (row 1, column 2) is the last element
    EXPECT_EQ(a.at(1, 0), 2.0);
    const auto b = mat.readNumeric("b");
    EXPECT_EQ(b.matlabClass, "uint32");
    EXPECT_TRUE(b.isVector());
    EXPECT_EQ(b.values.back(), 4000000000.0);
    const std::string missing = formatErrorOf([&] { mat.readNumeric("sharedix"); });
    EXPECT_NE(missing.find("variable 'sharedix'"), std::string::npos) << missing;
    EXPECT_NE(missing.find(file.filename().string()), std::string::npos) << missing;
  }
  const fs::path text = dir.path / "not.mat";
  writeFile(text, std::string(300, 'x'));
  EXPECT_NE(formatErrorOf([&] { core::MatFile mat(text); }).find("not a MATLAB .mat file"), std::string::npos);
  EXPECT_NE(formatErrorOf([&] { core::MatFile mat(dir.path / "absent.mat"); }).find("no such file"),
            std::string::npos);
}

// A MATLAB v5 file made byte by byte: one double variable 'x' whose header claims dims[0] x dims[1] but which holds
// a single value (a damaged or hostile file).
std::string lyingV5Mat(std::int32_t rows, std::int32_t columns) {
  const std::string text = "MATLAB 5.0 MAT-file, made by a test";
  std::string bytes(116, ' ');  // descriptive text, padded to 116 bytes
  bytes.replace(0, text.size(), text);
  bytes.append(8, '\0');  // subsystem data offset
  auto u16 = [&](std::uint16_t v) { bytes.append(reinterpret_cast<const char*>(&v), 2); };
  auto u32 = [&](std::uint32_t v) { bytes.append(reinterpret_cast<const char*>(&v), 4); };
  auto i32 = [&](std::int32_t v) { bytes.append(reinterpret_cast<const char*>(&v), 4); };
  u16(0x0100);
  bytes += "IM";  // little-endian
  u32(14), u32(56);                  // miMATRIX, 56 bytes follow
  u32(6), u32(8), u32(6), u32(0);    // array flags (miUINT32): class mxDOUBLE_CLASS
  u32(5), u32(8), i32(rows), i32(columns);  // dimensions (miINT32)
  u16(1), u16(1), bytes += std::string("x\0\0\0", 4);  // name, small element format (miINT8, 1 byte)
  u32(9), u32(8);                    // real part (miDOUBLE), one value
  const double value = 1.0;
  bytes.append(reinterpret_cast<const char*>(&value), 8);
  return bytes;
}

TEST(MatFileReader, AHeaderClaimingMoreValuesThanTheLimitIsRefusedBeforeReading) {
  TempDir dir;
  const fs::path small = dir.path / "small.mat";
  writeFile(small, lyingV5Mat(1, 1));
  EXPECT_EQ(core::MatFile(small).readNumeric("x").values, std::vector<double>{1.0});  // the hand-made format is right
  const fs::path huge = dir.path / "huge.mat";
  writeFile(huge, lyingV5Mat(100000, 100000));
  const std::string refused = formatErrorOf([&] { core::MatFile(huge).readNumeric("x"); });
  EXPECT_NE(refused.find("variable 'x'"), std::string::npos) << refused;
  EXPECT_NE(refused.find("claims size 100000 x 100000 (expected at most 268435456 values"), std::string::npos)
      << refused;
}

TEST(NsdDesignReader, ChecksVariablesAndIndices) {
  TempDir dir;
  const fs::path file = dir.path / "design.mat";
  fixtures::writeMatFile(file, {{"masterordering", {1, 4}, {1, 2, 3, 2}},
                                {"subjectim", {2, 3}, {10, 20, 11, 21, 12, 22}},
                                {"sharedix", {1, 1}, {11}}}, false);
  const auto design = core::readNsdDesign(file);
  EXPECT_EQ(design.subjectCount, 2u);
  EXPECT_EQ(design.imagesPerSubject, 3u);
  EXPECT_EQ(design.stimulusOfTrial(1, 0), 9);   // subjectim(1, 1) - 1
  EXPECT_EQ(design.stimulusOfTrial(2, 2), 21);  // subjectim(2, 3) - 1
  EXPECT_EQ(design.stimulusOfTrial(1, 3), 10);  // subjectim(1, 2) - 1
  EXPECT_EQ(design.largestStimulus(), 22);

  fixtures::writeMatFile(file, {{"masterordering", {1, 2}, {1, 4}}, {"subjectim", {2, 3}, std::vector<double>(6, 1)},
                                {"sharedix", {1, 1}, {1}}}, false);
  const std::string beyond = formatErrorOf([&] { core::readNsdDesign(file); });
  EXPECT_NE(beyond.find("'masterordering' element 2"), std::string::npos) << beyond;
  EXPECT_NE(beyond.find("no larger than 3"), std::string::npos) << beyond;

  fixtures::writeMatFile(file, {{"masterordering", {1, 2}, {1, 2}}, {"subjectim", {2, 3}, std::vector<double>(6, 1)}},
                         false);
  EXPECT_NE(formatErrorOf([&] { core::readNsdDesign(file); }).find("variable 'sharedix'"), std::string::npos);
  fixtures::writeMatFile(file, {{"masterordering", {2, 2}, {1, 2, 1, 2}}, {"subjectim", {1, 3}, {1, 2, 3}},
                                {"sharedix", {1, 1}, {1}}}, false);
  EXPECT_NE(formatErrorOf([&] { core::readNsdDesign(file); }).find("expected a vector"), std::string::npos);
}

// The fuzz target's two seeds (tests/data/nsd/make_seeds.sh): the same design as MATLAB v5 (scipy) and v7.3 (HDF5,
// libmatio), so the fuzzer starts inside both parsers. Both must read, and read alike.
TEST(NsdDesignReader, TheFuzzSeedsInV5AndV73ReadAsTheSameDesign) {
  const fs::path data = fs::path(VOXELLENS_TEST_DATA) / "nsd";
  EXPECT_EQ(core::MatFile(data / "nsd_expdesign_v73.mat").versionText(), "MATLAB 7.3 (HDF5)");
  const auto v5 = core::readNsdDesign(data / "nsd_expdesign.mat");
  const auto v73 = core::readNsdDesign(data / "nsd_expdesign_v73.mat");
  EXPECT_EQ(v73.masterOrdering, (std::vector<std::int32_t>{1, 2, 3, 1, 4, 2}));
  EXPECT_EQ(v73.subjectImages, (std::vector<std::int32_t>{5, 9, 2, 7, 3, 1, 8, 6}));  // row-major, as documented
  EXPECT_EQ(v73.sharedImages, (std::vector<std::int32_t>{2, 7}));
  EXPECT_EQ(v5.masterOrdering, v73.masterOrdering);
  EXPECT_EQ(v5.subjectImages, v73.subjectImages);
  EXPECT_EQ(v5.sharedImages, v73.sharedImages);
  EXPECT_EQ(v73.subjectCount, 2u);
  EXPECT_EQ(v73.stimulusOfTrial(2, 4), 5);  // masterordering(5) = 4 -> subjectim(2, 4) = 6 -> 0-based 5
}

// Found by fuzz_nsd_design from the v7.3 seed: sharedix's HDF5 datatype says 1 GiB per value (0x40000008 bytes), and
// reading its two values made HDF5's type conversion take 1 GB and 7 s. Refused from the datatype, before reading.
TEST(NsdDesignReader, AV73VariableWhoseValuesClaimAGigabyteEachIsRefusedBeforeReading) {
  const fs::path file = fs::path(VOXELLENS_TEST_DATA) / "malformed" / "nsd-expdesign-v73-element-size-1gib.mat";
  const std::string refused = formatErrorOf([&] { core::readNsdDesign(file); });
  EXPECT_NE(refused.find("variable 'sharedix'"), std::string::npos) << refused;
  // Without the check the read happens and fails with libmatio's "cannot be read": this message is the check's.
  EXPECT_NE(refused.find("stores values of 1073741832 bytes each (expected at most 8"), std::string::npos) << refused;
}

// Found by fuzz_nsd_design from the v7.3 seed: a variable's attribute message whose stated sizes overrun the message,
// which libhdf5 1.10 copies without checking (a heap over-read under AddressSanitizer). Refused by our HDF5 check
// before libhdf5 parses it.
TEST(NsdDesignReader, AV73AttributeLargerThanItsMessageIsRefusedBeforeLibhdf5ReadsIt) {
  const fs::path file = fs::path(VOXELLENS_TEST_DATA) / "malformed" / "nsd-expdesign-v73-attribute-overrun.mat";
  const std::string refused = formatErrorOf([&] { core::readNsdDesign(file); });
  EXPECT_NE(refused.find("the object header of symbol 0: the attribute message at byte 1480"), std::string::npos)
      << refused;
  EXPECT_NE(refused.find("declares a name, datatype and dataspace of 16664 bytes in a 48-byte message"),
            std::string::npos)
      << refused;
}

// The same check's other half, by hand on the v7.3 seed: sharedix's MATLAB_class attribute (a version-1 message of
// 48 bytes at byte 1480: name "MATLAB_class", a 6-byte string type, a scalar space, 8 bytes of data) given a
// 1,000-byte string type, so its data would run past the message.
TEST(NsdDesignReader, AV73AttributeWhoseDataRunsPastItsMessageIsRefused) {
  TempDir dir;
  std::string bytes = fixtures::readAll(fs::path(VOXELLENS_TEST_DATA) / "nsd" / "nsd_expdesign_v73.mat");
  ASSERT_EQ(bytes.substr(1488, 12), "MATLAB_class");
  ASSERT_EQ(static_cast<unsigned char>(bytes[1508]), 6u);  // the string type's size, little-endian
  bytes[1508] = static_cast<char>(1000 & 0xff);
  bytes[1509] = static_cast<char>(1000 >> 8);
  const fs::path file = dir.path / "design.mat";
  std::ofstream(file, std::ios::binary) << bytes;
  const std::string refused = formatErrorOf([&] { core::readNsdDesign(file); });
  EXPECT_NE(refused.find("the attribute message at byte 1480): declares more data than the 8 bytes left in its "
                         "message"),
            std::string::npos)
      << refused;
}

TEST(Hdf5ImageBrick, ReadsImagesLazilyAndRejectsWrongShapesQuietly) {
  TempDir dir;
  const fs::path file = dir.path / "brick.hdf5";
  fixtures::writeImageBrick(file, "imgBrick", {30, 5, 7, 3});
  testing::internal::CaptureStderr();
  {
    const core::Hdf5ImageBrick brick(file, "imgBrick");
    EXPECT_EQ(brick.count(), 30u);
    EXPECT_EQ(brick.height(), 5u);
    EXPECT_EQ(brick.width(), 7u);
    for (const std::size_t n : {0u, 17u, 29u}) {
      const auto pixels = brick.readImage(n);
      ASSERT_EQ(pixels.size(), 5u * 7u * 3u);
      for (std::size_t y = 0; y < 5; ++y)
        for (std::size_t x = 0; x < 7; ++x)
          for (std::size_t c = 0; c < 3; ++c)
            ASSERT_EQ(pixels[(y * 7 + x) * 3 + c], MiniNsdTree::pixel(n, y, x, c)) << n << " " << y << " " << x;
    }
    EXPECT_THROW(brick.readImage(30), std::out_of_range);
    const std::string missing = formatErrorOf([&] { core::Hdf5ImageBrick other(file, "images"); });
    EXPECT_NE(missing.find("dataset 'images'"), std::string::npos) << missing;
  }
  const fs::path rank3 = dir.path / "rank3.hdf5";
  fixtures::writeImageBrick(rank3, "imgBrick", {4, 5, 3});
  const std::string wrongRank = formatErrorOf([&] { core::Hdf5ImageBrick brick(rank3, "imgBrick"); });
  EXPECT_NE(wrongRank.find("rank 3"), std::string::npos) << wrongRank;
  const fs::path gray = dir.path / "gray.hdf5";
  fixtures::writeImageBrick(gray, "imgBrick", {4, 5, 5, 1});
  EXPECT_NE(formatErrorOf([&] { core::Hdf5ImageBrick brick(gray, "imgBrick"); }).find("expected 3"),
            std::string::npos);
  // A header claiming 100,000 x 100,000-pixel images is refused when the brick opens, before any image is read.
  const fs::path huge = dir.path / "huge.hdf5";
  fixtures::writeImageBrick(huge, "imgBrick", {2, 100000, 100000, 3}, true);
  const std::string tooLarge = formatErrorOf([&] { core::Hdf5ImageBrick brick(huge, "imgBrick"); });
  EXPECT_NE(tooLarge.find("100000 x 100000 pixels (expected at most 8192 on a side"), std::string::npos) << tooLarge;
  const fs::path text = dir.path / "text.hdf5";
  writeFile(text, std::string(1000, 'x'));
  EXPECT_NE(formatErrorOf([&] { core::Hdf5ImageBrick brick(text, "imgBrick"); }).find("not an HDF5 file"),
            std::string::npos);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");  // HDF5's own error stacks are silenced
}

TEST(FreeSurferCtab, RoundTripsAndNamesTheBadLine) {
  TempDir dir;
  const fs::path file = dir.path / "x.ctab";
  writeFile(file, "# NSD style\n0 Unknown 0 0 0 0\n\n1 V1v 110 74 255 0\n2 hV4 10 20 30 255\n");
  const auto labels = core::readFreeSurferCtab(file);
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_EQ(labels[1].name, "V1v");
  EXPECT_FLOAT_EQ(labels[1].rgba[0], 110.0f / 255.0f);
  EXPECT_FLOAT_EQ(labels[2].rgba[3], 0.0f);  // T = 255 is fully transparent
  core::writeFreeSurferCtab(dir.path / "y.ctab", labels);
  const auto again = core::readFreeSurferCtab(dir.path / "y.ctab");
  ASSERT_EQ(again.size(), 3u);
  EXPECT_EQ(again[2].name, "hV4");
  EXPECT_FLOAT_EQ(again[1].rgba[2], 1.0f);
  writeFile(file, "0 Unknown 0 0 0 0\n1 V1v 300 0 0 0\n");
  EXPECT_NE(formatErrorOf([&] { core::readFreeSurferCtab(file); }).find("line 2"), std::string::npos);
  writeFile(file, "0 Unknown 0 0 0 0\n0 again 0 0 0 0\n");
  EXPECT_NE(formatErrorOf([&] { core::readFreeSurferCtab(file); }).find("repeats"), std::string::npos);
}

TEST(NpyStreamWriter, FillsRowsOutOfOrderAndMatchesNumpyBytes) {
  TempDir dir;
  const fs::path file = dir.path / "m.npy";
  {
    core::NpyStreamWriter writer(file, core::NpyArray::DType::Float32, 3);
    writer.resizeRows(2);
    const float right[2] = {5, 6}, left = 4, first[3] = {1, 2, 3};
    writer.writeBlock(1, 1, right, 2);  // row 1 before row 0, in two pieces
    writer.writeBlock(1, 0, &left, 1);
    writer.appendRows(first, 1);        // row 2
    writer.writeBlock(0, 0, first, 3);
    float back[2];
    writer.readBlock(1, 1, back, 2);
    EXPECT_EQ(back[1], 6.0f);
    EXPECT_THROW(writer.writeBlock(3, 0, first, 1), std::out_of_range);
    EXPECT_FALSE(fs::exists(file));  // nothing visible before commit
    writer.commit();
  }
  const auto array = core::readNpy(file);
  ASSERT_EQ(array.shape, (std::vector<std::int64_t>{3, 3}));
  EXPECT_EQ(array.toFloat(), (std::vector<float>{1, 2, 3, 4, 5, 6, 1, 2, 3}));
  core::writeNpy(dir.path / "ref.npy", std::vector<float>{1, 2, 3, 4, 5, 6, 1, 2, 3}, {3, 3});
  EXPECT_EQ(fixtures::readAll(file), fixtures::readAll(dir.path / "ref.npy"));
  {
    core::NpyStreamWriter abandoned(dir.path / "gone.npy", core::NpyArray::DType::Int32, std::nullopt);
    abandoned.resizeRows(10);
  }
  for (const auto& entry : fs::directory_iterator(dir.path))
    EXPECT_EQ(entry.path().filename().string().find("gone.npy"), std::string::npos) << entry.path();
}

// ---- whole imports ------------------------------------------------------------------------------------------

TEST(NsdImporter, FsaverageImportSplitsZScoresAndAveragesLikeNsdPractice) {
  TempDir dir;
  MiniNsdSpec spec;
  spec.sessionsOnDisk = {1, 3};  // session 2 is missing on disk
  const MiniNsdTree tree = fixtures::writeMiniNsdTree(dir.path / "nsd", spec);
  writeFile(dir.path / "captions.tsv", "nsdId\tcaption\n3\ta cat on a mat\n3\tsecond caption\n1199\t\"a dog\"\n");
  auto options = optionsFor(tree, dir.path / "study");
  options.captions = dir.path / "captions.tsv";
  std::vector<double> fractions;
  std::stop_source never;
  const auto report =
      core::importNsd(options, core::JobContext(never.get_token(), [&](const core::JobProgress& p) {
                        fractions.push_back(p.fraction);
                      }));

  EXPECT_EQ(report.sessionsImported, (std::vector<int>{1, 3}));
  EXPECT_EQ(report.sessionsMissing, (std::vector<int>{2}));
  ASSERT_EQ(report.missingFiles.size(), 2u);  // lh and rh of session 2
  EXPECT_NE(report.summary().find("sessions missing (skipped): 2"), std::string::npos) << report.summary();
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);

  // The plan, computed here from the generated design.
  const std::size_t v = spec.vertices, columns = 2 * v, trials = spec.trials;
  std::vector<std::int32_t> trainStimulus;
  std::map<std::int32_t, std::vector<std::pair<std::size_t, std::size_t>>> testTrials;  // stimulus -> (session i, t)
  const std::vector<int> sessions{1, 3};
  for (std::size_t si = 0; si < 2; ++si)
    for (std::size_t t = 0; t < trials; ++t) {
      const auto stimulus = stimulusOf(tree, sessions[si], t);
      if (isShared(tree, stimulus)) testTrials[stimulus].push_back({si, t});
      else trainStimulus.push_back(stimulus);
    }
  ASSERT_GT(testTrials.size(), 10u);
  EXPECT_EQ(report.trainTrials, trainStimulus.size());
  EXPECT_EQ(report.testImages, testTrials.size());
  EXPECT_EQ(report.trainTrials + report.testTrials, 2 * trials);

  const auto manifest = core::readStudyManifest(options.out);  // also checks that every named file exists
  EXPECT_EQ(manifest.space, "fsaverage");
  EXPECT_EQ(manifest.columns.count(), columns);
  ASSERT_TRUE(manifest.stimuli && manifest.train && manifest.test);
  EXPECT_EQ(manifest.stimuli->count, spec.images);
  EXPECT_TRUE(manifest.stimuli->hdf5File.is_absolute());
  EXPECT_EQ(manifest.stimuli->hdf5Dataset, "imgBrick");
  // The responses' fingerprint is written once, at import, for the model caches.
  EXPECT_EQ(manifest.responsesHash, core::hashResponseFiles(options.out, manifest));
  EXPECT_FALSE(manifest.responsesHash.empty());
  EXPECT_NE(manifest.description.find("Sessions missing (skipped): 2"), std::string::npos) << manifest.description;

  const auto trainIndex = ints(manifest.resolve(manifest.train->stimulus));
  EXPECT_EQ(trainIndex, trainStimulus);
  // Spelled out for the first trial of session 3: subjectim(1, masterordering(2 * 750 + 1)) - 1.
  const std::int32_t byHand = tree.subjectImages[static_cast<std::size_t>(tree.masterOrdering[2 * 750]) - 1] - 1;
  EXPECT_EQ(stimulusOf(tree, 3, 0), byHand);

  const auto trainArray = core::readNpy(manifest.resolve(manifest.train->betas));
  ASSERT_EQ(trainArray.shape, (std::vector<std::int64_t>{static_cast<std::int64_t>(trainStimulus.size()),
                                                         static_cast<std::int64_t>(columns)}));
  const auto train = trainArray.toFloat();
  // z-scores of lh vertex 3 and rh vertex 7 in both sessions, against the rows they landed in.
  for (const auto& [part, vertex] : {std::pair{0u, 3u}, std::pair{1u, 7u}}) {
    const std::size_t column = part * v + vertex;
    std::size_t row = 0;
    for (std::size_t si = 0; si < 2; ++si) {
      const auto z = zscored(tree.betas[si][part], trials, v, vertex);
      for (std::size_t t = 0; t < trials; ++t)
        if (!isShared(tree, stimulusOf(tree, sessions[si], t))) {
          ASSERT_NEAR(train[row++ * columns + column], z[t], 1e-4) << "session " << sessions[si] << " trial " << t;
        }
    }
  }
  // The constant column becomes 0, not NaN.
  for (std::size_t r = 0; r < trainStimulus.size(); ++r) ASSERT_EQ(train[r * columns + tree.constantColumn], 0.0f);

  // Test rows: sorted by stimulus, each the mean of its z-scored repeats in the sessions present.
  const auto testIndex = ints(manifest.resolve(manifest.test->stimulus));
  const auto repeats = ints(options.out / "responses" / "test_repeats.npy");
  const auto test = floats(manifest.resolve(manifest.test->betas));
  ASSERT_EQ(test.size(), testTrials.size() * columns);
  std::map<std::size_t, std::size_t> histogram;
  std::size_t row = 0;
  const auto zLh3s1 = zscored(tree.betas[0][0], trials, v, 3), zLh3s3 = zscored(tree.betas[1][0], trials, v, 3);
  const auto zRh9s1 = zscored(tree.betas[0][1], trials, v, 9), zRh9s3 = zscored(tree.betas[1][1], trials, v, 9);
  bool sawAveraged = false;
  for (const auto& [stimulus, shown] : testTrials) {
    EXPECT_EQ(testIndex[row], stimulus);
    EXPECT_EQ(static_cast<std::size_t>(repeats[row]), shown.size());
    ++histogram[shown.size()];
    double lh = 0, rh = 0;
    for (const auto& [si, t] : shown) {
      lh += (si == 0 ? zLh3s1 : zLh3s3)[t];
      rh += (si == 0 ? zRh9s1 : zRh9s3)[t];
    }
    EXPECT_NEAR(test[row * columns + 3], lh / static_cast<double>(shown.size()), 1e-4);
    EXPECT_NEAR(test[row * columns + v + 9], rh / static_cast<double>(shown.size()), 1e-4);
    sawAveraged = sawAveraged || shown.size() > 1;
    ++row;
  }
  EXPECT_TRUE(sawAveraged);
  const auto mode = std::max_element(histogram.begin(), histogram.end(), [](auto& a, auto& b) {
    return a.second < b.second || (a.second == b.second && a.first < b.first);
  });
  EXPECT_EQ(manifest.test->repeats, mode->first);

  // ROI sets: streams with its colour table, nsdgeneral with numbered labels; the subject ROIs are reported absent.
  EXPECT_EQ(report.roiSets, (std::vector<std::string>{"nsdgeneral", "streams"}));
  EXPECT_NE(std::find(report.roiSetsMissing.begin(), report.roiSetsMissing.end(), "prf-visualrois"),
            report.roiSetsMissing.end());
  ASSERT_EQ(manifest.roiSets.size(), 4u);
  const fs::path rhStreams = manifest.resolve(fs::path("rois") / "rh.streams.label.gii");
  const auto streams = core::giftiLabelMap(core::readGifti(rhStreams), rhStreams);
  ASSERT_EQ(streams.keys.size(), v);
  EXPECT_EQ(streams.keys[6], 2);
  EXPECT_EQ(streams.keys[7], 3);
  auto named = [&](std::int32_t key) {
    for (const auto& label : streams.labels)
      if (label.key == key) return label.name;
    return std::string("?");
  };
  EXPECT_EQ(named(2), "midventral");
  EXPECT_EQ(named(3), "ventral");
  const fs::path lhGeneral = options.out / "rois" / "lh.nsdgeneral.label.gii";
  const auto general = core::giftiLabelMap(core::readGifti(lhGeneral), lhGeneral);
  EXPECT_EQ(general.keys[0], 1);
  EXPECT_EQ(general.keys[v - 1], 0);

  // ncsnr layers and the surfaces that exist.
  ASSERT_EQ(manifest.layers.size(), 2u);
  const fs::path rhNcsnr = manifest.resolve(manifest.layers[1].file);
  const auto ncsnr = core::giftiScalarMaps(core::readGifti(rhNcsnr), rhNcsnr);
  EXPECT_NEAR(ncsnr.maps[0][10], 0.1f + 0.5f, 1e-6);
  EXPECT_EQ(report.surfaces, (std::vector<std::string>{"lh.white", "lh.pial", "rh.white"}));
  const fs::path lhWhite = manifest.resolve(manifest.columns.hemispheres[0].surfaces[0].second);
  EXPECT_EQ(core::giftiSurface(core::readGifti(lhWhite), lhWhite).vertexCount(), v);

  // Captions: the first caption of an image wins, quotes go, other lines are empty.
  const std::string captions = fixtures::readAll(manifest.resolve(manifest.stimuli->captions));
  std::vector<std::string> lines;
  std::stringstream stream(captions);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), spec.images);
  EXPECT_EQ(lines[3], "a cat on a mat");
  EXPECT_EQ(lines[1199], "a dog");
  EXPECT_EQ(lines[4], "");
  EXPECT_EQ(report.captionedImages, 2u);

  // The referenced images are read lazily and are the generated ones.
  const core::Hdf5ImageBrick brick(manifest.stimuli->hdf5File, manifest.stimuli->hdf5Dataset);
  const auto image = brick.readImage(static_cast<std::size_t>(trainStimulus[0]));
  EXPECT_EQ(image[(2 * spec.imageSize + 3) * 3 + 1], MiniNsdTree::pixel(trainStimulus[0], 2, 3, 1));
}

TEST(NsdImporter, Func1pt8mmImportUsesTheBrainmaskAndUndoesTheInt16Scale) {
  TempDir dir;
  MiniNsdSpec spec;
  spec.space = core::NsdSpace::Func1pt8mm;
  spec.matlab73 = true;  // the design as a v7.3 (HDF5) file goes through libmatio's HDF5 path
  const MiniNsdTree tree = fixtures::writeMiniNsdTree(dir.path / "nsd", spec);
  const auto options = optionsFor(tree, dir.path / "study");
  const auto report = core::importNsd(options);
  EXPECT_EQ(report.sessionsImported, (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(report.sessionsMissing.empty());
  const auto manifest = core::readStudyManifest(options.out);
  EXPECT_EQ(manifest.columns.kind, "volume");
  EXPECT_EQ(manifest.columns.voxels, tree.maskVoxels.size());
  const auto mask = core::readNifti(manifest.resolve(manifest.columns.mask));
  EXPECT_EQ(mask.sourceDatatype, "UINT8");
  std::size_t inside = 0;
  for (float value : mask.voxels) inside += value != 0;
  EXPECT_EQ(inside, tree.maskVoxels.size());
  EXPECT_EQ(mask.voxels[0], 0.0f);  // voxel 0 is outside (i % 3 == 0)
  EXPECT_EQ(mask.voxels[1], 1.0f);

  const std::size_t columns = tree.maskVoxels.size(), trials = spec.trials;
  const auto train = floats(manifest.resolve(manifest.train->betas));
  ASSERT_EQ(train.size(), report.trainTrials * columns);
  const std::size_t column = 11;
  const auto z = zscored(tree.betas[1][0], trials, columns, column);  // session 2
  std::size_t row = 0;
  for (const int session : {1, 2, 3})
    for (std::size_t t = 0; t < trials; ++t) {
      if (isShared(tree, stimulusOf(tree, session, t))) continue;
      if (session == 2) {
        ASSERT_NEAR(train[row * columns + column], z[t], 1e-4) << t;
      }
      ASSERT_EQ(train[row * columns + tree.constantColumn], 0.0f);
      ++row;
    }
  EXPECT_EQ(row, report.trainTrials);

  EXPECT_EQ(report.roiSets, (std::vector<std::string>{"prf-visualrois"}));
  const auto roi = core::readNifti(options.out / "rois" / "prf-visualrois.nii.gz");
  EXPECT_EQ(roi.voxels[0], -1.0f);
  EXPECT_EQ(roi.voxels[4], 1.0f);
  const auto labels = core::readFreeSurferCtab(options.out / "rois" / "prf-visualrois.nii.gz.ctab");
  ASSERT_EQ(labels.size(), 4u);  // "outside" (-1) added to Unknown, V1v, V1d
  EXPECT_EQ(labels[0].key, -1);
  EXPECT_EQ(labels[2].name, "V1v");
  ASSERT_EQ(manifest.layers.size(), 1u);
  const auto ncsnr = core::readNifti(manifest.resolve(manifest.layers[0].file));
  EXPECT_NEAR(ncsnr.voxels[5], 0.5f, 1e-6);
}

TEST(NsdImporter, MalformedFilesGiveFormatErrorsNamingThem) {
  TempDir dir;
  const MiniNsdTree tree = fixtures::writeMiniNsdTree(dir.path / "nsd");
  const core::NsdLayout layout{tree.root, "subj01", core::NsdSpace::Fsaverage};
  const auto options = optionsFor(tree, dir.path / "study");

  // Betas with the wrong vertex count in session 2.
  const fs::path session2 = layout.sessionFiles(2)[0];
  const fs::path saved = dir.path / "saved.mgh";
  fs::copy_file(session2, saved);
  core::MghImage wrong;
  wrong.dims = {39, 1, 1, 750};
  wrong.data = std::vector<float>(39 * 750, 1.0f);
  core::writeMgh(session2, wrong);
  std::string message = formatErrorOf([&] { core::importNsd(options); });
  EXPECT_NE(message.find("lh.betas_session02.mgh"), std::string::npos) << message;
  EXPECT_NE(message.find("40 x 1 x 1 x 750"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(options.out / "study.json"));
  for (const auto& entry : fs::directory_iterator(options.out / "responses"))
    ADD_FAILURE() << "left behind: " << entry.path();
  fs::copy_file(saved, session2, fs::copy_options::overwrite_existing);

  // An image brick of the wrong rank.
  const fs::path brick = layout.stimuliFile();
  fs::rename(brick, dir.path / "brick.hdf5");
  fixtures::writeImageBrick(brick, "imgBrick", {1200, 8, 8});
  message = formatErrorOf([&] { core::importNsd(options); });
  EXPECT_NE(message.find("nsd_stimuli.hdf5"), std::string::npos) << message;
  EXPECT_NE(message.find("rank 3"), std::string::npos) << message;
  fs::rename(dir.path / "brick.hdf5", brick);

  // A design without sharedix.
  fixtures::writeMatFile(layout.designFile(),
                         {{"masterordering", {1, 2250}, std::vector<double>(2250, 1)},
                          {"subjectim", {8, 1000}, std::vector<double>(8000, 1)}}, false);
  message = formatErrorOf([&] { core::importNsd(options); });
  EXPECT_NE(message.find("nsd_expdesign.mat"), std::string::npos) << message;
  EXPECT_NE(message.find("variable 'sharedix'"), std::string::npos) << message;
}

TEST(NsdImporter, BadInputIsRefusedAndCancellingLeavesNothing) {
  TempDir dir;
  const MiniNsdTree tree = fixtures::writeMiniNsdTree(dir.path / "nsd");
  auto options = optionsFor(tree, dir.path / "study");

  auto invalid = [&](const core::NsdImportOptions& o) {
    try {
      core::importNsd(o);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  auto o = options;
  o.root = dir.path / "nowhere";
  EXPECT_NE(invalid(o).find("is not a folder"), std::string::npos);
  o = options;
  o.root = dir.path;
  EXPECT_NE(invalid(o).find("does not look like an NSD download"), std::string::npos);
  o = options;
  o.subject = "subj09";
  EXPECT_NE(invalid(o).find("subj01 .. subj08"), std::string::npos);
  o = options;
  o.subject = "subj02";
  EXPECT_NE(invalid(o).find("no betas_fithrf_GLMdenoise_RR betas for subj02"), std::string::npos);
  o = options;
  o.sessions = {7, 8};
  EXPECT_NE(invalid(o).find("nothing to import"), std::string::npos);

  std::stop_source stop;
  stop.request_stop();
  EXPECT_THROW(core::importNsd(options, core::JobContext(stop.get_token(), {})), core::JobCancelled);
  EXPECT_FALSE(fs::exists(options.out / "study.json"));
  EXPECT_FALSE(fs::exists(options.out / "responses" / "train_betas.npy"));
  for (const auto& entry : fs::directory_iterator(options.out / "responses"))
    ADD_FAILURE() << "left behind: " << entry.path();

  core::importNsd(options);
  EXPECT_NE(invalid(options).find("already holds a study"), std::string::npos);
  options.overwrite = true;
  options.sessions = {1};
  EXPECT_EQ(core::importNsd(options).sessionsImported, (std::vector<int>{1}));
  EXPECT_EQ(core::readStudyManifest(options.out).description.find("Sessions missing"), std::string::npos);

  EXPECT_EQ(core::parseSessionList("1-3,5,7-8"), (std::vector<int>{1, 2, 3, 5, 7, 8}));
  EXPECT_EQ(core::formatSessionList({1, 2, 3, 5, 7, 8}), "1-3,5,7-8");
  EXPECT_THROW(core::parseSessionList("3-1"), std::invalid_argument);
  EXPECT_THROW(core::parseSessionList("a"), std::invalid_argument);
}

// Throughput of the beta streaming (read MGH, z-score, write rows) on a larger synthetic tree. Full-size numbers
// are extrapolated in the report; VOXELLENS_NSD_BENCH_VERTICES makes this tree bigger for a manual run.
TEST(NsdImporter, ThroughputOnALargerTree) {
  TempDir dir;
  MiniNsdSpec spec;
  spec.vertices = 8000;
  if (const char* env = std::getenv("VOXELLENS_NSD_BENCH_VERTICES")) spec.vertices = std::stoul(env);
  spec.sessionsOnDisk = {1, 2};
  spec.designSessions = 2;
  const MiniNsdTree tree = fixtures::writeMiniNsdTree(dir.path / "nsd", spec);
  auto options = optionsFor(tree, dir.path / "study");
  options.sessions = {1, 2};
  const auto report = core::importNsd(options);
  EXPECT_EQ(report.betaValuesRead, 2u * 2u * spec.vertices * spec.trials);
  const double megabytes = static_cast<double>(report.betaValuesRead) * 4 / 1e6;
  std::printf("[ nsd import ] %zu vertices/hemisphere x 2 sessions x 750 trials: %.1f MB float32 betas in %.2f s "
              "= %.0f MB/s (%.2f s per session)\n",
              spec.vertices, megabytes, report.betaSeconds, megabytes / report.betaSeconds, report.betaSeconds / 2);
}

namespace vl {
namespace {
// The imported study opens through the same loader as the window: experiment rows, columns and lazily read images.
TEST(NsdImporter, ImportedStudyOpensWithItsResponsesAndHdf5Stimuli) {
  fixtures::TempDir dir;
  fixtures::MiniNsdSpec spec;
  const fixtures::MiniNsdTree tree = fixtures::writeMiniNsdTree(dir.path / "nsd", spec);
  core::NsdImportOptions options;
  options.root = tree.root;
  options.out = dir.path / "study";
  options.space = spec.space;
  options.sessions = {1, 2, 3};
  options.fsaverageVertices = spec.vertices;
  const auto report = core::importNsd(options);
  const auto manifest = core::readStudyManifest(options.out);
  const auto experiment = core::loadExperiment(manifest);
  ASSERT_TRUE(experiment->train && experiment->test && experiment->stimuli);
  EXPECT_EQ(experiment->train->rows, report.trainTrials);
  EXPECT_EQ(experiment->test->rows, report.testImages);
  EXPECT_EQ(experiment->columns.columnCount(), 2 * spec.vertices);
  EXPECT_EQ(experiment->stimuli->count(), spec.images);
  const auto stimulus = static_cast<std::size_t>(experiment->train->stimulus[0]);
  const core::StimulusImage image = experiment->stimuli->image(stimulus);
  ASSERT_EQ(image.width, static_cast<int>(spec.imageSize));
  EXPECT_EQ(image.rgb[(2 * spec.imageSize + 3) * 3 + 1], fixtures::MiniNsdTree::pixel(stimulus, 2, 3, 1));
}
}  // namespace
}  // namespace vl
