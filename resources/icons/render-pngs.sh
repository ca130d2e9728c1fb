#!/usr/bin/env bash
# Renders the PNG sizes of the application icon from its SVG into the hicolor layout the install copies as is
# (share/icons/hicolor/<N>x<N>/apps/voxellens.png). The PNGs are committed so that a build needs no SVG renderer;
# run this after editing the SVG (rsvg-convert: Debian's librsvg2-bin, packaging/debian-packages.txt).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svg="$here/hicolor/scalable/apps/voxellens.svg"
for size in 16 22 24 32 48 64 128 256; do
  mkdir -p "$here/hicolor/${size}x${size}/apps"
  rsvg-convert -w "$size" -h "$size" "$svg" -o "$here/hicolor/${size}x${size}/apps/voxellens.png"
done
