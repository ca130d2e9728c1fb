#!/usr/bin/python3
"""Writes the tiny FreeSurfer fixtures for tests/core/FreeSurferFormatsTest.cpp with nibabel (Debian's
python3-nibabel: run with /usr/bin/python3 from this folder). The test hard-codes the numbers used here and the
affines this script prints; rerun it only together with the test."""
import os
import struct
from collections import OrderedDict

import nibabel as nib
import numpy as np
np.set_printoptions(precision=17)
from nibabel.freesurfer import io as fsio

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)

# --- surfaces with the volume-geometry footer --------------------------------------------------------------
coords = np.array([[0.0, 0.0, 0.0], [10.5, 0.0, -1.25], [0.0, 20.0, 3.5], [-4.0, -8.0, 30.0], [1e-3, 2.5e4, -7.75]],
                  np.float32)
faces = np.array([[0, 1, 2], [0, 2, 3], [0, 3, 1], [1, 3, 2], [4, 1, 0]], np.int32)
info = OrderedDict(head=np.array([2, 0, 20]), valid='1  # volume info valid',
                   filename='/subjects/bert/mri/filled-pretess255.mgz', volume=np.array([256, 256, 256]),
                   voxelsize=np.array([1.0, 1.0, 1.0]), xras=np.array([-1.0, 0.0, 0.0]),
                   yras=np.array([0.0, 0.0, -1.0]), zras=np.array([0.0, 1.0, 0.0]),
                   cras=np.array([1.5, -17.25, 20.125]))
fsio.write_geometry('lh.footer.white', coords, faces, create_stamp='created by nibabel fixture', volume_info=info)
info20 = OrderedDict(head=np.array([20]), valid='1', filename='orig.mgz', volume=np.array([320, 300, 288]),
                     voxelsize=np.array([0.8, 0.8, 0.8]), xras=np.array([-0.999, 0.01, 0.02]),
                     yras=np.array([0.0, 0.0, -1.0]), zras=np.array([0.03, 1.0, 0.0]),
                     cras=np.array([-3.25, 11.0, 0.5]))
fsio.write_geometry('rh.footer20.pial', coords, faces, create_stamp='created by nibabel fixture', volume_info=info20)
for name in ('lh.footer.white', 'rh.footer20.pial'):
    _, _, meta = fsio.read_geometry(name, read_metadata=True)
    print(name, dict(meta))

# --- curvature ------------------------------------------------------------------------------------------------
thickness = np.array([2.5, 0.0, -1.75, 3.4028235e38, 1e-30, 4.125], np.float32)
fsio.write_morph_data('lh.tiny.thickness', thickness, fnum=8)
print('thickness', fsio.read_morph_data('lh.tiny.thickness'))

# --- annotations: new ctab by nibabel, old ctab by hand -------------------------------------------------------
labels = np.array([0, 1, 2, -1, 1, 0, 2])
ctab = np.array([[25, 5, 25, 0], [220, 20, 10, 0], [20, 220, 60, 128]], np.int32)
names = [b'unknown', b'V1', b'MT']
fsio.write_annot('lh.tiny.annot', labels, ctab, names)
print('annot', fsio.read_annot('lh.tiny.annot'))


def be(*values):
    return struct.pack('>%di' % len(values), *values)


def fs_string(text):
    data = text.encode() + b'\0'
    return be(len(data)) + data


old_entries = [('Unknown', (0, 0, 0, 0)), ('cortex', (80, 160, 240, 0)), ('wall', (255, 255, 0, 51))]
old_values = [80 + 160 * 256 + 240 * 65536, 0, 255 + 255 * 256, 80 + 160 * 256 + 240 * 65536]
with open('rh.old.annot', 'wb') as f:
    f.write(be(4))
    # pairs out of order: FreeSurfer puts each value at the vertex it names
    for vertex in (2, 0, 3, 1):
        f.write(be(vertex, old_values[vertex]))
    f.write(be(1, len(old_entries)) + fs_string('/usr/local/freesurfer/FreeSurferColorLUT.txt'))
    for name, rgbt in old_entries:
        f.write(fs_string(name) + be(*rgbt))
print('old annot', fsio.read_annot('rh.old.annot', orig_ids=True))

# --- ASCII label (nibabel reads but does not write labels) ----------------------------------------------------
with open('lh.V1.label', 'w') as f:
    f.write('#!ascii label  , from subject bert vox2ras=TkReg\n3\n')
    f.write('12  -10.250  20.500  3.000 0.0000000000\n')
    f.write('7  1.000  -2.000  -0.125 0.7500000000\n')
    f.write('40000  33.333  0.000  1e-3 -1.5\n')
print('label', fsio.read_label('lh.V1.label', read_scalars=True))

