#!/usr/bin/python3
"""Makes the tiny GIfTI fixtures of tests/core/GiftiTest.cpp and the malformed samples of tests/data/malformed.

Run with Debian's /usr/bin/python3 (python3-nibabel 5.0), from any folder:  /usr/bin/python3 make_fixtures.py
nibabel writes the ASCII, Base64Binary, GZipBase64Binary and ColumnMajorOrder files itself. It cannot write
big-endian or external-file data, so those two files are nibabel's Base64Binary XML with the data block (and
attributes) rewritten here, and then read back with nibabel to prove nibabel understands them. Every value the C++
test compares against is printed below (and is a literal in the test).
"""
import base64
import os
import re
import zlib

import numpy as np
import nibabel as nib
from nibabel.gifti import GiftiCoordSystem, GiftiDataArray, GiftiImage, GiftiLabel, GiftiLabelTable, GiftiMetaData

HERE = os.path.dirname(os.path.abspath(__file__))
MALFORMED = os.path.join(HERE, '..', 'malformed')

# A tetrahedron: 4 vertices, 4 triangles. Values chosen so that ASCII's "%10.6f" loses nothing.
COORDS = np.array([[1.5, -2.25, 3.0], [-10.125, 0.5, 7.75], [0.1, 20.0, -3.5], [4.0, 5.0, -6.25]], np.float32)
FACES = np.array([[0, 1, 2], [0, 3, 1], [1, 3, 2], [2, 3, 0]], np.int32)
AFFINE = np.array([[1, 0, 0, -1.5], [0, 2, 0, 3.25], [0, 0, 1, 0.5], [0, 0, 0, 1]], np.float64)

# Functional data on 5 vertices.
THICKNESS = np.array([2.5, 3.0, 1.75, -0.5, 4.125], np.float32)
SERIES = np.array([0.1, 0.2, 0.3, 1e-3, -7.0], np.float32)
COUNTS = np.array([1, -2, 300000, 0, 7], np.int32)
BYTES = np.array([0, 1, 127, 255, 9], np.uint8)
# 2-D arrays stored column-major: value (i, j) = 10 i + j + 0.5 and 100 i + j.
GRID = (np.arange(5)[:, None] * 10 + np.arange(3)[None, :] + 0.5).astype(np.float32)
IGRID = (np.arange(5)[:, None] * 100 + np.arange(2)[None, :]).astype(np.int32)

LABEL_KEYS = np.array([0, 1, 1, 7, 0, 7], np.int32)
LABELS = [(0, '???', (0.0, 0.0, 0.0, 0.0)), (1, 'V1 & V2', (1.0, 0.0, 0.0, 1.0)),
          (7, '<area> "x"', (0.2, 0.4, 0.6, 0.8))]


def path(name):
    return os.path.join(HERE, name)


def surface_image(encoding, ordering='C'):
    coordsys = GiftiCoordSystem(dataspace=0, xformspace=3, xform=AFFINE)
    points = GiftiDataArray(COORDS, intent='NIFTI_INTENT_POINTSET', datatype='NIFTI_TYPE_FLOAT32', encoding=encoding,
                            ordering=ordering, coordsys=coordsys,
                            meta={'AnatomicalStructurePrimary': 'CortexRight', 'GeometricType': 'Inflated'})
    faces = GiftiDataArray(FACES, intent='NIFTI_INTENT_TRIANGLE', datatype='NIFTI_TYPE_INT32', encoding=encoding,
                           ordering=ordering)
    return GiftiImage(darrays=[points, faces], meta=GiftiMetaData({'Creator': 'make_fixtures.py', 'Note': 'a < b & c'}))


def check_surface(name):
    img = nib.load(path(name))
    assert np.array_equal(img.darrays[0].data, COORDS), name
    assert np.array_equal(img.darrays[1].data, FACES), name
    assert np.allclose(img.darrays[0].coordsys.xform, AFFINE), name


