#!/usr/bin/python3
"""Writes the tiny CIFTI-2 fixtures of tests/core/CiftiTest.cpp with nibabel, and the malformed cifti-* samples.
It also writes the malformed nifti-* samples of tests/core/NiftiWriterTest.cpp (damaged copies of a nibabel
NIfTI-1/2 image that readNifti must reject), since this is the script that already uses nibabel.

Run with Debian's /usr/bin/python3 (python3-nibabel). Layout repeated in CiftiTest.cpp:
  left  hemisphere: SurfaceNumberOfVertices 10, VertexIndices 0 1 2 4 5 7 9  (brainordinates 0..6)
  right hemisphere: SurfaceNumberOfVertices 8,  VertexIndices 0 2 3 5 6 7    (brainordinates 7..12)
  dscalar: maps 'alpha', 'beta'; value(map m, brainordinate b) = 100 * m + b + 0.25
  dlabel:  maps 'parcA', 'parcB'; key(m, b) = (b + m) % 3 + 1, tables below
"""
import os
import struct

import nibabel as nib
import numpy as np
from nibabel import cifti2 as ci

HERE = os.path.dirname(os.path.abspath(__file__))
MALFORMED = os.path.join(HERE, '..', 'malformed')

LEFT = [0, 1, 2, 4, 5, 7, 9]
RIGHT = [0, 2, 3, 5, 6, 7]
N = len(LEFT) + len(RIGHT)
LABELS = {  # key: (name, r, g, b, a)
    0: ('???', 1.0, 1.0, 1.0, 0.0),
    1: ('V1', 1.0, 0.0, 0.0, 1.0),
    2: ('V2', 0.0, 0.5, 0.0, 1.0),
    3: ('FFA & PPA', 0.25, 0.5, 0.75, 0.5),
}


def surface_models():
    return [
        ci.Cifti2BrainModel(index_offset=0, index_count=len(LEFT), model_type='CIFTI_MODEL_TYPE_SURFACE',
                            brain_structure='CIFTI_STRUCTURE_CORTEX_LEFT', n_surface_vertices=10,
                            vertex_indices=ci.Cifti2VertexIndices(LEFT)),
        ci.Cifti2BrainModel(index_offset=len(LEFT), index_count=len(RIGHT), model_type='CIFTI_MODEL_TYPE_SURFACE',
                            brain_structure='CIFTI_STRUCTURE_CORTEX_RIGHT', n_surface_vertices=8,
                            vertex_indices=ci.Cifti2VertexIndices(RIGHT)),
    ]


def voxel_model(offset):
    return ci.Cifti2BrainModel(index_offset=offset, index_count=2, model_type='CIFTI_MODEL_TYPE_VOXELS',
                               brain_structure='CIFTI_STRUCTURE_THALAMUS_LEFT',
                               voxel_indices_ijk=ci.Cifti2VoxelIndicesIJK([[1, 1, 1], [1, 2, 1]]))


def volume_element():
    affine = np.diag([2.0, 2.0, 2.0, 1.0])
    return ci.Cifti2Volume((3, 4, 3), ci.Cifti2TransformationMatrixVoxelIndicesIJKtoXYZ(-3, affine))


def scalar_map(names):
    return ci.Cifti2MatrixIndicesMap((0,), 'CIFTI_INDEX_TYPE_SCALARS', maps=[ci.Cifti2NamedMap(n) for n in names])


def save(name, row_map, models, data, intent, with_volume=False):
    maps = list(models) + ([volume_element()] if with_volume else [])
    bm = ci.Cifti2MatrixIndicesMap((1,), 'CIFTI_INDEX_TYPE_BRAIN_MODELS', maps=maps)
    matrix = ci.Cifti2Matrix()
    matrix.append(row_map)
    matrix.append(bm)
    img = ci.Cifti2Image(np.asarray(data, dtype=np.float32), ci.Cifti2Header(matrix))
    img.nifti_header.set_intent(intent)
    path = os.path.join(HERE, name)
    img.to_filename(path)
    return path


def main():
    scalars = [[100 * m + b + 0.25 for b in range(N)] for m in range(2)]
    dscalar = save('two.dscalar.nii', scalar_map(['alpha', 'beta']), surface_models(), scalars, 'ConnDenseScalar')

    named = []
    for name in ('parcA', 'parcB'):
        table = ci.Cifti2LabelTable()
        for key, (label, r, g, b, a) in LABELS.items():
            table[key] = ci.Cifti2Label(key, label, r, g, b, a)
        named.append(ci.Cifti2NamedMap(name, label_table=table))
    keys = [[(b + m) % 3 + 1 for b in range(N)] for m in range(2)]
    save('two.dlabel.nii', ci.Cifti2MatrixIndicesMap((0,), 'CIFTI_INDEX_TYPE_LABELS', maps=named),
         surface_models(), keys, 'ConnDenseLabel')

    mixed = [[100 * m + b + 0.25 for b in range(N + 2)] for m in range(2)]
    save('mixed.dscalar.nii', scalar_map(['alpha', 'beta']), surface_models() + [voxel_model(N)], mixed,
         'ConnDenseScalar', with_volume=True)
    save('volume_only.dscalar.nii', scalar_map(['alpha']), [voxel_model(0)], [[1.0, 2.0]], 'ConnDenseScalar',
         with_volume=True)

    write_malformed(dscalar)
    write_malformed_nifti()


