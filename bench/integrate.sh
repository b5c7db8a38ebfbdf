#!/usr/bin/env bash
# Benchmarks on GitHub's REST API description (@octokit/openapi 23.0.2,
# generated/api.github.com.json: 13 MB, 1,223 operations), end to end through the release binary:
#
#   bench/integrate.sh [RUNS]
#
# - integrate: a first run into a fresh folder, on tmpfs unless BENCH_WORK says otherwise (the
#   whole job: read, parse, validate, compile, plan, write 1,223 tool files, report);
# - validate:  `genaug validate` on the spec;
# - lint:      `genaug lint` on the generated project with bench/github-policy.yaml.
#
# Fetches the spec once into bench-data/ (git-ignored; never committed), builds the release
# binary, prints two yardsticks of the machine's speed at the time, runs each command RUNS
# times (default 10) and prints the median and best wall time (bash's EPOCHREALTIME around the
# run, so the ~1 ms start of GNU time is included) and the peak resident memory (GNU time's %M).
# Library-level timings: validate_bench (genaug_openapi) and lint_bench (genaug_linter) examples.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
data=bench-data
spec=$data/api.github.com.json
if [ ! -f "$spec" ]; then
  mkdir -p "$data"
  (cd "$data" && npm pack --silent @octokit/openapi@23.0.2 >/dev/null \
     && tar xzf octokit-openapi-23.0.2.tgz package/generated/api.github.com.json \
     && mv package/generated/api.github.com.json . && rm -rf package octokit-openapi-23.0.2.tgz)
fi
cargo build --release -q -p genaug_cli
bin=$PWD/target/release/genaug
# Where the output folders go: BENCH_WORK, else tmpfs (/dev/shm) when there is one, else target/.
# Every write genaug makes is measured either way; tmpfs leaves out only the disk's own state.
# On ext4 without a journal (this project's VMs), the inode allocator skips, one buffer lookup
# each, every inode deleted in the last minute (six while its table block is dirty)
# (`recently_deleted`): for many minutes after thousands of files were deleted nearby (this
# script's cleanup of a previous run, a cargo build), creating 1,223 files costs 0.4-1.4 s
# instead of 20-30 ms, and the figure says more about the disk's history than about genaug.
# BENCH_WORK=target measures the checkout's disk anyway; then wait between runs.
default_work=$PWD/target
[ -d /dev/shm ] && [ -w /dev/shm ] && default_work=/dev/shm
mkdir -p target && work=$(mktemp -d -p "${BENCH_WORK:-$default_work}")
echo "output folders under $(dirname "$work") ($(df --output=fstype "$work" | tail -n 1))"
trap 'rm -rf "$work"' EXIT
echo "spec: $spec ($(wc -c <"$spec") bytes), $(nproc) cores, $runs runs each"
# Yardsticks for the machine at the time of the run: shared virtual machines vary by half or
# more from hour to hour, and a figure is only comparable with another next to its yardsticks.
# The second matters as much as the first: on these VMs a first touch of a page costs ~2 us, so
# integrate's ~110 MB peak is ~50 ms of CPU in page faults alone.
if command -v python3 >/dev/null; then
  python3 -c 'import time
t = time.perf_counter()
s = 0
for i in range(10_000_000): s += i
loop = (time.perf_counter() - t) * 1000
t = time.perf_counter()
n = 100 << 20
b = bytearray(n)
b[::4096] = b"\x01" * len(range(0, n, 4096))
touch = (time.perf_counter() - t) * 1000
print(f"yardsticks: 10-million-step Python loop {loop:.0f} ms, first touch of 100 MB {touch:.0f} ms")'
fi

measure() { # label, then the command; {OUT} is replaced by a fresh folder per run
  local label=$1; shift
  local times=() peak=0 i
  for i in $(seq "$runs"); do
    local out="$work/$label-$i"; mkdir -p "$out"
    local cmd=("${@//\{OUT\}/$out}")
    # The previous run's files are still being written back to disk; without this, that work
    # (kernel flusher threads on the same two cores) lands inside the next run's time.
    sync
    local start=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$work/time" "${cmd[@]}" >/dev/null 2>&1 || true
    local end=$EPOCHREALTIME
    local kb; kb=$(tail -n 1 "$work/time")
    times+=("$(echo "($end - $start) * 1000" | bc -l)"); (( kb > peak )) && peak=$kb
  done
  local sorted; sorted=$(printf '%.1f\n' "${times[@]}" | sort -n)
  printf '%-10s median %6s ms  best %6s ms  peak RSS %d MB\n' "$label" \
    "$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")" "$(echo "$sorted" | head -1)" $(( peak / 1024 ))
}

measure integrate "$bin" integrate "$spec" --name gh --description GitHub --out {OUT}
measure validate "$bin" validate "$spec"
"$bin" integrate "$spec" --name gh --out "$work/project" >/dev/null 2>&1 || true
cp bench/github-policy.yaml "$work/project/gh/genaug-policy.yaml"
measure lint "$bin" lint "$work/project/gh"
