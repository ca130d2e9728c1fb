#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "core/base/FormatError.h"
#include "core/base/MemoryLimit.h"
#include "core/io/NpyReader.h"

namespace vl::core {
namespace {

// Restores the default limit and the environment whatever the test does.
struct LimitGuard {
  ~LimitGuard() {
    setMaxReadMemory(0);
    ::unsetenv("VOXELLENS_MAX_MEMORY");
  }
};

TEST(MemoryLimit, ParsesBinaryUnitsAndRefusesWhatIsNotASize) {
  EXPECT_EQ(parseMemorySize("512"), 512u);
  EXPECT_EQ(parseMemorySize("64K"), 64u * 1024);
  EXPECT_EQ(parseMemorySize("512m"), 512u * 1024 * 1024);
  EXPECT_EQ(parseMemorySize("6G"), 6ull << 30);
  EXPECT_EQ(parseMemorySize("1.5GiB"), 3ull << 29);
  EXPECT_EQ(parseMemorySize("2TB"), 2ull << 40);
  for (const char* bad : {"", "G", "six", "6X", "-1G", "0", "1e9"}) EXPECT_FALSE(parseMemorySize(bad)) << bad;
  EXPECT_EQ(formatMemorySize(512), "512 bytes");
  EXPECT_EQ(formatMemorySize(6ull << 30), "6.0 GiB");
  EXPECT_EQ(formatMemorySize(300ull << 20), "300 MiB");
}

TEST(MemoryLimit, DefaultIsPhysicalMemoryAndTheEnvironmentOrASetterLowersIt) {
  LimitGuard guard;
  ::unsetenv("VOXELLENS_MAX_MEMORY");
  EXPECT_GT(maxReadMemory(), 64ull << 20);  // any machine that runs the tests has more than 64 MiB
  ::setenv("VOXELLENS_MAX_MEMORY", "3M", 1);
  EXPECT_EQ(maxReadMemory(), 3ull << 20);
  setMaxReadMemory(5000);  // the command-line option wins over the environment
  EXPECT_EQ(maxReadMemory(), 5000u);
  EXPECT_NO_THROW(requireMemory(5000, "x.npy", "header shape"));
  try {
    requireMemory(5001, "x.npy", "header shape");
    FAIL() << "5001 bytes passed a limit of 5000";
  } catch (const FormatError& error) {
    EXPECT_EQ(error.file(), "x.npy");
    EXPECT_EQ(error.where(), "header shape");
    EXPECT_NE(error.problem().find("more than the memory limit of 4.9 KiB"), std::string::npos) << error.what();
  }
}

// A reader asks before it allocates: the same file reads under a limit above its size and is refused below it.
TEST(MemoryLimit, NpyReaderRefusesAnArrayAboveTheLimit) {
  LimitGuard guard;
  const std::string file = std::string(VOXELLENS_TEST_DATA) + "/npy/f4_le_c.npy";
  const auto array = readNpy(file);
  ASSERT_GT(array.data.size(), 8u);
  setMaxReadMemory(array.data.size());
  EXPECT_EQ(readNpy(file).data, array.data);
  setMaxReadMemory(array.data.size() - 1);
  EXPECT_THROW(readNpy(file), FormatError);
}

}  // namespace
}  // namespace vl::core
