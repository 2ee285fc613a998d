#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz-build` (build-fuzz/fuzz/fuzz_*).
#
#   scripts/fuzz.sh smoke [SECONDS]           every target for SECONDS (default 30) each
#   scripts/fuzz.sh run TARGET SECONDS [ARGS] one target, e.g. `run certificate 3600`
#   scripts/fuzz.sh list                      the targets
#
# Each run starts from the seeds in fuzz/corpus/<target>/ and grows a working corpus in
# $FUZZ_BUILD/corpus/<target>/ (the checked-in seeds stay small). A crash, leak, timeout or
# out-of-memory input is written to $FUZZ_BUILD/artifacts/<target>/ and fails the run; keep it
# in fuzz/corpus/<target>/ as a regression input once fixed (docs/security.md).
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD:-build-fuzz}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
bin="$build/fuzz"

# Per-input limits: a parser that needs more than this on one input is a bug (hang, blow-up).
timeout_s="${FUZZ_TIMEOUT:-10}"
rss_mb="${FUZZ_RSS_MB:-2048}"
max_len="${FUZZ_MAX_LEN:-65536}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

targets() {
  local f
  for f in "$bin"/fuzz_*; do
    [ -x "$f" ] && [ -f "$f" ] && basename "$f" | sed 's/^fuzz_//'
  done
}

# run_one TARGET SECONDS [extra libFuzzer args]: prints "TARGET execs=N status" last.
run_one() {
  local t="$1" secs="$2"
  shift 2
  local exe="$bin/fuzz_$t" seeds="$root/fuzz/corpus/$t" work="$build/corpus/$t" art="$build/artifacts/$t/"
  local log="$build/logs/$t.log"
  if [ ! -x "$exe" ]; then
    echo "fuzz: $exe not built (run: make fuzz-build)" >&2
    return 2
  fi
  mkdir -p "$seeds" "$work" "$art" "$build/logs"
  "$exe" -max_total_time="$secs" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$art" "$@" "$work" "$seeds" >"$log" 2>&1
  local rc=$?
  local execs
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')"
  local cov
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')"
  if [ "$rc" -eq 0 ]; then
    echo "$t: ok  execs=${execs:-?} cov=${cov:-?} seconds=$secs"
  else
    echo "$t: FAILED (exit $rc) execs=${execs:-?}; log: $log; inputs: $art"
    grep -m1 -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:|SUMMARY:' "$log" | sed 's/^/  /'
  fi
  return "$rc"
}

cmd="${1:-smoke}"
case "$cmd" in
  list)
    targets
    ;;
  smoke)
    secs="${2:-30}"
    all="$(targets)"
    if [ -z "$all" ]; then
      echo "fuzz: no targets in $bin (run: make fuzz-build)" >&2
      exit 2
    fi
    # libFuzzer runs one process per target: run FUZZ_JOBS (default: the cores) at a time, so
    # the smoke pass costs ceil(targets / cores) x SECONDS of wall time.
    jobs="${FUZZ_JOBS:-$(nproc)}"
    status_dir="$(mktemp -d)"
    trap 'rm -rf "$status_dir"' EXIT
    running=0
    for t in $all; do
      if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
      fi
      ( run_one "$t" "$secs" || touch "$status_dir/$t.failed" ) &
      running=$((running + 1))
    done
    wait
    if compgen -G "$status_dir/*.failed" >/dev/null; then
      echo "fuzz-smoke: FAILED"
      exit 1
    fi
    echo "fuzz-smoke: every target ran ${secs} s under ASan+UBSan without a finding"
    ;;
  run)
    t="${2:-}"
    secs="${3:-3600}"
    if [ -z "$t" ]; then
      echo "usage: make fuzz TARGET=<$(targets | paste -sd'|')> SECONDS=N" >&2
      exit 2
    fi
    shift 3 2>/dev/null || shift $#
    run_one "$t" "$secs" "$@"
    ;;
  *)
    echo "usage: scripts/fuzz.sh smoke [SECONDS] | run TARGET SECONDS [ARGS] | list" >&2
    exit 2
    ;;
esac
