#!/usr/bin/python3
"""Writes the malformed NIfTI samples of the in-memory reader (nifti-gz-*, nifti-big-endian-*) next to this script.

Each header is packed field by field from the NIfTI-1 specification (348 bytes, then the 4-byte extension flag),
so the samples do not depend on any NIfTI library. Deterministic: gzip through zlib, whose header has no time stamp.
Run: /usr/bin/python3 tests/data/malformed/make_nifti_samples.py
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def nifti1(dims, datatype, bitpix, vox_offset=352.0, big_endian=False):
    e = ">" if big_endian else "<"
    h = bytearray(348)
    struct.pack_into(e + "i", h, 0, 348)
    dim = [len(dims)] + list(dims) + [1] * (7 - len(dims))
    struct.pack_into(e + "8h", h, 40, *dim)
    struct.pack_into(e + "hh", h, 70, datatype, bitpix)
    struct.pack_into(e + "8f", h, 76, 1, 2, 2, 2, 1, 1, 1, 1)
    struct.pack_into(e + "fff", h, 108, vox_offset, 1.0, 0.0)  # vox_offset, scl_slope, scl_inter
    struct.pack_into(e + "h", h, 254, 1)  # sform_code
    struct.pack_into(e + "12f", h, 280, 2, 0, 0, -10, 0, 2, 0, 20, 0, 0, 2, 30)
    h[344:348] = b"n+1\0"
    return bytes(h) + b"\0\0\0\0"


def gzip(data):
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    return z.compress(data) + z.flush()


def int16_voxels(count, big_endian=False):
    return struct.pack((">" if big_endian else "<") + "%dh" % count, *[(i * 37) % 3000 - 1500 for i in range(count)])


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# 16 x 16 x 8 int16 voxels, gzip cut in the middle of the voxels (the NIfTI header inflates completely).
whole = gzip(nifti1([16, 16, 8], 4, 16) + int16_voxels(16 * 16 * 8))
write("nifti-gz-truncated-voxels.nii.gz", whole[: len(whole) // 2])

# The same file with bytes in the middle of the deflate data changed: zlib reports invalid codes or a CRC mismatch.
corrupt = bytearray(whole)
for k in range(len(corrupt) // 2, len(corrupt) // 2 + 6):
    corrupt[k] ^= 0xA5
write("nifti-gz-corrupt-deflate.nii.gz", bytes(corrupt))

# A compressed file whose vox_offset (4000) lies beyond its 352 + 128 decompressed bytes.
write("nifti-gz-vox-offset-beyond-file.nii.gz", gzip(nifti1([4, 4, 4], 2, 8, vox_offset=4000.0) + bytes(range(64)) * 2))

# Big-endian headers, read in their own byte order: voxels cut short (60 int16 voxels need 120 bytes, 100 follow) ...
write("nifti-big-endian-truncated-data.nii", nifti1([5, 4, 3], 4, 16, big_endian=True) + int16_voxels(50, True))
# ... and a negative size that nifti_clib would silently turn into 1.
write("nifti-big-endian-negative-dim.nii", nifti1([5, 4, -4], 4, 16, big_endian=True) + int16_voxels(20, True))
