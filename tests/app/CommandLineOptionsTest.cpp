// The command line's shared option parsing: every command's whole-number options accept and refuse the same text.
#include <gtest/gtest.h>

#include <string>

#include "app/cli/CommandLine.h"

namespace vl::app {
namespace {

std::uint64_t parse(const std::string& text, std::uint64_t low = 1, std::uint64_t high = 64) {
  const auto args = parseArguments({"--top", text}, {}, {"--top"});
  return wholeNumberOption(args, "--top", 16, low, high);
}

TEST(CommandLineOptions, WholeNumbersInRangeAndNothingElse) {
  EXPECT_EQ(wholeNumberOption(parseArguments({}, {}, {"--top"}), "--top", 16, 1, 64), 16u);  // absent: the default
  EXPECT_EQ(parse("1"), 1u);
  EXPECT_EQ(parse("64"), 64u);
  EXPECT_EQ(parse("007"), 7u);
  EXPECT_EQ(parse("18446744073709551615", 0, UINT64_MAX), UINT64_MAX);
  for (const char* bad : {"0", "65", "-3", "+3", " 3", "3 ", "3x", "1e2", "", "18446744073709551616"}) {
    try {
      parse(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_EQ(std::string(e.what()), std::string("bad --top '") + bad + "': expected a whole number in 1..64");
    }
  }
}

}  // namespace
}  // namespace vl::app
