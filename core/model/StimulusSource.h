#pragma once
// The images a study showed, with their captions and tags, behind one interface: a study folder's images.npy
// (held in memory), or an NSD-style HDF5 brick (read on demand). Implementations are safe to call from several
// threads at once (the selectivity panels read thumbnails from workers).
#include <cstddef>
#include <string>
#include <vector>

#include "core/model/Stimulus.h"

namespace vl::core {

class StimulusSource {
public:
  virtual ~StimulusSource() = default;
  virtual std::size_t count() const = 0;
  // Throws std::out_of_range for index >= count(), FormatError when the backing file cannot deliver it.
  virtual StimulusImage image(std::size_t index) const = 0;
  // Empty when the study has no captions / tags for it.
  virtual std::string caption(std::size_t index) const = 0;
  virtual std::vector<std::string> tags(std::size_t index) const = 0;
};

}  // namespace vl::core
