#!/usr/bin/env python3
"""Writes the malformed study.json corpus: one folder per case holding study.json and expected.txt, a phrase the
error must contain (the field it names or the problem). Run from this folder; the output is committed."""
import copy
import json
import pathlib
import shutil

VALID = {
    "format": "voxellens-study", "version": 1, "name": "malformed sample", "subject": "s1",
    "columns": {"kind": "surface", "hemispheres": [
        {"name": "lh", "vertices": 4, "surfaces": {"white": "surf/lh.white.gii"}}]},
}


def case(name, expected, manifest=None, text=None):
    folder = pathlib.Path(name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "study.json").write_bytes(text if text is not None else json.dumps(manifest, indent=1).encode())
    (folder / "expected.txt").write_text(expected + "\n")


def edit(change):
    manifest = copy.deepcopy(VALID)
    change(manifest)
    return manifest


def hemisphere(manifest):
    return manifest["columns"]["hemispheres"][0]


case("empty", "not valid JSON", text=b"")
case("truncated", "not valid JSON", text=json.dumps(VALID).encode()[:90])
case("utf16", "not valid JSON", text=json.dumps(VALID).encode("utf-16"))
case("top-level-array", "expected a JSON object", text=b"[1, 2, 3]")
case("deep-nesting", "expected a JSON object", text=b"[" * 50000 + b"]" * 50000)
case("wrong-format", "format", edit(lambda m: m.update(format="voxellens-model")))
case("newer-version", "this VoxelLens reads version 1", edit(lambda m: m.update(version=7)))
case("version-as-string", "version", edit(lambda m: m.update(version="1")))
case("no-columns", "columns", edit(lambda m: m.pop("columns")))
case("unknown-column-kind", "columns.kind", edit(lambda m: m["columns"].update(kind="cifti")))
case("no-hemispheres", "expected at least one hemisphere", edit(lambda m: m["columns"].update(hemispheres=[])))
case("hemisphere-name", "expected \"lh\" or \"rh\"", edit(lambda m: hemisphere(m).update(name="xh")))
case("vertices-negative", "columns.hemispheres[0].vertices", edit(lambda m: hemisphere(m).update(vertices=-4)))
case("vertices-huge", "more than the largest supported", edit(lambda m: hemisphere(m).update(vertices=2**62)))
case("vertices-overflow", "number overflow",
     text=json.dumps(VALID).replace('"vertices": 4', '"vertices": 1e400').encode())
case("vertices-fraction", "columns.hemispheres[0].vertices", edit(lambda m: hemisphere(m).update(vertices=4.5)))
case("columns-beyond-vertices", "more than the 4 vertices",
     edit(lambda m: hemisphere(m).update(columns=9, column_vertices="columns/lh.vertices.npy")))
case("surface-not-a-name", "surfaces.white", edit(lambda m: hemisphere(m)["surfaces"].update(white=3)))
case("missing-surface", "columns.hemispheres[0].surfaces.white", VALID)
case("stimuli-count-huge", "stimuli.count",
     edit(lambda m: m.update(stimuli={"count": 2**40, "images": "stimuli/images.npy"})))
case("field-of-view-nan", "not valid JSON",
     text=json.dumps(edit(lambda m: m.update(stimuli={"count": 2, "images": "i.npy", "field_of_view_deg": 1})))
     .replace('"field_of_view_deg": 1', '"field_of_view_deg": NaN').encode())
case("field-of-view-negative", "field_of_view_deg",
     edit(lambda m: m.update(stimuli={"count": 2, "images": "i.npy", "field_of_view_deg": -8})))
case("repeats-huge", "responses.train.repeats",
     edit(lambda m: m.update(responses={"train": {"betas": "b.npy", "stimulus": "s.npy", "repeats": 10**9}})))
case("layers-not-array", "layers", edit(lambda m: m.update(layers={"file": "x.gii"})))
case("layer-without-file", "layers[0].file", edit(lambda m: m.update(layers=[{"name": "Curvature"}])))
