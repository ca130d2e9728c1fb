// One JSON reader for every manifest (FormatErrors that name the file and the byte) and for caches (nothing, not an
// error, for a missing or damaged summary: the fit is redone).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/base/FormatError.h"
#include "core/io/JsonFile.h"
#include "tests/support/TempDir.h"

namespace vl::core {
namespace {

void write(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

TEST(JsonFile, ManifestErrorsNameTheFileAndTheByte) {
  fixtures::TempDir dir;
  const auto file = dir.path / "study.json";
  write(file, "{\"a\": 1,,}");
  try {
    readJsonFile(file, "cannot open");
    FAIL() << "bad JSON was accepted";
  } catch (const FormatError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("study.json"), std::string::npos) << message;
    EXPECT_NE(message.find("byte 9"), std::string::npos) << message;
  }
  write(file, "{\"a\": 1e400}");
  EXPECT_THROW(readJsonFile(file, "cannot open"), FormatError);
  try {
    readJsonFile(dir.path / "missing.json", "cannot open (expected a study folder with study.json)");
    FAIL() << "a missing file was accepted";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a study folder"), std::string::npos) << e.what();
  }
  write(file, "{\"a\": [1, 2]}");
  EXPECT_EQ(readJsonFile(file, "cannot open").at("a").size(), 2u);
}

TEST(JsonFile, ACacheSummaryThatIsMissingOrDamagedGivesNothing) {
  fixtures::TempDir dir;
  const auto file = dir.path / "summary.json";
  EXPECT_FALSE(readCachedJson(file).has_value());
  write(file, "{\"top1\": 0.25");  // cut short by a crash
  EXPECT_FALSE(readCachedJson(file).has_value());
  write(file, "{\"top1\": 0.25}");
  const auto summary = readCachedJson(file);
  ASSERT_TRUE(summary.has_value());
  EXPECT_DOUBLE_EQ(summary->at("top1").get<double>(), 0.25);
}

}  // namespace
}  // namespace vl::core
