#include "core/io/MatFileReader.h"

#include <matio.h>

#include <algorithm>
#include <cstdint>
#include <mutex>

#include "core/base/FormatError.h"
#include "core/base/MemoryLimit.h"
#include "core/io/Hdf5Library.h"
#include "core/io/Hdf5MetadataCheck.h"
#include "core/io/Mat5Structure.h"

namespace vl::core {
namespace fs = std::filesystem;

namespace {
// libmatio reports problems through a process-wide log function whose default prints to stderr (and, in some
// versions, aborts on errors). Ours keeps the last message of this thread for the FormatError we throw.
thread_local std::string lastMatioMessage;

void recordMatioMessage(int, char* message) { lastMatioMessage = message ? message : ""; }

void installMatioLogger() {
  static std::once_flag once;
  std::call_once(once, [] { Mat_LogInitFunc("voxellens", recordMatioMessage); });
}

std::string className(matio_classes type, bool logical) {
  if (logical) return "logical";
  switch (type) {
    case MAT_C_DOUBLE: return "double";
    case MAT_C_SINGLE: return "single";
    case MAT_C_INT8: return "int8";
    case MAT_C_UINT8: return "uint8";
    case MAT_C_INT16: return "int16";
    case MAT_C_UINT16: return "uint16";
    case MAT_C_INT32: return "int32";
    case MAT_C_UINT32: return "uint32";
    case MAT_C_INT64: return "int64";
    case MAT_C_UINT64: return "uint64";
    case MAT_C_CHAR: return "char";
    case MAT_C_CELL: return "cell";
    case MAT_C_STRUCT: return "struct";
    case MAT_C_SPARSE: return "sparse";
    case MAT_C_OBJECT: return "object";
    case MAT_C_FUNCTION: return "function_handle";
    default: return "unknown class";
  }
}

template <typename T>
void convert(const void* data, std::vector<double>& out) {
  const T* values = static_cast<const T*>(data);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<double>(values[i]);
}

struct VarDeleter {
  void operator()(matvar_t* variable) const { Mat_VarFree(variable); }
};
}  // namespace

struct MatFile::Handle {
  mat_t* mat = nullptr;
  hid_t hdf5 = -1;  // a v7.3 file opened once more through HDF5 itself, to check datasets before libmatio reads them
};

std::size_t MatNumeric::elementCount() const {
  std::size_t count = 1;
  for (auto d : dims) count *= d;
  return dims.empty() ? 0 : count;
}

bool MatNumeric::isVector() const {
  if (dims.size() != 2) return false;
  return dims[0] == 1 || dims[1] == 1;
}

std::size_t MatNumeric::columns() const {
  std::size_t count = 1;
  for (std::size_t i = 1; i < dims.size(); ++i) count *= dims[i];
  return dims.size() < 2 ? 0 : count;
}

std::string MatNumeric::shapeText() const {
  std::string text;
  for (std::size_t i = 0; i < dims.size(); ++i) text += (i ? " x " : "") + std::to_string(dims[i]);
  return text;
}

MatFile::MatFile(const fs::path& file) : path_(file), handle_(std::make_unique<Handle>()) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) throw FormatError(file, "", "no such file (expected a MATLAB .mat file)");
  checkMat5Structure(file);  // lengths that lie would make libmatio allocate what the file does not hold
  checkHdf5RootGroup(file);  // a v7.3 file is HDF5, whose root-group addresses libhdf5 trusts
  installMatioLogger();
  auto lock = lockHdf5Library();  // v7.3 files go through HDF5
  lastMatioMessage.clear();
  handle_->mat = Mat_Open(file.c_str(), MAT_ACC_RDONLY);
  if (!handle_->mat)
    throw FormatError(file, "", "not a MATLAB .mat file libmatio can read (v4, v5, v7 or v7.3)" +
                                    (lastMatioMessage.empty() ? std::string() : ": " + lastMatioMessage));
  if (Mat_GetVersion(handle_->mat) == MAT_FT_MAT73) {
    handle_->hdf5 = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    // Should HDF5 refuse what libmatio opened, the datasets go unchecked to libmatio, as before this check.
    if (handle_->hdf5 < 0) takeHdf5ErrorMessage();
  }
}

MatFile::~MatFile() {
  if (handle_ && handle_->mat) {
    auto lock = lockHdf5Library();
    if (handle_->hdf5 >= 0) H5Fclose(handle_->hdf5);
    Mat_Close(handle_->mat);
  }
}

std::string MatFile::versionText() const {
  auto lock = lockHdf5Library();
  switch (Mat_GetVersion(handle_->mat)) {
    case MAT_FT_MAT73: return "MATLAB 7.3 (HDF5)";
    case MAT_FT_MAT5: return "MATLAB 5.0 (v5/v7)";
    case MAT_FT_MAT4: return "MATLAB 4";
    default: return "unknown MATLAB version";
  }
}

std::vector<std::string> MatFile::variableNames() const {
  auto lock = lockHdf5Library();
  std::vector<std::string> names;
  Mat_Rewind(handle_->mat);
  while (matvar_t* info = Mat_VarReadNextInfo(handle_->mat)) {
    if (info->name) names.emplace_back(info->name);
    Mat_VarFree(info);
  }
  Mat_Rewind(handle_->mat);
  return names;
}