def make_surfaces():
    for encoding, name in [('GIFTI_ENCODING_ASCII', 'tetra.ascii.surf.gii'),
                           ('GIFTI_ENCODING_B64BIN', 'tetra.base64.surf.gii'),
                           ('GIFTI_ENCODING_B64GZ', 'tetra.gzip.surf.gii')]:
        surface_image(encoding).to_filename(path(name))
        check_surface(name)
    surface_image('GIFTI_ENCODING_B64GZ', 'F').to_filename(path('tetra.colmajor.surf.gii'))
    check_surface('tetra.colmajor.surf.gii')
    assert b'ColumnMajorOrder' in open(path('tetra.colmajor.surf.gii'), 'rb').read()

    # Big-endian: nibabel's base64 XML with the data blocks replaced by big-endian bytes.
    xml = surface_image('GIFTI_ENCODING_B64BIN').to_xml().decode()
    blocks = iter([base64.b64encode(COORDS.astype('>f4').tobytes()).decode(),
                   base64.b64encode(FACES.astype('>i4').tobytes()).decode()])
    xml = re.sub(r'<Data>[^<]*</Data>', lambda m: '<Data>' + next(blocks) + '</Data>', xml)
    xml = xml.replace('Endian="LittleEndian"', 'Endian="BigEndian"')
    open(path('tetra.bigendian.surf.gii'), 'w').write(xml)
    check_surface('tetra.bigendian.surf.gii')

    # External file: 16 bytes of padding, the coordinates at offset 16, the faces right after (offset 64).
    xml = surface_image('GIFTI_ENCODING_B64BIN').to_xml().decode()
    offsets = iter(['16', '64'])
    xml = re.sub(r'ExternalFileOffset="[^"]*"', lambda m: 'ExternalFileOffset="%s"' % next(offsets), xml)
    xml = xml.replace('ExternalFileName=""', 'ExternalFileName="tetra.external.dat"')
    xml = xml.replace('Encoding="Base64Binary"', 'Encoding="ExternalFileBinary"')
    xml = re.sub(r'<Data>[^<]*</Data>', '<Data></Data>', xml)
    open(path('tetra.external.surf.gii'), 'w').write(xml)
    open(path('tetra.external.dat'), 'wb').write(b'PADDINGPADDING!!' + COORDS.astype('<f4').tobytes() +
                                                 FACES.astype('<i4').tobytes())
    check_surface('tetra.external.surf.gii')


def make_functional():
    arrays = [
        GiftiDataArray(THICKNESS, intent='NIFTI_INTENT_SHAPE', datatype='NIFTI_TYPE_FLOAT32',
                       encoding='GIFTI_ENCODING_ASCII', meta={'Name': 'thickness'}),
        GiftiDataArray(SERIES, intent='NIFTI_INTENT_TIME_SERIES', datatype='NIFTI_TYPE_FLOAT32',
                       encoding='GIFTI_ENCODING_B64BIN'),
        GiftiDataArray(COUNTS, intent='NIFTI_INTENT_NONE', datatype='NIFTI_TYPE_INT32',
                       encoding='GIFTI_ENCODING_B64GZ', meta={'Name': 'count'}),
        GiftiDataArray(BYTES, intent='NIFTI_INTENT_ZSCORE', datatype='NIFTI_TYPE_UINT8',
                       encoding='GIFTI_ENCODING_B64GZ'),
    ]
    GiftiImage(darrays=arrays, meta=GiftiMetaData({'AnatomicalStructurePrimary': 'CortexLeft'})).to_filename(
        path('sample.func.gii'))
    img = nib.load(path('sample.func.gii'))
    for array, expected in zip(img.darrays, [THICKNESS, SERIES, COUNTS, BYTES]):
        assert np.array_equal(array.data, expected)

    arrays = [
        GiftiDataArray(GRID, intent='NIFTI_INTENT_TIME_SERIES', datatype='NIFTI_TYPE_FLOAT32',
                       encoding='GIFTI_ENCODING_B64GZ', ordering='F', meta={'Name': 'grid'}),
        GiftiDataArray(IGRID, intent='NIFTI_INTENT_NONE', datatype='NIFTI_TYPE_INT32',
                       encoding='GIFTI_ENCODING_B64BIN', ordering='F'),
    ]
    GiftiImage(darrays=arrays).to_filename(path('series.colmajor.func.gii'))
    img = nib.load(path('series.colmajor.func.gii'))
    assert np.array_equal(img.darrays[0].data, GRID) and np.array_equal(img.darrays[1].data, IGRID)


def make_labels():
    table = GiftiLabelTable()
    for key, name, rgba in LABELS:
        label = GiftiLabel(key, *rgba)
        label.label = name
        table.labels.append(label)
    array = GiftiDataArray(LABEL_KEYS, intent='NIFTI_INTENT_LABEL', datatype='NIFTI_TYPE_INT32',
                           encoding='GIFTI_ENCODING_B64GZ', meta={'Name': 'parcels'})
    GiftiImage(darrays=[array], labeltable=table,
               meta=GiftiMetaData({'AnatomicalStructurePrimary': 'CortexRight'})).to_filename(path('sample.label.gii'))
    img = nib.load(path('sample.label.gii'))
    assert np.array_equal(img.darrays[0].data, LABEL_KEYS)
    assert img.labeltable.get_labels_as_dict() == {k: n for k, n, _ in LABELS}


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode()


def gz64(raw):
    return base64.b64encode(zlib.compress(raw)).decode()


def one_array(data, dims=(4,), datatype='NIFTI_TYPE_FLOAT32', encoding='Base64Binary', extra='', root='GIFTI',
              count=1, intent='NIFTI_INTENT_SHAPE'):
    dim_attrs = ' '.join('Dim%d="%s"' % (i, d) for i, d in enumerate(dims))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<%s Version="1.0" NumberOfDataArrays="%d">\n'
            ' <DataArray Intent="%s" DataType="%s" ArrayIndexingOrder="RowMajorOrder" Dimensionality="%d" %s'
            ' Encoding="%s" Endian="LittleEndian" ExternalFileName="" ExternalFileOffset=""%s>\n'
            '  <Data>%s</Data>\n </DataArray>\n</%s>\n' % (root, count, intent, datatype, len(dims), dim_attrs,
                                                         encoding, extra, data, root))


