// libFuzzer target: nsd_expdesign.mat (core/nsd/NsdDesignReader over core/io/MatFileReader and libmatio). Every
// trial's stimulus is looked up so an index the reader let through shows as a crash here. libmatio is not
// instrumented: this target checks our checks (variable shapes, index ranges, the element limit), not its parser.
#include <cstdint>
#include <stdexcept>

#include "core/base/FormatError.h"
#include "core/nsd/NsdDesignReader.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = vl::fuzzing::writeFuzzInput(data, size, "nsd_expdesign.mat");
  try {
    const auto design = vl::core::readNsdDesign(file);
    const auto largest = design.largestStimulus();
    for (const int subject : {1, static_cast<int>(design.subjectCount)}) {
      for (std::size_t trial = 0; trial < design.masterOrdering.size(); ++trial) {
        try {
          if (design.stimulusOfTrial(subject, trial) >= largest) __builtin_trap();
        } catch (const std::out_of_range&) {
          break;  // this subject is not in the design
        }
      }
    }
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
