#!/usr/bin/env python3
"""Writes the malformed model.json corpus: one folder per case holding model.json and expected.txt, a phrase the
error must contain. Run from this folder; the output is committed. The valid base is the demo image embedder's
manifest without its TorchScript file (every case fails before the file would be opened)."""
import copy
import json
import pathlib
import shutil

VALID = {
    "format": "voxellens-model", "version": 1, "name": "malformed-sample", "kind": "image_embedder",
    "torchscript": "model.pt", "torch_version": "1.13.0",
    "input": {"shape": [-1, 3, 64, 64], "dtype": "float32", "value_range": [0.0, 1.0],
              "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
    "output": {"shape": [-1, 128], "normalized": True},
}


def case(name, expected, manifest=None, text=None):
    folder = pathlib.Path(name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "model.json").write_bytes(text if text is not None else json.dumps(manifest, indent=1).encode())
    (folder / "expected.txt").write_text(expected + "\n")


def edit(change):
    manifest = copy.deepcopy(VALID)
    change(manifest)
    return manifest


case("empty", "not valid JSON", text=b"")
case("truncated", "not valid JSON", text=json.dumps(VALID).encode()[:120])
case("top-level-string", "expected a JSON object", text=b'"model"')
case("deep-nesting", "expected a JSON object", text=b'[' * 50000 + b']' * 50000)
case("wrong-format", "format", edit(lambda m: m.update(format="voxellens-study")))
case("newer-version", "this VoxelLens reads version 1", edit(lambda m: m.update(version=2)))
case("empty-name", "name", edit(lambda m: m.update(name="")))
case("unknown-kind", "unknown kind", edit(lambda m: m.update(kind="diffusion_model")))
case("torchscript-escapes", "must stay inside the bundle folder", edit(lambda m: m.update(torchscript="../x.pt")))
case("torch-version-words", "torch_version", edit(lambda m: m.update(torch_version="latest")))
case("sha256-short", "64 hexadecimal digits", edit(lambda m: m.update(sha256="abc123")))
case("shape-batch-not-minus-one", "must be -1", edit(lambda m: m["input"].update(shape=[8, 3, 64, 64])))
case("shape-zero", "must be positive", edit(lambda m: m["input"].update(shape=[-1, 3, 0, 64])))
case("shape-huge", "values per sample", edit(lambda m: m["input"].update(shape=[-1, 3, 2**31, 2**31])))
case("shape-not-integers", "expected integers", edit(lambda m: m["input"].update(shape=[-1, 3, 64.5, 64])))
case("image-four-channels", "expected 3 channels", edit(lambda m: m["input"].update(shape=[-1, 4, 64, 64])))
case("wrong-dtype", "dtype", edit(lambda m: m["input"].update(dtype="int64")))
case("value-range-reversed", "expected low < high", edit(lambda m: m["input"].update(value_range=[1.0, 0.0])))
case("std-zero", "std", edit(lambda m: m["input"].update(std=[0.25, 0.0, 0.25])))
case("std-nan", "not valid JSON", text=json.dumps(VALID).replace('"std": [0.25, 0.25, 0.25]', '"std": [0.25, NaN, 0.25]')
     .encode())
case("classifier-duplicate-label", "appears twice",
     edit(lambda m: m.update(kind="image_classifier", output={"shape": [-1, 2], "labels": ["face", "face"]})))
case("classifier-label-count", "category names",
     edit(lambda m: m.update(kind="image_classifier", output={"shape": [-1, 3], "labels": ["face", "place"]})))