def make_malformed():
    os.makedirs(MALFORMED, exist_ok=True)
    four = np.array([1, 2, 3, 4], np.float32)
    good = open(path('tetra.gzip.surf.gii')).read()
    samples = {
        'gifti-empty.gii': '',
        'gifti-truncated.gii': good[:len(good) // 2],
        'gifti-bad-xml.gii': good.replace('</MetaData>', '</MetaDat>', 1),
        'gifti-wrong-root.gii': one_array(b64(four), root='NIFTI'),
        'gifti-unknown-encoding.gii': one_array(b64(four), encoding='Base85Binary'),
        'gifti-unknown-datatype.gii': one_array(b64(four), datatype='NIFTI_TYPE_FLOAT64'),
        'gifti-lying-dims.gii': one_array(b64(four), dims=(5,)),
        'gifti-huge-dims.gii': one_array(b64(four), dims=(4000000000,)),
        'gifti-too-many-elements.gii': one_array(b64(four), dims=(65536, 65536)),
        'gifti-missing-dim.gii': one_array(b64(four), dims=(4,)).replace('Dimensionality="1"', 'Dimensionality="2"'),
        'gifti-bad-base64.gii': one_array(b64(four)[:4] + '*' + b64(four)[5:]),
        'gifti-corrupt-gzip.gii': one_array(b64(np.arange(8, dtype=np.uint8)), encoding='GZipBase64Binary'),
        # A zip bomb: 2 MB of zeros in about 2 KB, inside an array that promises 16 bytes.
        'gifti-gzip-bomb.gii': one_array(gz64(bytes(2 << 20)), encoding='GZipBase64Binary'),
        # A lying header: 2^28 floats promised, a few compressed bytes given.
        'gifti-gzip-lying-size.gii': one_array(gz64(four.tobytes()), dims=(268435456,), encoding='GZipBase64Binary'),
        'gifti-ascii-short.gii': one_array('1 2 3', encoding='ASCII'),
        'gifti-ascii-not-number.gii': one_array('1 2 three 4', encoding='ASCII'),
        'gifti-missing-external.gii': one_array('', encoding='ExternalFileBinary').replace(
            'ExternalFileName=""', 'ExternalFileName="gifti-no-such-file.dat"'),
        # The external file exists (this very file) but is far shorter than offset + 16 bytes.
        'gifti-external-short.gii': one_array('', encoding='ExternalFileBinary').replace(
            'ExternalFileName=""', 'ExternalFileName="gifti-external-short.gii"').replace(
            'ExternalFileOffset=""', 'ExternalFileOffset="100000"'),
        'gifti-count-mismatch.gii': one_array(b64(four), count=3),
        'gifti-entity.gii': '<?xml version="1.0"?>\n<!DOCTYPE GIFTI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                            '<GIFTI Version="1.0" NumberOfDataArrays="0"><MetaData><MD><Name>x</Name>'
                            '<Value>&b;</Value></MD></MetaData></GIFTI>\n',
        'gifti-bad-matrix.gii': one_array(b64(four), extra='').replace(
            '  <Data>', '  <CoordinateSystemTransformMatrix><DataSpace>NIFTI_XFORM_UNKNOWN</DataSpace>'
            '<TransformedSpace>NIFTI_XFORM_UNKNOWN</TransformedSpace><MatrixData>1 0 0 0 0 1 0 0 0 0 1 0 0 0 0'
            '</MatrixData></CoordinateSystemTransformMatrix>\n  <Data>'),
        'gifti-no-data.gii': one_array(b64(four)).replace('  <Data>%s</Data>\n' % b64(four), ''),
    }
    # A surface whose second triangle refers to vertex 9 of 4.
    bad_faces = FACES.copy()
    bad_faces[1, 2] = 9
    xml = surface_image('GIFTI_ENCODING_B64BIN').to_xml().decode()
    blocks = iter([b64(COORDS), b64(bad_faces)])
    samples['gifti-bad-triangle.gii'] = re.sub(r'<Data>[^<]*</Data>', lambda m: '<Data>' + next(blocks) + '</Data>', xml)
    for name, text in samples.items():
        open(os.path.join(MALFORMED, name), 'w').write(text)
    return sorted(samples)


if __name__ == '__main__':
    make_surfaces()
    make_functional()
    make_labels()
    names = make_malformed()
    print('coordinates', COORDS.tolist())
    print('faces', FACES.tolist())
    print('affine', AFFINE.tolist())
    print('thickness', THICKNESS.tolist(), 'series', SERIES.tolist(), 'counts', COUNTS.tolist(), 'bytes', BYTES.tolist())
    print('grid', GRID.tolist())
    print('igrid', IGRID.tolist())
    print('label keys', LABEL_KEYS.tolist(), 'labels', LABELS)
    print('malformed', names)
    for name in sorted(os.listdir(HERE)):
        print('%8d  %s' % (os.path.getsize(path(name)), name))
