#include <gtest/gtest.h>

#include <string>

#include "core/base/FormatError.h"
#include "core/io/Mat5Structure.h"
#include "core/nsd/NsdDesignReader.h"

namespace vl::core {
namespace {

const std::string kData = VOXELLENS_TEST_DATA;

// The fuzz seed (tests/data/nsd/make_seeds.sh: scipy's compressed v5 writer) passes the walk and reads.
TEST(Mat5Structure, AValidCompressedDesignPassesAndReads) {
  EXPECT_NO_THROW(checkMat5Structure(kData + "/nsd/nsd_expdesign.mat"));
  const auto design = readNsdDesign(kData + "/nsd/nsd_expdesign.mat");
  EXPECT_EQ(design.masterOrdering.size(), 6u);
  EXPECT_EQ(design.subjectCount, 2u);
  EXPECT_EQ(design.stimulusOfTrial(2, 4), 6 - 1);  // trial 5 shows image 4 of subject 2: 73k index 6
}

// Found by fuzz_nsd_design: a compressed variable whose inner length fields lie made libmatio ask for 4 GB. The
// walk refuses it first, naming where.
TEST(Mat5Structure, ALyingElementLengthIsRefusedBeforeLibmatioAllocates) {
  const std::string file = kData + "/malformed/nsd-expdesign-lying-element-length.mat";
  try {
    checkMat5Structure(file);
    FAIL() << "the lying length passed";
  } catch (const FormatError& error) {
    EXPECT_NE(error.where().find("byte"), std::string::npos) << error.what();
  }
  EXPECT_THROW(readNsdDesign(file), FormatError);
}

// Found by fuzz_nsd_design as a slow input: a file without a Level 5 header whose Level 4 variable header claims
// billions of values made libmatio clear gigabytes while opening it (6 s, no error). The size check refuses it.
TEST(Mat5Structure, ALevel4VariableLargerThanTheFileIsRefused) {
  const std::string file = kData + "/malformed/nsd-expdesign-v4-lying-size.mat";
  try {
    checkMat5Structure(file);
    FAIL() << "the lying v4 size passed";
  } catch (const FormatError& error) {
    EXPECT_NE(error.problem().find("MATLAB v4"), std::string::npos) << error.what();
  }
}

// Found by fuzz_nsd_design (a timeout under ASan): a 128-byte Level 5 header with the 'IM' marker but version 0,
// which libmatio then opens as Level 4, whose first variable claims a name of 2 GB. The Level 4 check runs on it.
TEST(Mat5Structure, AnUnknownLevel5VersionGetsTheLevel4Check) {
  const std::string file = kData + "/malformed/nsd-expdesign-v5-marker-unknown-version.mat";
  try {
    checkMat5Structure(file);
    FAIL() << "the unknown version passed unchecked";
  } catch (const FormatError& error) {
    EXPECT_NE(error.problem().find("MATLAB v4"), std::string::npos) << error.what();
  }
  EXPECT_THROW(readNsdDesign(file), FormatError);
}

}  // namespace
}  // namespace vl::core
