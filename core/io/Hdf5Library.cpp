#include "core/io/Hdf5Library.h"

#include <hdf5.h>

namespace vl::core {
namespace {
std::recursive_mutex& hdf5Mutex() {
  static std::recursive_mutex mutex;
  return mutex;
}

herr_t keepDeepest(unsigned position, const H5E_error2_t* error, void* data) {
  // Walked from the innermost frame outward (H5E_WALK_UPWARD): the first one names the actual cause.
  auto* message = static_cast<std::string*>(data);
  if (position == 0 && error && error->desc) *message = error->desc;
  return 0;
}
}  // namespace

std::unique_lock<std::recursive_mutex> lockHdf5Library() {
  std::unique_lock<std::recursive_mutex> lock(hdf5Mutex());
  static const bool silenced = [] {
    H5open();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
  return lock;
}

std::string takeHdf5ErrorMessage() {
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keepDeepest, &message);
  H5Eclear2(H5E_DEFAULT);
  return message;
}

}  // namespace vl::core
