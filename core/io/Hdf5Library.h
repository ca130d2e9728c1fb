#pragma once
// Process-wide guard for the HDF5 C library. Debian's libhdf5 (serial) is built without thread safety, so every
// call into it, including the ones libmatio makes for MATLAB v7.3 files, must hold this one mutex. The first lock
// also switches off HDF5's automatic error-stack printing: our readers turn failures into FormatError instead.
#include <hdf5.h>

#include <mutex>
#include <string>

namespace vl::core {

// Returns a held lock on the HDF5 mutex (recursive, so helpers may nest).
std::unique_lock<std::recursive_mutex> lockHdf5Library();

// The innermost message on HDF5's current error stack ("" when empty), then clears the stack. Call with the lock
// held, right after a failed HDF5 call.
std::string takeHdf5ErrorMessage();

// Closes an HDF5 identifier (file, dataset, type, space) when the scope ends; the caller holds the lock throughout.
struct Hdf5Id {
  hid_t id;
  herr_t (*closer)(hid_t);
  ~Hdf5Id() {
    if (id >= 0) closer(id);
  }
};

}  // namespace vl::core
