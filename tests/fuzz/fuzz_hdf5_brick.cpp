// libFuzzer target: an NSD-style stimulus brick (core/io/Hdf5ImageBrick: imgBrick, uint8 N x H x W x 3). The
// header decides how much every image read allocates, so the first and the last image are read whenever the
// brick opens. HDF5 itself is not instrumented: this target checks our checks around it (shape, type, the side
// limit), not libhdf5's parser. Only FormatError (or out_of_range for an index the brick says it lacks) may escape.
#include <cstdint>
#include <stdexcept>

#include "core/base/FormatError.h"
#include "core/io/Hdf5ImageBrick.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = vl::fuzzing::writeFuzzInput(data, size, "nsd_stimuli.hdf5");
  try {
    const vl::core::Hdf5ImageBrick brick(file, "imgBrick");
    if (brick.count() > 0) {
      const auto first = brick.readImage(0);
      if (first.size() != brick.height() * brick.width() * 3) __builtin_trap();
      (void)brick.readImage(brick.count() - 1);
    }
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
