#pragma once
// NSD's experimental design, nsd_expdesign.mat (NSD data manual, "Experiments"): which image each trial showed.
//   masterordering  1 x 30000: trial k (chronological, 750 per scan session) showed the subject's image
//                   masterordering(k), a 1-based index into that subject's 10000 images;
//   subjectim       8 x 10000: subjectim(s, i) is the 1-based index into the 73k images of subject s's image i;
//   sharedix        1 x 1000: 1-based 73k indices of the shared images every subject saw (the usual test set).
// The reader accepts any sizes that agree with each other (tests use scaled-down designs) and checks that every
// index is a positive integer inside the array it points into.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace vl::core {

struct NsdDesign {
  std::vector<std::int32_t> masterOrdering;  // 1-based, as stored
  std::size_t subjectCount = 0;              // rows of subjectim
  std::size_t imagesPerSubject = 0;          // columns of subjectim
  std::vector<std::int32_t> subjectImages;   // row-major subjectCount x imagesPerSubject, 1-based 73k indices
  std::vector<std::int32_t> sharedImages;    // 1-based 73k indices

  // 0-based 73k index of global trial `trial` (0-based: session s, trial t is (s-1)*750 + t) of subject
  // `subject` (1-based). Throws std::out_of_range outside the design.
  std::int32_t stimulusOfTrial(int subject, std::size_t trial) const;
  std::int32_t largestStimulus() const;  // largest 1-based 73k index in subjectim (0 when empty)
};

// Throws FormatError naming the file and the variable: missing, not numeric, not a vector / matrix, or holding
// a value that is not a positive integer index inside the array it points into.
NsdDesign readNsdDesign(const std::filesystem::path& file);

}  // namespace vl::core
