#pragma once
// MATLAB .mat files (v5, v7 compressed, and v7.3 = HDF5, all through libmatio): numeric variables of any numeric
// class (double, single, int8..uint64, logical) read as doubles with their MATLAB dimensions. Values keep MATLAB's
// column-major order: element (r, c) of a 2-D variable is values[c * rows + r].
#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace vl::core {

// More values than this in one variable is taken as a lying header (2 GiB as doubles; NSD's largest,
// subjectim, holds 80,000).
inline constexpr std::uint64_t kMaxMatElements = std::uint64_t(1) << 28;

struct MatNumeric {
  std::string name;
  std::string matlabClass;          // "double", "single", "int32", "logical", ...
  std::vector<std::size_t> dims;    // MATLAB's size(), at least two entries
  std::vector<double> values;       // column-major

  std::size_t elementCount() const;
  bool isVector() const;            // 1 x N or N x 1 (or 1 x 1)
  std::size_t rows() const { return dims.empty() ? 0 : dims[0]; }
  std::size_t columns() const;      // product of dims[1..]
  double at(std::size_t row, std::size_t column) const { return values[column * rows() + row]; }
  std::string shapeText() const;    // "8 x 10000"
};

class MatFile {
public:
  // Throws FormatError when the file is missing or is not a MATLAB file libmatio can read.
  explicit MatFile(const std::filesystem::path& file);
  ~MatFile();
  MatFile(const MatFile&) = delete;
  MatFile& operator=(const MatFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string versionText() const;  // "MATLAB 5.0 (v5/v7)", "MATLAB 7.3 (HDF5)" or "MATLAB 4"
  std::vector<std::string> variableNames() const;
  bool has(const std::string& name) const;
  // Throws FormatError naming the file and the variable when it is missing, complex, sparse or not numeric, or when
  // its header claims more than `maxElements` values or more memory than maxReadMemory() allows (checked before
  // reading: a v7.3 file of a few kilobytes can declare a dataset of gigabytes that HDF5 fills with its fill value).
  // A reader that knows its variables' sizes passes a tighter limit.
  MatNumeric readNumeric(const std::string& name, std::uint64_t maxElements = kMaxMatElements) const;

private:
  struct Handle;
  std::filesystem::path path_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace vl::core