def write_malformed_nifti():
    import gzip
    grid = np.arange(4 * 4 * 4, dtype=np.float32).reshape(4, 4, 4)
    n1 = nib.Nifti1Image(grid, np.diag([2.0, 2.0, 2.0, 1.0]))
    n1.header.set_data_dtype(np.float32)
    good = n1.to_bytes()          # 352-byte header + 256 bytes of data
    assert len(good) == 352 + 256
    n2 = nib.Nifti2Image(grid, np.diag([2.0, 2.0, 2.0, 1.0])).to_bytes()

    def patch(raw, offset, fmt, value):
        raw = bytearray(raw)
        struct.pack_into(fmt, raw, offset, value)
        return bytes(raw)

    samples = {
        'truncated-data.nii': good[:-10],
        'truncated-header.nii': good[:200],
        'lying-dims.nii': patch(good, 42, '<h', 300),              # dim[1] 4 -> 300: data far too short
        'huge-dims.nii': patch(patch(patch(good, 42, '<h', 30000), 44, '<h', 30000), 46, '<h', 30000),
        'bad-sizeof-hdr.nii': patch(good, 0, '<i', 1234),
        'bad-datatype.nii': patch(good, 70, '<h', 1234),
        'complex-datatype.nii': patch(patch(patch(good, 70, '<h', 32), 72, '<h', 64), 46, '<h', 2),  # fits
        'vox-offset-beyond-file.nii': patch(good, 108, '<f', 1.0e6),
        'nifti2-lying-dims.nii': patch(n2, 16 + 8, '<q', 1 << 40),  # NIfTI-2 dim[1] = 2^40
        'nifti2-truncated-data.nii': n2[:-7],
    }
    compressed = gzip.compress(good, mtime=0)  # mtime 0: the same bytes on every run
    samples['truncated.nii.gz'] = compressed[:len(compressed) // 2]
    for name, raw in samples.items():
        with open(os.path.join(MALFORMED, 'nifti-' + name), 'wb') as f:
            f.write(raw)


def split(path):
    """(540-byte header, XML text, data bytes) of a nibabel-written CIFTI file with one extension."""
    raw = open(path, 'rb').read()
    header = bytearray(raw[:540])
    esize, ecode = struct.unpack('<ii', raw[544:552])
    assert ecode == 32
    xml = raw[552:544 + esize].rstrip(b'\0')
    vox_offset = struct.unpack('<q', raw[168:176])[0]
    return header, xml, raw[vox_offset:]


def assemble(header, xml, data, ecode=32, esize=None):
    body = xml + b'\0' * ((-(len(xml) + 8)) % 16)
    size = len(body) + 8 if esize is None else esize
    header = bytearray(header)
    struct.pack_into('<q', header, 168, 544 + len(body) + 8)
    return bytes(header) + b'\x01\0\0\0' + struct.pack('<ii', size, ecode) + body + data


def with_dim(header, index, value):
    header = bytearray(header)
    struct.pack_into('<q', header, 16 + 8 * index, value)
    return header


def write_malformed(dscalar):
    header, xml, data = split(dscalar)
    samples = {
        'bad-xml': assemble(header, xml.replace(b'</Matrix>', b'</Matrx>'), data),
        'doctype-entities': assemble(header, b'<!DOCTYPE CIFTI [<!ENTITY a "aaaaaaaaaa">]>' + xml, data),
        'wrong-ecode': assemble(header, xml, data, ecode=6),
        'counts-beyond-matrix': assemble(header, xml.replace(b'IndexOffset="7" IndexCount="6"',
                                                             b'IndexOffset="9" IndexCount="6"'), data),
        'index-count-mismatch': assemble(header, xml.replace(b'>0 2 3 5 6 7<', b'>0 2 3 5 6<'), data),
        'vertex-out-of-range': assemble(header, xml.replace(b'>0 1 2 4 5 7 9<', b'>0 1 2 4 5 7 19<'), data),
        'duplicate-vertex': assemble(header, xml.replace(b'>0 1 2 4 5 7 9<', b'>0 1 2 4 5 7 7<'), data),
        'map-count-mismatch': assemble(header, xml.replace(b'<NamedMap><MapName>beta</MapName></NamedMap>', b''),
                                       data),
        'truncated-data': assemble(header, xml, data[:-6]),
        'lying-dims': assemble(with_dim(header, 6, 1 << 40), xml, data),
        'extension-beyond-file': assemble(header, xml, data, esize=1 << 20),
        'no-brain-models': assemble(header, xml[:xml.index(b'<MatrixIndicesMap AppliesToMatrixDimension="1"')] +
                                    b'</Matrix></CIFTI>', data),
        'cifti1-version': assemble(header, xml.replace(b'Version="2.0"', b'Version="1.0"'), data),
        'nifti1-header': open(dscalar, 'rb').read()[:100],
    }
    # A plain NIfTI-1 image is not a CIFTI file either.
    img = nib.Nifti1Image(np.zeros((2, 2, 2), dtype=np.float32), np.eye(4))
    nifti1 = os.path.join(MALFORMED, 'cifti-nifti1-image.dscalar.nii')
    img.to_filename(nifti1)
    del samples['nifti1-header']
    samples['truncated-header'] = open(dscalar, 'rb').read()[:300]
    for name, raw in samples.items():
        with open(os.path.join(MALFORMED, 'cifti-%s.dscalar.nii' % name), 'wb') as f:
            f.write(raw)


if __name__ == '__main__':
    main()
