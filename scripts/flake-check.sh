#!/usr/bin/env bash
# The "cannot flake" proof: the whole suite (`npm test`) RUNS times in a row (default 3) while CPU-heavy work
# runs beside it, so the machine is at least as busy as a shared CI runner. Stops at the first red run.
#
#   scripts/flake-check.sh                 # beside BURNERS (default: number of cores) busy-looping processes
#   FLAKE_LOAD=bench scripts/flake-check.sh   # beside `npm run bench` in a loop instead
#   RUNS=5 BURNERS=4 scripts/flake-check.sh
# Logs: .scratch/flake-check/run-N.log (and bench.log).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
BURNERS="${BURNERS:-$(nproc 2>/dev/null || echo 2)}"
LOGS=.scratch/flake-check
mkdir -p "$LOGS"

load_pids=()
stop_load() {
  for pid in "${load_pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
}
trap stop_load EXIT

# Each load process leads its own process group (set -m), so stopping it stops its children too.
set -m
if [ "${FLAKE_LOAD:-burn}" = bench ]; then
  (while true; do npm run -s bench >>"$LOGS/bench.log" 2>&1 || true; done) &
  load_pids+=("$!")
  echo "load: npm run bench in a loop (pid ${load_pids[*]})"
else
  for _ in $(seq "$BURNERS"); do
    node -e 'for (;;) Math.sqrt(Math.random())' &
    load_pids+=("$!")
  done
  echo "load: $BURNERS busy-looping node processes (pids ${load_pids[*]})"
fi
set +m

# Build once up front (the e2e tier would otherwise rebuild inside the first run).
npm run -s build >/dev/null

for i in $(seq "$RUNS"); do
  started=$(date +%s)
  if npm test >"$LOGS/run-$i.log" 2>&1; then
    echo "run $i of $RUNS: passed in $(($(date +%s) - started)) s ($(grep -E '^Tests:' "$LOGS/run-$i.log" | tail -1))"
  else
    echo "run $i of $RUNS: FAILED after $(($(date +%s) - started)) s; see $LOGS/run-$i.log" >&2
    grep -E '^\s+● ' "$LOGS/run-$i.log" | head -20 >&2 || true
    exit 1
  fi
done
echo "flake check passed: $RUNS runs in a row beside the load"
