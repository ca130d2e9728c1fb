#!/bin/sh
# Regenerates the vol2surf fixtures: tiny volumes and surfaces made with nibabel (Debian's python3-nibabel), and
# the metric files Connectome Workbench 1.5.0 (Debian's connectome-workbench) maps from them. The tests compare
# sampleVolumeAtVertices against these metrics, so they need neither nibabel nor wb_command.
#   oblique.nii       12x10x8 float32, sform = flipped x, rotations about z and x, voxels 2 x 2.5 x 3 mm
#   oblique.surf.gii  301 vertices: random points across and beyond the volume, points in the 0.01-voxel band
#                     Workbench's trilinear accepts beyond the outer centres, points between the outer centres
#                     and the volume's faces, points exactly on half-voxel boundaries and on the 0.01 band's edge
#   slab.nii          6x5x1 float32 (one slice: Workbench samples it with the enclosing voxel even for -trilinear)
#   slab.surf.gii     80 vertices in and around it
#   <volume>.<method>.func.gii   wb_command -volume-to-surface-mapping <volume> <surface> out -<method>
# Run from anywhere: sh tests/data/vol2surf/make_fixtures.sh
set -eu
cd "$(dirname "$0")"
/usr/bin/python3 - <<'PY'
import numpy as np, nibabel as nib
from nibabel.gifti import GiftiImage, GiftiDataArray, GiftiMetaData

rng = np.random.default_rng(20240611)

def rot(axis, degrees):
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    i, j = [(1, 2), (0, 2), (0, 1)][axis]
    r = np.eye(3); r[i, i] = c; r[i, j] = -s; r[j, i] = s; r[j, j] = c
    return r

def save_volume(name, data, affine):
    img = nib.Nifti1Image(data.astype(np.float32), affine)
    img.header.set_sform(affine, code=1)
    img.header.set_qform(None, code=0)  # the sform alone places it
    nib.save(img, name)
    return img.header.get_sform()  # what readers see: the sform rounded to float32

def save_surface(name, world):
    world = world.astype(np.float32)
    n = len(world)
    tri = np.array([[i, (i + 1) % n, (i + 2) % n] for i in range(n)], np.int32)  # any valid triangles will do
    meta = GiftiMetaData(AnatomicalStructurePrimary='CortexLeft', GeometricType='Anatomical')
    g = GiftiImage()
    g.add_gifti_data_array(GiftiDataArray(world, intent='NIFTI_INTENT_POINTSET', datatype='NIFTI_TYPE_FLOAT32', meta=meta))
    g.add_gifti_data_array(GiftiDataArray(tri, intent='NIFTI_INTENT_TRIANGLE', datatype='NIFTI_TYPE_INT32'))
    nib.save(g, name)

def to_world(affine, idx):
    return idx @ affine[:3, :3].T + affine[:3, 3]

# -- oblique volume
dims = np.array([12, 10, 8])
i, j, k = np.meshgrid(*[np.arange(d) for d in dims], indexing='ij')
data = 10 * np.sin(0.7 * i) + 3.0 * j - 0.4 * k * k + 0.01 * i * j * k + rng.normal(0, 1, dims)
lin = rot(2, 20) @ rot(0, 10) @ np.diag([-2.0, 2.5, 3.0])  # x flipped: negative determinant
affine = np.eye(4); affine[:3, :3] = lin; affine[:3, 3] = [31.5, -12.25, 4.75]
affine = save_volume('oblique.nii', data, affine)

pts = [rng.uniform(-1.6, dims - 0.4, size=(200, 3))]  # across the volume and up to 1.1 voxels beyond
for a in range(3):
    for offset in [-0.005, -0.009, -0.012, -0.3, -0.5, -0.6]:  # low side: band, past band, half voxel, beyond
        for hi_side in (False, True):
            p = rng.uniform(0, dims - 1, size=(2, 3))
            p[:, a] = (dims[a] - 1 - offset) if hi_side else offset
            pts.append(p)
    half = rng.uniform(0, dims - 1, size=(6, 3))  # exactly on half-voxel boundaries along axis a
    half[:, a] = rng.integers(-1, dims[a], size=6) + 0.5
    pts.append(half)
    band = rng.uniform(0, dims - 1, size=(2, 3))  # exactly on the edge of the 0.01 band
    band[:, a] = [-0.01, dims[a] - 1 + 0.01]
    pts.append(band)
pts.append(np.array([[0, 0, 0], dims - 1, [5, 4, 3], [-20, 3, 3], [100, 100, 100]], float))
idx = np.concatenate(pts)
save_surface('oblique.surf.gii', to_world(affine, idx))

# -- one-slice volume, axis-aligned, y flipped
sdims = np.array([6, 5, 1])
sdata = np.arange(30, dtype=float).reshape(6, 5, 1) * 1.5 - 7
saffine = np.diag([1.5, -2.0, 4.0, 1.0]); saffine[:3, 3] = [-4, 6, 10]
saffine = save_volume('slab.nii', sdata, saffine)
sidx = rng.uniform([-1, -1, -0.6], [6, 5, 0.6], size=(80, 3)) 
save_surface('slab.surf.gii', to_world(saffine, sidx))
PY
for v in oblique slab; do
  for m in trilinear enclosing; do
    wb_command -volume-to-surface-mapping $v.nii $v.surf.gii $v.$m.func.gii -$m
    # Workbench records the absolute working directory in the metadata; keep this machine's path out of git.
    sed -i "s|<!\[CDATA\[$(pwd)\]\]>|<![CDATA[tests/data/vol2surf]]>|" $v.$m.func.gii
  done
done