# --- MGH / MGZ -------------------------------------------------------------------------------------------------
angle = np.deg2rad(30.0)
rotation = np.array([[np.cos(angle), -np.sin(angle), 0], [np.sin(angle), np.cos(angle), 0], [0, 0, 1]])
affine = np.eye(4)
affine[:3, :3] = rotation @ np.diag([2.0, 2.0, 3.0])
affine[:3, 3] = [-10.0, 20.0, 30.0]


def base(shape):
    i, j, k, f = np.meshgrid(*[np.arange(n) for n in shape], indexing='ij')
    return i + 3 * j + 6 * k + 12 * f


kinds = {
    'uchar': (np.uint8, lambda b: b * 5),
    'short': (np.int16, lambda b: b * -600 + 3),
    'int': (np.int32, lambda b: b * 1000003 - 20000000),  # beyond float precision at the top
    'float': (np.float32, lambda b: b * 0.25 - 3.5),
}
for index, (kind, (dtype, formula)) in enumerate(kinds.items()):
    for frames in (1, 3):
        data = formula(base((3, 2, 2, frames))).astype(dtype)
        if frames == 1:
            data = data[..., 0]
        ext = '.mgz' if (index + (frames == 3)) % 2 == 1 else '.mgh'
        name = f'vol.{kind}{frames}{ext}'
        img = nib.MGHImage(data, affine)
        img.header['tr'] = 1500.0
        img.header['flip_angle'] = 0.5
        img.header['te'] = 30.0
        img.header['ti'] = 0.0
        img.header['fov'] = 256.0
        nib.save(img, name)
        back = nib.load(name)
        assert np.array_equal(np.asanyarray(back.dataobj), data)
        print(name, back.get_data_dtype(), back.shape)
print('vox2ras', repr(nib.load('vol.float3.mgh').header.get_affine()))
print('vox2ras-tkr', repr(nib.load('vol.float3.mgh').header.get_vox2ras_tkr()))
print('Mdc', repr(nib.load('vol.float3.mgh').header['Mdc']), 'delta', nib.load('vol.float3.mgh').header['delta'],
      'Pxyz_c', nib.load('vol.float3.mgh').header['Pxyz_c'])

# Surface overlay: 5 vertices, 3 frames.
overlay = (np.arange(5)[:, None] * 1.5 - np.arange(3)[None, :]).astype(np.float32).reshape(5, 1, 1, 3)
nib.save(nib.MGHImage(overlay, np.eye(4)), 'lh.overlay.mgz')
print('overlay', np.asanyarray(nib.load('lh.overlay.mgz').dataobj).reshape(5, 3))

# --- malformed samples (../malformed/freesurfer-<format>-<what>, ../malformed/mgh-<what>) ----------------------
import gzip  # noqa: E402

MALFORMED = os.path.join(HERE, '..', 'malformed')


def bad(name, data):
    with open(os.path.join(MALFORMED, name), 'wb') as f:
        f.write(data)


def read(name):
    with open(name, 'rb') as f:
        return f.read()


surf = read('lh.footer.white')
counts_at = surf.index(b'\n\n') + 2
faces_at = counts_at + 8 + 5 * 12
footer_at = faces_at + 5 * 12
bad('freesurfer-surface-truncated-faces.white', surf[:faces_at + 30])
bad('freesurfer-surface-bad-magic.white', b'\xff\xff\xfc' + surf[3:])
bad('freesurfer-surface-lying-vertex-count.white', surf[:counts_at] + be(0x7fffffff) + surf[counts_at + 4:])
bad('freesurfer-surface-face-out-of-range.white', surf[:faces_at] + be(0, 1, 5) + surf[faces_at + 12:])
bad('freesurfer-surface-no-comment-end.white', b'\xff\xff\xfe' + b'created by a very long line' * 200)
bad('freesurfer-surface-footer-wrong-key.white', surf[:footer_at] + be(20) + b'valid = 1\nfilenme = x.mgz\n')
bad('freesurfer-surface-footer-truncated.white', surf[:footer_at + 12 + 80])
bad('freesurfer-surface-footer-bad-number.white',
    surf.replace(b'cras   = 1.5 -17.25 20.125', b'cras   = 1.5 -17.25 abc'))
bad('freesurfer-surface-footer-two-numbers.white',
    surf.replace(b'cras   = 1.5 -17.25 20.125', b'cras   = 1.5 -17.25'))

curv = read('lh.tiny.thickness')
bad('freesurfer-curv-truncated.thickness', curv[:-3])
bad('freesurfer-curv-old-format.curv', b'\x00\x00\x06\x00\x00\x08' + struct.pack('>6h', 1, 2, 3, 4, 5, 6))
bad('freesurfer-curv-values-per-vertex.curv', curv[:11] + be(3) + curv[15:])
bad('freesurfer-curv-lying-count.curv', curv[:3] + be(0x10000000) + curv[7:])
bad('freesurfer-curv-negative-count.curv', curv[:3] + be(-6) + curv[7:])
bad('freesurfer-curv-trailing-bytes.curv', curv + b'\0\0\0\0')
bad('freesurfer-curv-empty.curv', b'')

