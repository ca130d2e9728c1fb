#!/usr/bin/env bash
# Writes the two small, valid NSD files the fuzz targets start from (tests/fuzz/fuzz_hdf5_brick.cpp and
# fuzz_nsd_design.cpp): a 3 x 4 x 4 x 3 uint8 imgBrick as nsd_stimuli.hdf5 (HDF5 C API via h5cc, libhdf5-dev) and
# as nsd_stimuli_latest.hdf5 (the newest file format), a
# 2-subject nsd_expdesign.mat (MATLAB v5 via scipy) and the same design as nsd_expdesign_v73.mat (MATLAB v7.3, which
# is HDF5, via libmatio as NSD's own v7.3 files are read; libmatio-dev), so the design's fuzzer starts from both
# formats. Run from this folder; the output is committed.
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
  /* The same brick with the newest file format (superblock 3, version 2 object headers, checksummed metadata),
     as h5py writes with libver="latest": the part of HDF5 our own metadata check leaves to libhdf5. */
  hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_libver_bounds(access, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
  file = H5Fcreate("nsd_stimuli_latest.hdf5", H5F_ACC_TRUNC, H5P_DEFAULT, access);
  space = H5Screate_simple(4, dims, NULL);
  set = H5Dcreate2(file, "imgBrick", H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(set, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, pixels);
  H5Dclose(set); H5Sclose(space); H5Fclose(file); H5Pclose(access);
  return 0;
}
C
cat > "$work/design73.c" <<'C'
#include <matio.h>
/* MATLAB arrays are column-major: subjectim (2 x 4) is written column by column. */
static void put(mat_t* mat, const char* name, size_t rows, size_t cols, double* values) {
  size_t dims[2] = {rows, cols};
  matvar_t* var = Mat_VarCreate(name, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, values, 0);
  Mat_VarWrite(mat, var, MAT_COMPRESSION_NONE);
  Mat_VarFree(var);
}
int main(void) {
  mat_t* mat = Mat_CreateVer("nsd_expdesign_v73.mat", NULL, MAT_FT_MAT73);
  if (!mat) return 1;
  double ordering[] = {1, 2, 3, 1, 4, 2};
  double subjects[] = {5, 3, 9, 1, 2, 8, 7, 6};
  double shared[] = {2, 7};
  put(mat, "masterordering", 1, 6, ordering);
  put(mat, "subjectim", 2, 4, subjects);
  put(mat, "sharedix", 1, 2, shared);
  Mat_Close(mat);
  return 0;
}
C
(cd "$work" && h5cc -o brick brick.c && cc -o design73 design73.c -lmatio)
"$work/brick"
"$work/design73"
/usr/bin/python3 - <<'PY'
import numpy as np
import scipy.io
scipy.io.savemat("nsd_expdesign.mat", {
    "masterordering": np.array([[1, 2, 3, 1, 4, 2]], dtype=np.float64),
    "subjectim": np.array([[5, 9, 2, 7], [3, 1, 8, 6]], dtype=np.float64),
    "sharedix": np.array([[2, 7]], dtype=np.float64),
}, format="5", do_compression=True)
PY
