// `voxellens select --maps` on a small study: the caption map as a label GIfTI per hemisphere with its label table,
// one functional GIfTI per bank category, maps.json; files that the project's GIfTI reader (and nibabel, when
// Debian's python3-nibabel is installed) open; exit status 2 for bad input.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "app/cli/ModelCommands.h"
#include "core/io/GiftiReader.h"
#include "tests/support/SmallStudyFolder.h"
#include "tests/support/TestBundles.h"

namespace vl::app {
namespace {
namespace fs = std::filesystem;

TEST(SelectMapsCommand, WritesTheCaptionMapAndCategoryMapsAsGifti) {
  fixtures::SmallStudyFolder folder;
  const auto embedderFolder = folder.dir.path / "embedder";
  fixtures::writeImageEmbedder(embedderFolder);
  const auto out = folder.dir.path / "maps";
  auto maps = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {"voxellens-full", "select", "--study", folder.dir.path.string(), "--maps",
                                     "--embedder", embedderFolder.string(), "--out", out.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return runCommandLine(argv, &fullCommandLine());
  };
  ASSERT_EQ(maps({"--clusters", "3"}), 0);

  const auto labels = core::readGifti(out / "lh.caption_map.label.gii");
  ASSERT_EQ(labels.arrays.size(), 1u);
  EXPECT_EQ(labels.arrays[0].intent, "NIFTI_INTENT_LABEL");
  EXPECT_EQ(labels.arrays[0].dims.front(), folder.left.vertexCount());
  ASSERT_EQ(labels.labels.size(), 4u);  // "no column" and three clusters
  EXPECT_EQ(labels.labels[0].key, 0);
  const auto& keys = std::get<std::vector<std::int32_t>>(labels.arrays[0].data);
  EXPECT_GE(*std::min_element(keys.begin(), keys.end()), 0);
  EXPECT_LE(*std::max_element(keys.begin(), keys.end()), 3);
  EXPECT_TRUE(fs::exists(out / "rh.caption_map.label.gii"));

  // The bank's tags name two categories (face, place); each file has predicted and measured d', p and FDR d'.
  const auto face = core::readGifti(out / "lh.face.func.gii");
  ASSERT_EQ(face.arrays.size(), 4u);
  EXPECT_EQ(face.arrays[0].dims.front(), folder.left.vertexCount());
  EXPECT_TRUE(fs::exists(out / "rh.place.func.gii"));

  const auto document = nlohmann::json::parse(std::ifstream(out / "maps.json"));
  EXPECT_EQ(document.at("caption_map").at("legend").size(), 3u);
  ASSERT_EQ(document.at("categories").size(), 2u);
  EXPECT_EQ(document.at("categories")[0].at("name"), "face");
  EXPECT_EQ(document.at("category_source"), "tags");
  EXPECT_NE(document.at("data").at("measured").get<std::string>().find("single trials"), std::string::npos);
  EXPECT_EQ(document.at("data").at("permutations"), 1000);
  EXPECT_TRUE(document.at("provenance").contains("study"));
  EXPECT_FALSE(document.contains("planted_agreement"));  // no truth/ folder

  // A peer reader, when installed, reads the same label table and values.
  if (std::system("/usr/bin/python3 -c 'import nibabel' >/dev/null 2>&1") == 0) {
    const std::string check =
        "/usr/bin/python3 -c \"import nibabel as nb, sys; g = nb.load(sys.argv[1]); "
        "assert len(g.darrays) == 1 and g.darrays[0].data.shape == (642,); "
        "assert len(g.labeltable.labels) == 4; f = nb.load(sys.argv[2]); assert len(f.darrays) == 4\" " +
        (out / "lh.caption_map.label.gii").string() + " " + (out / "lh.face.func.gii").string();
    EXPECT_EQ(std::system(check.c_str()), 0);
  }

  EXPECT_EQ(maps({"--clusters", "1"}), 2);
  EXPECT_EQ(maps({"--clusters", "seven"}), 2);
  EXPECT_EQ(maps({"--clusters", "5000"}), 2);
  EXPECT_EQ(maps({"extra"}), 2);
  std::vector<std::string> missing = {"voxellens-full", "select", "--maps", "--study",
                                      (folder.dir.path / "nothing").string(), "--out", out.string()};
  EXPECT_EQ(runCommandLine(missing, &fullCommandLine()), 2);
}

}  // namespace
}  // namespace vl::app