annot = read('lh.tiny.annot')
ctab_at = 4 + 7 * 8
bad('freesurfer-annot-truncated-pairs.annot', annot[:30])
bad('freesurfer-annot-vertex-out-of-range.annot', annot[:4] + be(7) + annot[8:])
bad('freesurfer-annot-no-ctab.annot', annot[:ctab_at])
bad('freesurfer-annot-bad-tag.annot', annot[:ctab_at] + be(2) + annot[ctab_at + 4:])
bad('freesurfer-annot-ctab-version-3.annot', annot[:ctab_at + 4] + be(-3) + annot[ctab_at + 8:])
# Found by fuzz_annot: the version field -2^31, whose negation does not fit an int.
bad('freesurfer-annot-ctab-version-int-min.annot', annot[:ctab_at + 4] + be(-2**31) + annot[ctab_at + 8:])
bad('freesurfer-annot-ctab-lying-name-length.annot', annot[:ctab_at + 12] + be(0x7fff0000) + annot[ctab_at + 16:])
bad('freesurfer-annot-ctab-negative-name-length.annot', annot[:ctab_at + 12] + be(-7) + annot[ctab_at + 16:])
entries_at = ctab_at + 16 + len(b'NOFILE\0')
bad('freesurfer-annot-ctab-more-entries-than-max.annot', annot[:entries_at] + be(9) + annot[entries_at + 4:])
bad('freesurfer-annot-ctab-index-out-of-range.annot', annot[:entries_at + 4] + be(5) + annot[entries_at + 8:])
bad('freesurfer-annot-ctab-truncated.annot', annot[:-10])
bad('freesurfer-annot-ctab-colour-300.annot', annot[:-16] + be(300) + annot[-12:])
old = read('rh.old.annot')
bad('freesurfer-annot-old-ctab-huge-count.annot', old[:4 + 4 * 8 + 4] + be(0x7ffffff0) + old[4 + 4 * 8 + 8:])

label = read('lh.V1.label')
bad('freesurfer-label-non-numeric.label', label.replace(b'-2.000', b'-2.0x0'))
bad('freesurfer-label-too-few-rows.label', label.replace(b'\n3\n', b'\n4\n'))
bad('freesurfer-label-too-many-rows.label', label.replace(b'\n3\n', b'\n2\n'))
bad('freesurfer-label-four-fields.label', label.replace(b'7  1.000  -2.000  -0.125 0.7500000000',
                                                         b'7  1.000  -2.000  -0.125'))
bad('freesurfer-label-no-comment.label', label[label.index(b'\n') + 1:])
bad('freesurfer-label-count-not-a-number.label', label.replace(b'\n3\n', b'\nthree\n'))
bad('freesurfer-label-huge-count.label', label.replace(b'\n3\n', b'\n99999999999\n'))
bad('freesurfer-label-vertex-minus-5.label', label.replace(b'\n12  ', b'\n-5  '))
# Found by fuzz_label: a huge count on the last line, without a newline.
bad('freesurfer-label-count-without-newline.label', b'#!aq99 999\n1000100000000099 ')

mgh = read('vol.float3.mgh')
bad('mgh-truncated-data.mgh', mgh[:284 + 50])
bad('mgh-truncated-header.mgh', mgh[:100])
bad('mgh-version-2.mgh', be(2) + mgh[4:])
bad('mgh-type-long.mgh', mgh[:20] + be(2) + mgh[24:])
bad('mgh-zero-dimension.mgh', mgh[:8] + be(0) + mgh[12:])
bad('mgh-too-many-frames.mgh', mgh[:16] + be(20000) + mgh[20:])
bad('mgh-lying-dims.mgh', mgh[:4] + be(1024, 1024, 1024, 2) + mgh[20:])
bad('mgh-lying-dims.mgz', gzip.compress(mgh[:4] + be(1024, 1024, 512, 1) + mgh[20:]))
gz = gzip.compress(mgh)
bad('mgh-truncated-stream.mgz', gz[:len(gz) // 2])
bad('mgh-corrupt-deflate.mgz', gz[:12] + bytes(b ^ 0x5a for b in gz[12:40]) + gz[40:])
# A decompression bomb: a valid header and data, then 2 MiB of zeros behind them (compresses to about 2 KB).
bad('mgh-bomb-tail.mgz', gzip.compress(mgh + b'\0' * (2 << 20), compresslevel=9))
bad('mgh-not-gzip-not-mgh.mgz', b'\x1f\x8b' + b'not really gzip' * 4)
