#!/usr/bin/env bash
# VoxelLens developer entry point.
#   packaging/dev.sh deps    install the Debian 12 packages in packaging/debian-packages.txt that are missing
#   packaging/dev.sh build   configure and build into build/ (Release; ccache when installed)
#   packaging/dev.sh run     deps + build + start the viewer on the demo brain (extra arguments go to voxellens)
#   packaging/dev.sh test    deps + build + all tests (under xvfb-run when there is no display; cache in build/test-cache)
#   packaging/dev.sh test --asan | --tsan   the same in build-asan/ (AddressSanitizer + UndefinedBehaviorSanitizer)
#                            or build-tsan/ (ThreadSanitizer; LibTorch and OpenBLAS on one thread), CMakePresets.json
#   packaging/dev.sh fuzz [SECONDS] [TARGET...]   deps + every fuzz target (tests/fuzz), or the TARGETs named, built
#                            with clang's libFuzzer in build-fuzz/ and run SECONDS each (default 60), two at a time;
#                            corpus kept in build-fuzz/corpus/
#   packaging/dev.sh test-cluster   deps + build + Debian's Slurm and munge, then a one-node Slurm cluster on loopback
#                            runs packaging/cluster/fit-array.sbatch and checks the merged fit (as root; a few minutes)
#   packaging/dev.sh package deps + build of the two executables + the Debian package build/package/voxellens_*.deb
#                            (cpack; Depends from dpkg-shlibdeps); `ctest -L package` in build/ checks it unpacked
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VOXELLENS_BUILD_DIR:-$root/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "dev.sh: need root or sudo to install packages: $*" >&2; exit 1
  fi
}

package_list() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$root/packaging/debian-packages.txt" | awk '{print $1}'; }

deps() {
  local missing=()
  for package in $(package_list); do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "dev.sh: all $(package_list | wc -l) Debian packages are installed"
    return
  fi
  echo "dev.sh: installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# build [preset]: the Release build into $build, or a sanitizer preset of CMakePresets.json into its own folder.
build() {
  local launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ -n "${1:-}" ]; then
    (cd "$root" && cmake --preset "$1" "${launcher[@]}" -Wno-dev >/dev/null)
    cmake --build "$root/build-$1" -j "$jobs"
    return
  fi
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" -Wno-dev >/dev/null
  cmake --build "$build" -j "$jobs"
}

with_display() {
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then "$@"
  # -noreset: by default the X server resets when its last client disconnects, and a test that closes one VTK
  # window and opens the next in that moment gets "bad X server connection" (seen on fresh roots).
  else xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$@"
  fi
}

run() {
  deps
  build
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "dev.sh: no display (DISPLAY is not set); start a desktop session or use 'packaging/dev.sh test'" >&2
    exit 2
  fi
  exec "$build/bin/voxellens" "$@"
}

test_all() {
  local sanitizer=""
  case "${1:-}" in
    "") ;;
    --asan) sanitizer=asan ;;
    --tsan) sanitizer=tsan ;;
    *) echo "usage: packaging/dev.sh test [--asan|--tsan]" >&2; exit 2 ;;
  esac
  deps
  build "$sanitizer"
  if [ -n "$sanitizer" ]; then
    build="$root/build-$sanitizer"
    local suppressions="$root/packaging/sanitizers"
    # Stop at the first report, with a stack; leaks and races in uninstrumented third-party code are suppressed
    # by name in packaging/sanitizers/ (each entry says why).
    export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1"
    export LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0"
    # UBSan's checks are compiled recoverable so that ubsan.supp works (CMakeLists.txt); halt_on_error=1 is what
    # makes an unsuppressed report end the test.
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$suppressions/ubsan.supp"
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$suppressions/tsan.supp"
    # LibTorch's and OpenBLAS's thread pools and VTK's TBB pool (vtkSMPTools: cell locators, filters) are not
    # instrumented: under ThreadSanitizer they run one thread, or VTK its sequential backend.
    [ "$sanitizer" = tsan ] && export VOXELLENS_TORCH_THREADS=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
      VTK_SMP_BACKEND_IN_USE=Sequential
  fi
  cd "$build"
  # XDG_RUNTIME_DIR keeps Qt quiet when run as root. The tests never use the user's ~/.cache: CTest gives each one
  # XDG_CACHE_HOME=build/test-cache, which its demo_cache fixture fills with the demo brain and the demo study
  # before the tests that open them (tests/CMakeLists.txt); later runs reuse it.
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
  # Under ThreadSanitizer the heaviest tests (caption maps, demo fits) take 10-15 minutes each on 2 cores.
  local timeout=900
  [ "$sanitizer" = tsan ] && timeout=3600
  with_display ctest --output-on-failure --timeout "$timeout" -j "$jobs"
}

# Seeds of each fuzz target's corpus: the valid fixtures of its format and the malformed corpus.
fuzz_seeds() {
  local data="$root/tests/data"
  case "$1" in
    fuzz_annot|fuzz_curv|fuzz_freesurfer_surface|fuzz_label|fuzz_mgh) echo "$data/freesurfer $data/malformed" ;;
    fuzz_cifti|fuzz_nifti) echo "$data/cifti $data/vol2surf $data/nifti-edge $data/malformed" ;;
    fuzz_gifti) echo "$data/gifti $data/malformed" ;;
    fuzz_npy) echo "$data/npy $data/ridge $data/malformed" ;;
    fuzz_study_manifest) echo "$data/malformed-study" ;;
    fuzz_model_manifest) echo "$root/plugins/demo $data/malformed-model" ;;
    fuzz_hdf5_brick|fuzz_nsd_design) echo "$data/nsd" ;;
    *) echo "$data/malformed" ;;
  esac
}

