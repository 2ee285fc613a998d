#!/usr/bin/env bash
# Offline judging at fleet scale: `uccert scan` over N chain files (leaf + intermediate, RSA-2048,
# all nine profiles, --jobs 1: one core) against, from the same run on the same machine,
#   - `openssl verify -CAfile root -untrusted int leaf1 ... leafN` in one process, and
#   - the RSA-2048 verifications per second `openssl speed rsa2048` reports for one core.
# Prints each figure and the ratios (issue targets: scan >= 5x openssl verify, and >= 25 % of
# the RSA-2048 verify rate). Then the start-up figure: one `uccert check FILE` with the default
# public store against one `openssl verify` of the same chain (CPU time; target: within 1.2x).
#
# Usage: bash bench/scan_offline.sh BUILD_DIR      (a Release build is the one to quote)
#   N=10000       chain files
#   KEEP=1        keep the minted files
#   CALLGRIND=1000  also count the instructions `uccert scan` executes for the first 1,000 chains
#                 under valgrind --tool=callgrind (machine-independent; 0 skips it)
#   PEERS=0       skip the openssl figures (for the memory curve: N=100000 needs no openssl run)
set -euo pipefail
build=${1:?usage: bash bench/scan_offline.sh BUILD_DIR}
uccert=$(realpath "$build")/apps/uccert
[ -x "$uccert" ] || { echo "scan_offline: $uccert not found" >&2; exit 3; }
N=${N:-10000}
work=$(mktemp -d /tmp/uccert-scan-bench.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

cpu_of() {  # COMMAND...: user+sys seconds of the command and its children; stdout in $work/out.txt
  # (a verdict's exit status is not a failure here; time(1) then writes a line before its figures)
  /usr/bin/time -f '%U %S %M' -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/stderr.txt" || true
  tail -n 1 "$work/time.txt" | awk '{ printf "%.3f", $1 + $2 }'
  tail -n 1 "$work/time.txt" | awk '{ print $3 }' >"$work/rss.txt"
}

mint=$(realpath "$build")/bench/uccert_bench_mint
[ -x "$mint" ] || { echo "scan_offline: $mint not found (configure with -DUCCERT_BENCH=ON)" >&2; exit 3; }
echo "== minting $N RSA-2048 leaves under one intermediate into $work"
"$mint" "$work" "$N"

echo "== timing (CPU seconds, user + sys)"
scan_cpu=$(cd "$work" && cpu_of "$uccert" scan targets.txt --jobs 1 --public-roots root.pem --format json)
scan_rss=$(cat "$work/rss.txt")
judged=$(grep -c '"verdicts"' "$work/out.txt" || true)
[ "$judged" -eq "$N" ] || { echo "scan_offline: scan judged $judged of $N chains" >&2; exit 1; }
if [ "${PEERS:-1}" = 0 ]; then
  awk -v n="$N" -v m="$scan_rss" -v s="$scan_cpu" 'BEGIN {
    printf "uccert scan (offline, --jobs 1, 9 profiles):   %9.0f chains/s  (%s s CPU for %d)\n", n / s, s, n
    printf "uccert scan peak RSS:                          %9d KiB\n", m }'
  exit 0
fi
# find | xargs: 100,000 names do not fit one command line; xargs keeps it to as few processes as fit
verify_cpu=$(cd "$work" && cpu_of sh -c 'find leaf -name "leaf-*.pem" | sort |
  xargs openssl verify -CAfile root.pem -untrusted int.pem')
speed=$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ { print $(NF) }')
# One run of either is below time(1)'s 10 ms resolution: 50 runs in one shell loop, divided by 50.
check_cpu=$(cd "$work" && cpu_of sh -c "for i in \$(seq 50); do '$uccert' check chain/chain-000001.pem \
  --name host-000001.bench.contoso.com >/dev/null; done" | awk '{ printf "%.4f", $1 / 50 }')
verify1_cpu=$(cd "$work" && cpu_of sh -c 'for i in $(seq 50); do openssl verify \
  -CAfile /etc/ssl/certs/ca-certificates.crt -untrusted int.pem leaf/leaf-000001.pem >/dev/null; done' |
  awk '{ printf "%.4f", $1 / 50 }')
csv_cpu=$(cd "$work" && cpu_of "$uccert" scan targets.txt --jobs 1 --public-roots root.pem --format csv)

awk -v n="$N" -v m="$scan_rss" -v s="$scan_cpu" -v v="$verify_cpu" -v r="$speed" -v c="$check_cpu" \
  -v o="$verify1_cpu" -v csv="$csv_cpu" 'BEGIN {
  scan_rate = n / s; verify_rate = n / v
  printf "uccert scan (offline, --jobs 1, 9 profiles):   %9.0f chains/s  (%s s CPU for %d)\n",
    scan_rate, s, n
  printf "uccert scan --format csv:                      %9.0f chains/s  (%s s CPU)\n", n / csv, csv
  printf "uccert scan peak RSS:                          %9d KiB\n", m
  printf "openssl verify, one process:                   %9.0f chains/s  (%s s CPU)\n", verify_rate, v
  printf "openssl speed rsa2048, verify/s (one core):    %9.0f\n", r
  printf "ratio scan / openssl verify (json / csv):      %9.2f / %.2f   (target >= 5)\n", scan_rate / verify_rate,
    (n / csv) / verify_rate
  printf "ratio scan / rsa2048 verify rate:              %9.4f   (target >= 0.25)\n", scan_rate / r
  printf "uccert check FILE, system store (CPU):         %9.4f s  (mean of 50 runs)\n", c
  printf "openssl verify of the same chain (CPU):        %9.4f s  (mean of 50 runs)\n", o
  printf "ratio start-up:                                %9.2f   (target <= 1.2)\n", (o > 0 ? c / o : 0)
}'

calls=${CALLGRIND:-1000}
if [ "$calls" != 0 ] && command -v valgrind >/dev/null; then
  instructions() {  # COUNT: instructions `uccert scan` executes for the first COUNT chains
    head -n "$1" "$work/targets.txt" >"$work/targets-callgrind.txt"
    (cd "$work" && valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
      "$uccert" scan targets-callgrind.txt --jobs 1 --public-roots root.pem --format json \
      >/dev/null 2>"$work/callgrind.err") || true
    grep -m1 '^summary:' "$work/callgrind.out" | awk '{ print $2 }'
  }
  one=$(instructions 1)
  all=$(instructions "$calls")
  awk -v one="$one" -v all="$all" -v n="$calls" 'BEGIN {
    printf "callgrind, uccert scan of 1 chain:             %9.0f instructions (start-up included)\n", one
    printf "callgrind, uccert scan of %d chains:       %12.0f instructions\n", n, all
    printf "callgrind, per further chain:                  %9.0f instructions\n", (all - one) / (n - 1) }'
fi
