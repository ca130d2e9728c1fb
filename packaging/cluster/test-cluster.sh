#!/usr/bin/env bash
# A real Slurm cluster of one node on loopback, to test packaging/cluster/fit-array.sbatch as a user's cluster
# would run it: munged, slurmctld and slurmd (Debian's packages, started here with a slurm.conf of our own and
# ports of our own, not as system services), an array job fitting voxel chunks of a 2000 x 512 -> 20,000 ridge
# problem, `voxellens merge`, and a check that the merged fit equals the single-process fit: the same alphas and
# bit-identical coefficients, since both fit the same voxel chunks (CHUNK = voxels per task). Every daemon it started is stopped on exit. Run as root (packaging/dev.sh
# test-cluster installs the packages first). Prints the time per chunk.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${VOXELLENS_BUILD_DIR:-$root/build}"
tasks="${VOXELLENS_CLUSTER_TASKS:-4}"
work="$(mktemp -d /tmp/voxellens-cluster-XXXXXX)"
chmod 755 "$work"  # munged runs as the munge user and must reach its folder inside
conf="$work/slurm.conf"
cpus="$(nproc)"
memory_mb="$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)"

[ "$(id -u)" -eq 0 ] || { echo "test-cluster: run as root (it starts munged, slurmctld and slurmd)" >&2; exit 2; }
for tool in munged slurmctld slurmd sbatch squeue scontrol; do
  command -v "$tool" >/dev/null || { echo "test-cluster: $tool is missing (packaging/dev.sh test-cluster installs it)" >&2; exit 2; }
done
[ -x "$build/bin/voxellens" ] || { echo "test-cluster: $build/bin/voxellens is not built (packaging/dev.sh build)" >&2; exit 2; }

munged_pid=""
cleanup() {
  set +e
  [ -f "$work/slurmctld.pid" ] && SLURM_CONF="$conf" timeout 10 scontrol shutdown >/dev/null 2>&1
  for pidfile in "$work/slurmctld.pid" "$work/slurmd.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  sleep 1
  [ -n "$munged_pid" ] && kill "$munged_pid" 2>/dev/null
  [ "${VOXELLENS_KEEP_CLUSTER_DIR:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

# munged with a socket of its own, so that a system munged (if any) is left alone.
mkdir -p "$work/munge"
chown munge:munge "$work/munge"
runuser -u munge -- /usr/sbin/munged --socket="$work/munge/socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed"
for _ in $(seq 50); do [ -S "$work/munge/socket" ] && break; sleep 0.1; done
munged_pid="$(cat "$work/munge/munged.pid")"

mkdir -p "$work/state" "$work/spool"
cat >"$conf" <<CONF
ClusterName=voxellens-test
SlurmctldHost=localhost
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CryptoType=crypto/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
slurmctld
slurmd
for _ in $(seq 100); do
  sinfo -h -o %T 2>/dev/null | grep -qE "^idle" && break
  sleep 0.2
done
sinfo -h -o "%P %T %c" | grep -q idle || { echo "test-cluster: the node did not come up:" >&2; tail -20 "$work/slurmd.log" "$work/slurmctld.log" >&2; exit 1; }
echo "test-cluster: slurm $(sinfo --version | awk '{print $2}') up on localhost ($cpus CPUs), $tasks array tasks"

# The data: 2000 samples x 512 correlated features -> 20,000 voxels, 10 runs of 200 samples (grouped k-fold).
cd "$work"
mkdir -p data
/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(2026)
n, p, v = 2000, 512, 20000
X = rng.standard_normal((n, p)).astype(np.float32)
for c in range(1, p):
    X[:, c] = 0.8 * X[:, c - 1] + 0.6 * X[:, c]
signal = X @ rng.standard_normal((p, v)).astype(np.float32)
signal /= signal.std(0)
signal *= np.sqrt(10 ** (-1.5 + 2 * (np.arange(v) % 97) / 96)).astype(np.float32)
np.save("data/features.npy", X)
np.save("data/responses.npy", (signal + rng.standard_normal((n, v)).astype(np.float32)).astype(np.float32))
np.save("data/runs.npy", np.repeat(np.arange(10), n // 10).astype(np.int32))
PY

export PATH="$build/bin:$PATH" VOXELS=20000 CHUNK=$(( (20000 + tasks - 1) / tasks ))
mkdir -p fits/logs
start=$(date +%s%N)
job=$(sbatch --parsable --wait --array=0-$((tasks - 1)) --cpus-per-task=1 --mem=2G \
  "$root/packaging/cluster/fit-array.sbatch") || { echo "test-cluster: the array job failed:" >&2; cat fits/logs/* >&2; exit 1; }
array_seconds=$(( ($(date +%s%N) - start) / 1000000000 ))
voxellens merge fits/chunk-* --out fits/all >/dev/null
echo "test-cluster: array job $job: $tasks chunks in $array_seconds s"
grep -h "fitted voxels" fits/logs/*.out | sed 's/^/  /'

single_start=$(date +%s%N)
voxellens fit --features data/features.npy --responses data/responses.npy --selection group \
  --groups data/runs.npy --folds 5 --chunk "$CHUNK" --out fits/single >/dev/null 2>&1
single_seconds=$(( ($(date +%s%N) - single_start) / 1000000000 ))
echo "test-cluster: the single-process fit took $single_seconds s"

/usr/bin/python3 - <<'PY'
import numpy as np, sys
merged, single = "fits/all", "fits/single"
a, b = np.load(f"{merged}/alphas.npy"), np.load(f"{single}/alphas.npy")
w, x = np.load(f"{merged}/weights.npy"), np.load(f"{single}/weights.npy")
same = (a == b)
scale = np.maximum(np.abs(x).max(0), 1e-30)
relative = (np.abs(w - x).max(0) / scale)[same].max() if same.any() else np.inf
identical = np.array_equal(w, x) and np.array_equal(np.load(f"{merged}/intercepts.npy"), np.load(f"{single}/intercepts.npy"))
print(f"test-cluster: same alpha for {same.sum()} of {len(a)} voxels; largest coefficient difference "
      f"{relative:.2e} of the voxel's largest coefficient; bit-identical: {identical}")
sys.exit(0 if same.all() and identical else 1)
PY
echo "test-cluster: passed"