bool MatFile::has(const std::string& name) const {
  auto lock = lockHdf5Library();
  std::unique_ptr<matvar_t, VarDeleter> info(Mat_VarReadInfo(handle_->mat, name.c_str()));
  return info != nullptr;
}

namespace {
// In a v7.3 file the variable is an HDF5 dataset, and libmatio reads it through HDF5's type conversion, which
// allocates element size x count whatever the element size says: a damaged datatype of 1 GiB per element
// made a 3 KB file take 1 GB and 7 s (found by fuzz_nsd_design). A numeric class has at most 8 bytes per value, 16
// as a complex pair. A variable that is not a dataset (a struct or cell is a group) is left to libmatio.
// `file`: the file open in HDF5 (-1 for a file that is not v7.3: nothing to check).
void checkV73ElementSize(hid_t file, const fs::path& path, const std::string& name, const std::string& where) {
  if (file < 0) return;
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) return (void)takeHdf5ErrorMessage();
  Hdf5Id dataset{H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (dataset.id < 0) return (void)takeHdf5ErrorMessage();
  Hdf5Id type{H5Dget_type(dataset.id), H5Tclose};
  const std::size_t bytes = type.id < 0 ? 0 : H5Tget_size(type.id);
  takeHdf5ErrorMessage();
  if (bytes > 16)
    throw FormatError(path, where,
                      "stores values of " + std::to_string(bytes) +
                          " bytes each (expected at most 8 for a numeric class, 16 for a complex pair)");
}
}  // namespace

MatNumeric MatFile::readNumeric(const std::string& name, std::uint64_t maxElements) const {
  maxElements = std::min(maxElements, kMaxMatElements);
  auto lock = lockHdf5Library();
  lastMatioMessage.clear();
  const std::string where = "variable '" + name + "'";
  // The header first: its size comes from the file, and reading the data would allocate whatever it claims.
  {
    std::unique_ptr<matvar_t, VarDeleter> info(Mat_VarReadInfo(handle_->mat, name.c_str()));
    if (!info)
      throw FormatError(path_, where,
                        "missing (expected a numeric MATLAB variable of that name)" +
                            (lastMatioMessage.empty() ? std::string() : ": " + lastMatioMessage));
    std::uint64_t count = 1;
    std::string shape;
    for (int d = 0; d < info->rank; ++d) {
      const std::uint64_t size = info->dims[d];
      shape += (d ? " x " : "") + std::to_string(size);
      if (size != 0 && count > maxElements / size) count = maxElements + 1;
      else count *= size;
    }
    if (info->rank < 1 || count > maxElements)
      throw FormatError(path_, where,
                        "claims size " + shape + " (expected at most " + std::to_string(maxElements) +
                            " values in this variable)");
    // libmatio holds the variable in its own class and this reader converts it to doubles: both at once.
    requireMemory(count * (std::uint64_t(Mat_SizeOfClass(info->class_type)) + sizeof(double)), path_, where);
  }
  checkV73ElementSize(handle_->hdf5, path_, name, where);
  std::unique_ptr<matvar_t, VarDeleter> variable(Mat_VarRead(handle_->mat, name.c_str()));
  if (!variable)
    throw FormatError(path_, where,
                      "cannot be read (truncated or damaged file?)" +
                          (lastMatioMessage.empty() ? std::string() : ": " + lastMatioMessage));
  MatNumeric out;
  out.name = name;
  out.matlabClass = className(variable->class_type, variable->isLogical != 0);
  for (int d = 0; d < variable->rank; ++d) out.dims.push_back(variable->dims[d]);
  if (variable->isComplex) throw FormatError(path_, where, "is complex (expected a real numeric array)");
  const std::size_t count = out.elementCount();  // bounded by kMaxMatElements above
  if (count == 0) return out;
  if (!variable->data) throw FormatError(path_, where, "has no data (expected " + out.shapeText() + " values)");
  const std::size_t elementSize = Mat_SizeOfClass(variable->class_type);
  if (elementSize == 0 || variable->nbytes < count * elementSize)
    throw FormatError(path_, where, "holds " + std::to_string(variable->nbytes) + " bytes, fewer than its size " +
                                        out.shapeText() + " needs");
  out.values.resize(count);
  switch (variable->class_type) {
    case MAT_C_DOUBLE: convert<double>(variable->data, out.values); break;
    case MAT_C_SINGLE: convert<float>(variable->data, out.values); break;
    case MAT_C_INT8: convert<std::int8_t>(variable->data, out.values); break;
    case MAT_C_UINT8: convert<std::uint8_t>(variable->data, out.values); break;
    case MAT_C_INT16: convert<std::int16_t>(variable->data, out.values); break;
    case MAT_C_UINT16: convert<std::uint16_t>(variable->data, out.values); break;
    case MAT_C_INT32: convert<std::int32_t>(variable->data, out.values); break;
    case MAT_C_UINT32: convert<std::uint32_t>(variable->data, out.values); break;
    case MAT_C_INT64: convert<std::int64_t>(variable->data, out.values); break;
    case MAT_C_UINT64: convert<std::uint64_t>(variable->data, out.values); break;
    default:
      throw FormatError(path_, where, "is a MATLAB " + out.matlabClass + " (expected a numeric array)");
  }
  return out;
}

}  // namespace vl::core
