#!/usr/bin/env bash
# DebPackageTest.sh BUILD_DIR SOURCE_DIR: the .deb installs into a staging folder and runs from there.
# Builds the package with cpack when it is missing or older than what it packs (otherwise reuses it), unpacks it
# with dpkg-deb -x into a temporary folder outside the build and source trees, and checks there:
#   - the control fields (name, section, Depends from shlibdeps naming Qt 6, VTK, ITK, LibTorch and OpenBLAS);
#   - the installed files (executables without a RUNPATH into the build, bundles, desktop file, metainfo, icons);
#   - `voxellens --version`, `voxellens render --demo -o x.png` (a PNG) and `voxellens models`, which must list
#     the demo bundles from the staging folder and never the source tree's plugins/.
# Needs an X display for the render (ctest under xvfb-run, as packaging/dev.sh test runs it).
set -euo pipefail
build="$(cd "$1" && pwd)"
source="$(cd "$2" && pwd)"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

deb="$(ls -t "$build"/package/voxellens_*.deb 2>/dev/null | head -1 || true)"
stale=""
if [ -n "$deb" ]; then
  stale="$(find "$build/bin/voxellens" "$build/bin/voxellens-full" "$source/cmake/Packaging.cmake" \
                "$source/resources" "$source/plugins" -newer "$deb" -print -quit)"
fi
if [ -z "$deb" ] || [ -n "$stale" ]; then
  echo "building the package (${stale:+$stale is newer than $deb}${deb:-none yet})"
  start=$(date +%s)
  mkdir -p "$build/package"
  (cd "$build" && cpack >"$build/package/cpack.log" 2>&1) || { cat "$build/package/cpack.log" >&2; echo "FAIL: cpack" >&2; exit 1; }
  echo "cpack took $(( $(date +%s) - start )) s"
  deb="$(ls -t "$build"/package/voxellens_*.deb | head -1)"
else
  echo "reusing $deb"
fi

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = voxellens ] || fail "Package is '$(field Package)', expected voxellens"
[ "$(field Section)" = science ] || fail "Section is '$(field Section)', expected science"
depends="$(field Depends)"
echo "Depends: $depends"
for needed in libqt6widgets6 libvtk9.1 libinsighttoolkit5.2 libtorch1.13 libopenblas0-pthread mricron-data \
              qt6-qpa-plugins; do
  grep -q "$needed" <<<"$depends" || fail "Depends lacks $needed"
done

stage="$(mktemp -d "${TMPDIR:-/tmp}/voxellens-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
dpkg-deb -x "$deb" "$stage"
prefix="$stage/usr"

for file in bin/voxellens bin/voxellens-full share/applications/voxellens.desktop \
            share/metainfo/io.github.voxellens.VoxelLens.metainfo.xml \
            share/icons/hicolor/scalable/apps/voxellens.svg share/icons/hicolor/48x48/apps/voxellens.png \
            share/voxellens/plugins/demo/image-encoder/model.json share/voxellens/plugins/demo/image-encoder/model.pt; do
  [ -s "$prefix/$file" ] || fail "the package lacks $file"
done
for executable in voxellens voxellens-full; do
  if readelf -d "$prefix/bin/$executable" | grep -E 'RPATH|RUNPATH' | grep -q -e "$build" -e "$source"; then
    fail "$executable keeps a RUNPATH into the build or source tree"
  fi
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$prefix/share/applications/voxellens.desktop" || fail "desktop-file-validate"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$prefix/share/metainfo/io.github.voxellens.VoxelLens.metainfo.xml" >/dev/null ||
    fail "appstreamcli validate"
fi

# Run from inside the staging folder with no bundle folder in the environment: what is found is the install's.
cd "$stage"
unset VOXELLENS_PLUGINS
version="$("$prefix/bin/voxellens" --version)" || fail "voxellens --version exited $?"
grep -q "^VoxelLens [0-9]" <<<"$version" || fail "voxellens --version printed: $version"

"$prefix/bin/voxellens" render --demo -o "$stage/x.png" || fail "voxellens render --demo exited $?"
if [ -s "$stage/x.png" ] && [ "$(head -c 8 "$stage/x.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
  echo "render --demo wrote a PNG of $(stat -c %s "$stage/x.png") bytes"
else
  fail "render --demo wrote no PNG"
fi

models="$("$prefix/bin/voxellens" models)" || fail "voxellens models exited $?"
echo "$models"
grep -qF "$prefix/share/voxellens/plugins" <<<"$models" || fail "models does not search the installed bundles"
grep -qF "$source/plugins" <<<"$models" && fail "models reads the source tree's plugins/"
for bundle in demo-clip-image demo-clip-text demo-clip-generator demo-category-judge; do
  grep -E "^$bundle .* ok .*$prefix/share/voxellens/plugins/demo/" <<<"$models" >/dev/null ||
    fail "models does not list $bundle as usable from the staging folder"
done

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "the package runs from $stage"
