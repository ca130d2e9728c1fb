#!/usr/bin/python3
"""Writes the tiny .npy fixtures of tests/core/NpyTest.cpp with numpy itself, and the malformed npy-* samples.

Run with Debian's /usr/bin/python3 (python3-numpy). Every fixture holds value(i) for flat C-order index i, with
the formulas below repeated independently in NpyTest.cpp:
  f4: i * 0.5 - 2.25      f8: i * 0.1 - 1.0      i2: i * 1000 - 5000
  i4: i * 100000 - 700000 u1: i * 20 + 5
"""
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MALFORMED = os.path.join(HERE, '..', 'malformed')

FORMULAS = {
    'f4': lambda i: i * 0.5 - 2.25,
    'f8': lambda i: i * 0.1 - 1.0,
    'i2': lambda i: i * 1000 - 5000,
    'i4': lambda i: i * 100000 - 700000,
    'u1': lambda i: i * 20 + 5,
}


def values(kind, shape):
    n = int(np.prod(shape)) if shape else 1
    return np.array([FORMULAS[kind](i) for i in range(n)]).reshape(shape)


def save(name, array):
    np.save(os.path.join(HERE, name), array, allow_pickle=False)


def main():
    # Every dtype, both byte orders, C and Fortran order: <kind>_<le|be>_<c|f>.npy, shape (3, 4).
    for kind in FORMULAS:
        for order_name, order in (('le', '<'), ('be', '>')):
            if kind == 'u1' and order == '>':
                continue  # one byte has no byte order: numpy writes '|u1' either way
            dtype = np.dtype(('|' if kind == 'u1' else order) + kind)
            for layout in ('c', 'f'):
                a = values(kind, (3, 4)).astype(dtype)
                a = np.asfortranarray(a) if layout == 'f' else np.ascontiguousarray(a)
                save('%s_%s_%s.npy' % (kind, order_name, layout), a)
    # uint8 spelled '<u1' (numpy normalises to '|u1', so the header is patched by hand; same length).
    with open(os.path.join(HERE, 'u1_le_c.npy'), 'rb') as f:
        raw = f.read()
    with open(os.path.join(HERE, 'u1_lt_c.npy'), 'wb') as f:
        f.write(raw.replace(b"'|u1'", b"'<u1'"))
    # Rank 3 in Fortran order, a scalar, an empty array.
    save('f4_3d_f.npy', np.asfortranarray(values('f4', (2, 3, 4)).astype('<f4')))
    save('f8_scalar.npy', np.array(FORMULAS['f8'](7), dtype='<f8'))
    save('f4_empty.npy', np.zeros((0,), dtype='<f4'))
    save('i2_empty_2d.npy', np.zeros((3, 0), dtype='<i2'))
    # Version 2.0 and 3.0 headers (u32 header length).
    for major in (2, 3):
        with open(os.path.join(HERE, 'f4_v%d.npy' % major), 'wb') as f:
            np.lib.format.write_array(f, values('f4', (3, 4)).astype('<f4'), version=(major, 0))
    # Reference for byte-exact writer output: what numpy.save writes for a (2, 3) float32 and a (5,) float64.
    save('ref_f4_2x3.npy', values('f4', (2, 3)).astype('<f4'))
    save('ref_f8_5.npy', values('f8', (5,)).astype('<f8'))
    save('ref_u1_f_2x3.npy', np.asfortranarray(values('u1', (2, 3)).astype('|u1')))

    write_malformed()


def header(text, major=1):
    """A preamble around an arbitrary header text, padded as numpy pads."""
    text = text.encode('latin1')
    fmt = '<H' if major == 1 else '<I'
    hlen = len(text) + 1
    pad = 64 - ((6 + 2 + struct.calcsize(fmt) + hlen) % 64)
    return b'\x93NUMPY' + bytes([major, 0]) + struct.pack(fmt, hlen + pad) + text + b' ' * pad + b'\n'


def write_malformed():
    os.makedirs(MALFORMED, exist_ok=True)
    good = values('f4', (3, 4)).astype('<f4').tobytes()
    plain = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
    samples = {
        'bad-magic': b'\x93NUMPX' + header(plain)[6:] + good,
        'too-short': b'\x93NUMPY\x01',
        'bad-version': b'\x93NUMPY\x09\x00' + header(plain)[8:] + good,
        'header-beyond-file': b'\x93NUMPY\x01\x00\xff\xff' + b"{'descr': '<f4', ",
        'truncated-data': header(plain) + good[:-5],
        'trailing-bytes': header(plain) + good + b'\0' * 8,
        'shape-too-large': header("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 4), }") + good,
        'object-array': header("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }") + b'\x80\x04N.',
        'unknown-dtype': header("{'descr': '<c8', 'fortran_order': False, 'shape': (3, 2), }") + good,
        'structured-dtype': header("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (12,), }") + good,
        'missing-key': header("{'descr': '<f4', 'shape': (3, 4), }") + good,
        'duplicate-key': header("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }") + good,
        'eval-injection': header("{'descr': __import__('os').system('true'), 'fortran_order': False, "
                                 "'shape': (3, 4), }") + good,
        'unterminated-string': header("{'descr': '<f4, 'fortran_order': False, 'shape': (3, 4), }") + good,
        'negative-dim': header("{'descr': '<f4', 'fortran_order': False, 'shape': (-3, 4), }") + good,
        'bad-bool': header("{'descr': '<f4', 'fortran_order': false, 'shape': (3, 4), }") + good,
        'huge-header-length-v2': b'\x93NUMPY\x02\x00' + struct.pack('<I', 0xFFFFFFF0) + b'{' + good,
        'text-after-dict': header(plain + " 'x'") + good,
    }
    for name, data in samples.items():
        with open(os.path.join(MALFORMED, 'npy-%s.npy' % name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
