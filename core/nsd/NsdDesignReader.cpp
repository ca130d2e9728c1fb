#include "core/nsd/NsdDesignReader.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/base/FormatError.h"
#include "core/io/MatFileReader.h"

namespace vl::core {
namespace {
// Values in one design variable. NSD's largest, subjectim, holds 80,000 (8 subjects x 10,000 images) and
// masterordering 30,000; a header claiming more is damaged, and refusing it costs nothing, where reading it would
// allocate (and HDF5 would fill) whatever it claims.
constexpr std::uint64_t kMaxDesignValues = std::uint64_t(1) << 22;
// Positive integer indices no larger than `limit` (0 = no limit), converted from MATLAB's doubles.
std::vector<std::int32_t> indices(const std::filesystem::path& file, const MatNumeric& variable,
                                  std::size_t limit, const std::string& limitMeaning) {
  std::vector<std::int32_t> out(variable.values.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double value = variable.values[i];
    if (!(value >= 1) || value != std::floor(value) || value > 2147483647.0 ||
        (limit > 0 && value > static_cast<double>(limit)))
      throw FormatError(file, "variable '" + variable.name + "' element " + std::to_string(i + 1),
                        "is " + std::to_string(value) + " (expected a 1-based index" +
                            (limit > 0 ? " no larger than " + std::to_string(limit) + ", " + limitMeaning : "") +
                            ")");
    out[i] = static_cast<std::int32_t>(value);
  }
  return out;
}

MatNumeric readVector(const MatFile& mat, const char* name, const char* expected) {
  MatNumeric variable = mat.readNumeric(name, kMaxDesignValues);
  if (!variable.isVector() || variable.elementCount() == 0)
    throw FormatError(mat.path(), std::string("variable '") + name + "'",
                      "has size " + variable.shapeText() + " (expected a vector, " + expected + ")");
  return variable;
}
}  // namespace

std::int32_t NsdDesign::stimulusOfTrial(int subject, std::size_t trial) const {
  if (subject < 1 || static_cast<std::size_t>(subject) > subjectCount)
    throw std::out_of_range("subject " + std::to_string(subject) + " is not in the design (it has " +
                            std::to_string(subjectCount) + ")");
  if (trial >= masterOrdering.size())
    throw std::out_of_range("trial " + std::to_string(trial + 1) + " is beyond the design's " +
                            std::to_string(masterOrdering.size()) + " trials");
  const std::size_t image = static_cast<std::size_t>(masterOrdering[trial]) - 1;
  return subjectImages[static_cast<std::size_t>(subject - 1) * imagesPerSubject + image] - 1;
}

std::int32_t NsdDesign::largestStimulus() const {
  return subjectImages.empty() ? 0 : *std::max_element(subjectImages.begin(), subjectImages.end());
}

NsdDesign readNsdDesign(const std::filesystem::path& file) {
  const MatFile mat(file);
  NsdDesign design;

  const MatNumeric subjectim = mat.readNumeric("subjectim", kMaxDesignValues);
  if (subjectim.dims.size() != 2 || subjectim.elementCount() == 0)
    throw FormatError(file, "variable 'subjectim'",
                      "has size " + subjectim.shapeText() + " (expected subjects x images, 8 x 10000 in NSD)");
  design.subjectCount = subjectim.rows();
  design.imagesPerSubject = subjectim.columns();
  const std::vector<std::int32_t> columnMajor = indices(file, subjectim, 0, "");
  design.subjectImages.resize(columnMajor.size());
  for (std::size_t r = 0; r < design.subjectCount; ++r)
    for (std::size_t c = 0; c < design.imagesPerSubject; ++c)
      design.subjectImages[r * design.imagesPerSubject + c] = columnMajor[c * design.subjectCount + r];

  const MatNumeric ordering = readVector(mat, "masterordering", "1 x 30000 in NSD");
  design.masterOrdering =
      indices(file, ordering, design.imagesPerSubject, "the number of columns of subjectim");
  const MatNumeric shared = readVector(mat, "sharedix", "1 x 1000 in NSD");
  design.sharedImages = indices(file, shared, 0, "");
  return design;
}

}  // namespace vl::core
