// `voxellens decode`: the file form's voxel mask under its new name (--mask) gives what --roi gave, and the study
// form refuses bad input with exit status 2 before fitting anything.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/cli/Commands.h"
#include "app/cli/ModelCommands.h"
#include "core/fitting/DecoderFolder.h"
#include "core/fitting/StudyModelFits.h"
#include "core/io/NpyMatrix.h"
#include "tests/support/SmallStudyFolder.h"
#include "tests/support/SyntheticExperiment.h"
#include "tests/support/TempDir.h"

namespace vl::app {
namespace {

TEST(StudyDecodeCommand, MaskAndTheOlderRoiNameReadTheSameVoxels) {
  fixtures::SyntheticExperiment synthetic;
  const auto& experiment = synthetic.experiment;
  fixtures::TempDir dir;
  const auto file = [&](const char* name) { return (dir.path / name).string(); };
  const auto& train = *experiment.train;
  const auto& test = *experiment.test;
  core::writeNpyMatrix(file("Y.npy"), core::Matrix(train.rows, train.columns, train.betas));
  core::writeNpyMatrix(file("Yt.npy"), core::Matrix(test.rows, test.columns, test.betas));
  core::writeNpyMatrix(file("E.npy"), core::rowsForTrials(synthetic.embedding, train));
  core::writeNpyMatrix(file("Et.npy"), core::rowsForTrials(synthetic.embedding, test));
  std::vector<double> mask(train.columns, 0.0);
  for (std::size_t c = 0; c < train.columns; c += 2) mask[c] = 1.0;
  core::writeNpyVector(file("mask.npy"), mask);
  auto decode = [&](const char* option, const char* out) {
    const std::vector<std::string> argv = {"voxellens-full", "decode", "--responses", file("Y.npy"), "--embeddings",
                                           file("E.npy"), "--test-responses", file("Yt.npy"), "--test-embeddings",
                                           file("Et.npy"), option, file("mask.npy"), "--out", file(out)};
    EXPECT_EQ(runCommandLine(argv, &fullCommandLine()), 0);
    return core::readDecoderFit(file(out));
  };
  const auto byMask = decode("--mask", "mask");
  const auto byRoi = decode("--roi", "roi");
  ASSERT_TRUE(byMask && byRoi);
  EXPECT_EQ(byMask->columns.size(), (train.columns + 1) / 2);
  EXPECT_EQ(byMask->columns, byRoi->columns);
  EXPECT_EQ(byMask->fit.weights.data, byRoi->fit.weights.data);
  const std::vector<std::string> both = {"voxellens-full", "decode", "--responses", file("Y.npy"), "--embeddings",
                                         file("E.npy"), "--test-responses", file("Yt.npy"), "--test-embeddings",
                                         file("Et.npy"), "--mask", file("mask.npy"), "--roi", file("mask.npy")};
  EXPECT_EQ(runCommandLine(both, &fullCommandLine()), 2);
}

TEST(StudyDecodeCommand, RefusesBadInputWithStatus2) {
  fixtures::SmallStudyFolder folder;
  const std::string study = folder.dir.path.string(), out = (folder.dir.path / "decoded").string();
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {"voxellens-full", "decode", "--study", study};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return runCommandLine(argv, &fullCommandLine());
  };
  EXPECT_EQ(run({}), 2);                                                   // no --out
  EXPECT_EQ(run({"--out", out, "--method", "contrastive"}), 2);           // too few training images to validate on
  EXPECT_EQ(run({"--out", out, "--method", "nearest"}), 2);               // unknown method
  EXPECT_EQ(run({"--out", out, "--trials", "train"}), 2);                 // only the test rows
  EXPECT_EQ(run({"--out", out, "--vertex", "lh:0", "--radius", "0.5"}), 2);  // a target with too few columns
  const std::vector<std::string> nowhere = {"voxellens-full", "decode", "--study",
                                            (folder.dir.path / "nowhere").string(), "--out", out};
  EXPECT_EQ(runCommandLine(nowhere, &fullCommandLine()), 2);
}

}  // namespace
}  // namespace vl::app
