#!/usr/bin/env bash
# Benchmark: `genaug integrate` (and `genaug validate`) end to end on GitHub's REST API
# description (@octokit/openapi, api.github.com.json: 13 MB, 1,223 operations).
#
#   bench/integrate.sh [RUNS]
#
# Fetches the spec once into bench-data/ (git-ignored; never committed), builds the release
# binary, then runs each command RUNS times (default 10) into a fresh folder and prints the
# median and best wall time and the peak resident memory (GNU time's %M).
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
bin=target/release/genaug
echo "spec: $spec ($(wc -c <"$spec") bytes), $(nproc) cores, $runs runs each"

measure() { # label, command...
  local label=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    local out; out=$(mktemp -d)
    /usr/bin/time -f '%e %M' -o "$out/.time" "$@" --out "$out" >/dev/null 2>&1 || true
    read -r wall kb <"$out/.time"
    times+=("$wall"); (( kb > peak )) && peak=$kb
    rm -rf "$out"
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  printf '%-10s median %ss  best %ss  peak RSS %d MB\n' "$label" \
    "$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")" "$(echo "$sorted" | head -1)" $(( peak / 1024 ))
}
measure integrate "$bin" integrate "$spec" --name github-agent --description "GitHub"
