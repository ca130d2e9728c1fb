#!/usr/bin/env bash
# Writes the two small, valid NSD files the fuzz targets start from (tests/fuzz/fuzz_hdf5_brick.cpp and
# fuzz_nsd_design.cpp): a 3 x 4 x 4 x 3 uint8 imgBrick as nsd_stimuli.hdf5 (HDF5 C API via h5cc, libhdf5-dev) and a
# 2-subject nsd_expdesign.mat (MATLAB v5 via scipy). Run from this folder; the output is committed.
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/brick.c" <<'C'
#include <hdf5.h>
int main(void) {
  unsigned char pixels[3 * 4 * 4 * 3];
  for (int i = 0; i < (int)sizeof pixels; ++i) pixels[i] = (unsigned char)(i * 7);
  hsize_t dims[4] = {3, 4, 4, 3};
  hid_t file = H5Fcreate("nsd_stimuli.hdf5", H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t space = H5Screate_simple(4, dims, NULL);
  hid_t set = H5Dcreate2(file, "imgBrick", H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(set, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, pixels);
  H5Dclose(set); H5Sclose(space); H5Fclose(file);
  return 0;
}
C
(cd "$work" && h5cc -o brick brick.c)
"$work/brick"
/usr/bin/python3 - <<'PY'
import numpy as np
import scipy.io
scipy.io.savemat("nsd_expdesign.mat", {
    "masterordering": np.array([[1, 2, 3, 1, 4, 2]], dtype=np.float64),
    "subjectim": np.array([[5, 9, 2, 7], [3, 1, 8, 6]], dtype=np.float64),
    "sharedix": np.array([[2, 7]], dtype=np.float64),
}, format="5", do_compression=True)
PY