# fuzz [seconds] [target...]: build the libFuzzer targets (CMakePresets.json "fuzz"), all of them or the ones named
# (to rerun the readers a change touched), and run each for `seconds`, two at a time.
# A crash leaves its input in build-fuzz/crashes/<target>/ and makes the run fail; once fixed, the input goes into
# tests/data/malformed (or the target's corpus folder) so the normal suite replays it.
fuzz() {
  local seconds="${1:-60}"
  if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: packaging/dev.sh fuzz [SECONDS per target, default 60] [TARGET...]" >&2; exit 2
  fi
  shift $(( $# > 0 ? 1 : 0 ))
  local launcher=() fuzz_build="$root/build-fuzz" targets=()
  if [ $# -gt 0 ]; then
    for target in "$@"; do
      if [ ! -f "$root/tests/fuzz/$target.cpp" ]; then
        echo "dev.sh fuzz: no fuzz target '$target' (expected one of:" \
          "$(cd "$root/tests/fuzz" && echo $(ls fuzz_*.cpp | sed 's/\.cpp$//')))" >&2
        exit 2
      fi
      targets+=("$target")
    done
  else
    for source in "$root"/tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$source" .cpp)"); done
  fi
  deps
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  (cd "$root" && cmake --preset fuzz "${launcher[@]}" -Wno-dev >/dev/null)
  cmake --build "$fuzz_build" -j "$jobs" --target "${targets[@]}"
  mkdir -p "$fuzz_build/logs"
  # Leaks inside uninstrumented third-party libraries are suppressed by name, each with its reason.
  export LSAN_OPTIONS="suppressions=$root/packaging/sanitizers/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/packaging/sanitizers/ubsan.supp"
  local running=0
  for target in "${targets[@]}"; do
    local corpus="$fuzz_build/corpus/$target" crashes="$fuzz_build/crashes/$target"
    # Crashes of an earlier run move aside (crashes-earlier/): once fixed they belong in tests/data/malformed.
    if [ -d "$crashes" ] && [ -n "$(ls -A "$crashes")" ]; then
      mkdir -p "$fuzz_build/crashes-earlier/$target" && mv "$crashes"/* "$fuzz_build/crashes-earlier/$target/"
    fi
    mkdir -p "$corpus" "$crashes"
    # -use_value_profile helps with magic numbers; -rss_limit_mb turns a lying size into a finding, not a swap storm.
    # libhdf5 (not instrumented) asks malloc for sizes read straight from damaged metadata and handles the failure
    # itself (an error, then our FormatError); under ASan such a request must fail as it does without ASan.
    local asan="${ASAN_OPTIONS:-}"
    [ "$target" = fuzz_hdf5_brick ] && asan="allocator_may_return_null=1${asan:+:$asan}"
    (cd "$crashes" && ASAN_OPTIONS="$asan" "$fuzz_build/bin/$target" "$corpus" $(fuzz_seeds "$target") -max_total_time="$seconds" \
       -print_final_stats=1 -use_value_profile=1 -rss_limit_mb=2048 -timeout=20 -max_len=65536 \
       -artifact_prefix="$crashes/" >"$fuzz_build/logs/$target.log" 2>&1 || true) &
    running=$((running + 1))
    if [ "$running" -ge 2 ]; then wait -n; running=$((running - 1)); fi
  done
  wait
  local failed=0
  printf "%-26s %12s %8s %8s %s\n" TARGET EXECUTIONS EDGES CORPUS CRASHES
  for target in "${targets[@]}"; do
    local log="$fuzz_build/logs/$target.log"
    local runs edges corpus found
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    edges="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')"
    corpus="$(find "$fuzz_build/corpus/$target" -type f | wc -l)"
    found="$(find "$fuzz_build/crashes/$target" -type f | wc -l)"
    printf "%-26s %12s %8s %8s %s\n" "$target" "${runs:-?}" "${edges:-?}" "$corpus" "$found"
    if [ "$found" -gt 0 ] || [ -z "$runs" ]; then failed=1; fi
  done
  if [ "$failed" -ne 0 ]; then
    echo "dev.sh fuzz: a target crashed or did not run; see build-fuzz/logs/ and build-fuzz/crashes/" >&2
    exit 1
  fi
}

cluster_packages=(slurmctld slurmd slurm-client munge)

test_cluster() {
  deps
  build
  local missing=()
  for package in "${cluster_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "dev.sh: installing the cluster test's packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  as_root env VOXELLENS_BUILD_DIR="$build" bash "$root/packaging/cluster/test-cluster.sh"
}

# package: the .deb of cmake/Packaging.cmake. Builds only the executables it installs (not the test suites).
package() {
  deps
  local launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" -Wno-dev >/dev/null
  cmake --build "$build" -j "$jobs" --target voxellens voxellens-full
  (cd "$build" && cpack)
  ls -l "$build"/package/voxellens_*.deb
}

case "${1:-}" in
  deps) deps ;;
  build) build ;;
  run) shift; run "$@" ;;
  test) shift; test_all "$@" ;;
  test-cluster) test_cluster ;;
  fuzz) shift; fuzz "$@" ;;
  package) package ;;
  *) echo "usage: packaging/dev.sh deps|build|run|test|test-cluster|fuzz|package" >&2; exit 2 ;;
esac
