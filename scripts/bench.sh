#!/usr/bin/env bash
# Benchmarks (make bench): the Google Benchmark microbenchmarks in bench/, then side-by-side
# timings of the uccert command line against the openssl command line on the same freshly
# minted certificates. Results and how to read them: docs/performance.md.
#
#   scripts/bench.sh [BUILD_DIR]      (default: build)
#
# Environment:
#   LEAVES=1000       leaves minted under one intermediate (bulk rows use all of them)
#   LOOP=100          leaves timed one process per leaf (per-process rows)
#   REPS=5            repetitions of each command-line timing (the median is reported)
#   BENCH_REPS=5      Google Benchmark repetitions (the median is reported)
#   BENCH_MIN_TIME=0.5  seconds per Google Benchmark run
#   BENCH_FILTER=.    regular expression selecting microbenchmarks ("none" skips them)
#   KEEP=1            keep the temporary folder of minted certificates
#
# Every certificate is minted here with openssl; the only URLs in them point at 127.0.0.1.
# Nothing touches the network.
set -euo pipefail

build=${1:-build}
LEAVES=${LEAVES:-1000}
LOOP=${LOOP:-100}
REPS=${REPS:-5}
BENCH_REPS=${BENCH_REPS:-5}
BENCH_MIN_TIME=${BENCH_MIN_TIME:-0.5}
BENCH_FILTER=${BENCH_FILTER:-.}

die() { echo "bench: $*" >&2; exit 1; }
for v in LEAVES LOOP REPS BENCH_REPS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: not a positive whole number"
done
[ "$LOOP" -le "$LEAVES" ] || die "LOOP=$LOOP is more than LEAVES=$LEAVES"

[ -d "$build" ] || die "$build: no such build folder (make build)"
build=$(cd "$build" && pwd)  # the timed commands run inside the temporary folder
uccert=$build/apps/uccert
bench_bin=$build/bench/uccert_bench
[ -x "$uccert" ] || die "$uccert not found: build first (make build)"
command -v openssl >/dev/null || die "openssl not found"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package: time)"

work=$(mktemp -d "${TMPDIR:-/tmp}/uccert-bench.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

# ------------------------------------------------------------------------------------------
echo "== machine"
echo "cpus: $(nproc)   cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)   $(openssl version)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# ------------------------------------------------------------------------------------------
bench_json=$work/microbench.json
if [ "$BENCH_FILTER" = none ]; then
  echo "== microbenchmarks skipped (BENCH_FILTER=none)"
elif [ ! -x "$bench_bin" ]; then
  echo "== microbenchmarks skipped: $bench_bin not built (Google Benchmark not found at configure time?)"
else
  echo "== microbenchmarks (Google Benchmark; times are CPU time, median of $BENCH_REPS)"
  UCCERT_BENCH_LEAVES=$LEAVES "$bench_bin" --benchmark_filter="$BENCH_FILTER" \
    --benchmark_repetitions="$BENCH_REPS" --benchmark_display_aggregates_only=true \
    --benchmark_min_time="$BENCH_MIN_TIME" \
    --benchmark_out="$bench_json" --benchmark_out_format=json
fi

# ------------------------------------------------------------------------------------------
echo "== minting $LEAVES RSA-2048 leaves under one intermediate into $work"
cat >"$work/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root_ext]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[int_ext]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://127.0.0.1:1/ca.crl
authorityInfoAccess = caIssuers;URI:http://127.0.0.1:1/ca.crt
[leaf_ext]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://127.0.0.1:1/ca.crl
authorityInfoAccess = caIssuers;URI:http://127.0.0.1:1/ca.crt
EOF
cnf=$work/openssl.cnf
mkdir -p "$work/leaf" "$work/chain"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/root.key" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/int.key" 2>/dev/null
# One key for every leaf: RSA key generation would dominate minting; decoding still happens
# once per certificate in both tools.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/leaf.key" 2>/dev/null
openssl req -config "$cnf" -new -x509 -key "$work/root.key" -subj "/O=Contoso/CN=Bench Root CA" \
  -days 3650 -extensions root_ext -sha256 -out "$work/root.pem"
openssl req -config "$cnf" -new -key "$work/int.key" -subj "/O=Contoso/CN=Bench Issuing CA" \
  -CA "$work/root.pem" -CAkey "$work/root.key" -days 1825 -extensions int_ext -sha256 -out "$work/int.pem"
mint_leaf() {  # index
  local h="host-$1.bench.contoso.com"
  openssl req -config "$cnf" -new -key "$work/leaf.key" -subj "/CN=$h" \
    -addext "subjectAltName=DNS:$h,DNS:pool01.corp.contoso.com,DNS:lyncdiscover.contoso.com" \
    -CA "$work/int.pem" -CAkey "$work/int.key" -days 365 -extensions leaf_ext -sha256 \
    -out "$work/leaf/leaf-$1.pem"
  cat "$work/leaf/leaf-$1.pem" "$work/int.pem" >"$work/chain/chain-$1.pem"
}
export -f mint_leaf
export work cnf
seq -f '%05g' 1 "$LEAVES" | xargs -P "$(nproc)" -I{} bash -c 'mint_leaf {}'
minted=$(find "$work/leaf" -name 'leaf-*.pem' | wc -l)
[ "$minted" -eq "$LEAVES" ] || die "minted $minted leaves, expected $LEAVES"
cat "$work"/leaf/leaf-*.pem >"$work/all-leaves.pem"
# The first LOOP leaves, for the one-process-per-leaf rows.
seq -f '%05g' 1 "$LOOP" >"$work/loop.txt"

# Sanity: both tools accept the chains before anything is timed.
ok=$(openssl verify -CAfile "$work/root.pem" -untrusted "$work/int.pem" "$work"/leaf/leaf-*.pem | grep -c ': OK$' || true)
[ "$ok" -eq "$LEAVES" ] || die "openssl verify accepted $ok of $LEAVES leaves"
set +e
"$uccert" check --name host-00001.bench.contoso.com --public-roots "$work/root.pem" --profile browser \
  "$work/chain/chain-00001.pem" >"$work/check-sample.txt" 2>&1
rc=$?
set -e
[ "$rc" -eq 0 ] || { cat "$work/check-sample.txt" >&2; die "uccert check of a minted chain for the browser profile exited $rc, expected 0"; }

# ------------------------------------------------------------------------------------------
# measure NAME 'COMMAND': runs COMMAND (bash, in $work) REPS times; records the median wall
# time (date +%s%N), the median CPU time of the command and its children (user + sys from
# /usr/bin/time) and the largest peak RSS of any one process, in $work/m/NAME.
# Exit codes 0-2 are verdicts (uccert check), anything else is an error.
mkdir -p "$work/m"
median() { sort -n | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
measure() {
  local name=$1 cmd=$2 walls=() cpus=() rss=0 start end rc
  for ((r = 0; r < REPS; r++)); do
    start=$(date +%s%N)
    set +e
    (cd "$work" && /usr/bin/time -f '%U %S %M' -o "$work/m/time.txt" bash -c "$cmd" >/dev/null 2>"$work/m/stderr.txt")
    rc=$?
    set -e
    end=$(date +%s%N)
    if [ "$rc" -gt 2 ]; then cat "$work/m/stderr.txt" >&2; die "$name: exit $rc"; fi
    walls+=("$(((end - start) / 1000))")
    read -r u s m < <(tail -1 "$work/m/time.txt")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%d", (u + s) * 1e6}')")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s %s %s\n' "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" "$rss" \
    >"$work/m/$name"
}

# Loops keep going after a warn or fail verdict (exit 1 or 2) but stop on exit 3 and above.
loop() {  # COMMAND-WITH-{} : runs it for each index in loop.txt
  printf 'while read -r i; do %s; rc=$?; [ $rc -le 2 ] || exit $rc; done < loop.txt; exit 0' "${1//\{\}/\$i}"
}

echo "== timing the command line ($REPS repetitions each, medians; LOOP=$LOOP, LEAVES=$LEAVES)"
verify_cmd='openssl verify -CAfile root.pem -untrusted int.pem'
measure openssl_verify_bulk "$verify_cmd leaf/leaf-*.pem"
measure openssl_verify_loop "$(loop "$verify_cmd leaf/leaf-{}.pem")"
measure uccert_check_loop "$(loop "$uccert check --name host-{}.bench.contoso.com --public-roots root.pem chain/chain-{}.pem")"
measure uccert_check_loop_sysroots "$(loop "$uccert check --name host-{}.bench.contoso.com chain/chain-{}.pem")"
measure openssl_x509_text_loop "$(loop "openssl x509 -noout -text -in leaf/leaf-{}.pem")"
measure uccert_inspect_loop "$(loop "$uccert inspect leaf/leaf-{}.pem")"
measure openssl_storeutl_text_bulk "openssl storeutl -noout -text all-leaves.pem"
measure uccert_inspect_bulk "$uccert inspect all-leaves.pem"
measure uccert_inspect_files "$uccert inspect leaf/leaf-*.pem"

# ------------------------------------------------------------------------------------------
# field NAME COLUMN (1 wall us, 2 cpu us, 3 rss KiB)
field() { awk -v c="$2" '{print $c}' "$work/m/$1"; }
# per_leaf NAME COLUMN COUNT -> milliseconds per leaf
per_leaf() { awk -v t="$(field "$1" "$2")" -v n="$3" 'BEGIN {printf "%.3f", t / n / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }

row() {  # OPERATION UCCERT-NAME REFERENCE-NAME UCCERT-COUNT REFERENCE-COUNT COLUMN
  local u r
  u=$(per_leaf "$2" "$6" "$4")
  r=$(per_leaf "$3" "$6" "$5")
  printf '| %-62s | %10s | %10s | %6s |\n' "$1" "$u" "$r" "$(ratio "$u" "$r")"
}

table() {  # COLUMN TITLE
  echo
  echo "$2"
  printf '| %-62s | %10s | %10s | %6s |\n' "operation (ms per leaf; ratio = uccert / reference)" "uccert" "reference" "ratio"
  printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..64})" "------------" "------------" "--------"
  row "check, 1 process per leaf, vs openssl verify 1 per leaf" uccert_check_loop openssl_verify_loop "$LOOP" "$LOOP" "$1"
  row "check (system store), 1 process per leaf, vs verify 1 per leaf" uccert_check_loop_sysroots openssl_verify_loop "$LOOP" "$LOOP" "$1"
  row "check, 1 process per leaf, vs openssl verify bulk (1 process)" uccert_check_loop openssl_verify_bulk "$LOOP" "$LEAVES" "$1"
  row "inspect, 1 process per leaf, vs openssl x509 -text 1 per leaf" uccert_inspect_loop openssl_x509_text_loop "$LOOP" "$LOOP" "$1"
  row "inspect one $LEAVES-cert file vs openssl storeutl -text same file" uccert_inspect_bulk openssl_storeutl_text_bulk "$LEAVES" "$LEAVES" "$1"
  row "inspect $LEAVES files, 1 process, vs storeutl -text 1 file" uccert_inspect_files openssl_storeutl_text_bulk "$LEAVES" "$LEAVES" "$1"
}
table 2 "== results: CPU time (user + sys of the process and its children), medians"
table 1 "== results: wall-clock time, medians (inflated when the machine is shared)"

# In-process bulk judging (Google Benchmark, CPU time) against openssl verify's bulk run (CPU).
if [ -s "$bench_json" ]; then
  gb() {  # BENCHMARK-NAME -> median cpu_time in microseconds ("" when absent)
    # Google Benchmark's JSON puts one key per line; time_unit follows cpu_time. A benchmark with a
    # fixed iteration count is named NAME/iterations:N.
    awk -v n="\"$1_median\"," -v fixed="^\"$1/iterations:[0-9]+_median\",$" '
      $1 == "\"name\":" {hit = ($2 == n || $2 ~ fixed)}
      hit && $1 == "\"cpu_time\":" {t = $2 + 0}
      hit && $1 == "\"time_unit\":" {
        u = $2; gsub(/[",]/, "", u)
        if (u == "ns") t /= 1000; else if (u == "ms") t *= 1000; else if (u == "s") t *= 1e6
        print t; hit = 0
      }' "$bench_json"
  }
  echo
  echo "== in-process bulk judging (uccert_bench CPU time) vs openssl verify bulk (CPU time)"
  printf '| %-62s | %10s | %10s | %6s |\n' "operation (ms per leaf; ratio = uccert / reference)" "uccert" "reference" "ratio"
  printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..64})" "------------" "------------" "--------"
  ref=$(per_leaf openssl_verify_bulk 2 "$LEAVES")
  for spec in "BM_Judge_Bulk/0|load chain PEM + judge 9 profiles, vs verify bulk" \
              "BM_Judge_Bulk/1|load leaf + reuse intermediate + judge 9, vs verify bulk"; do
    t=$(gb "${spec%%|*}")
    if [ -n "$t" ]; then
      u=$(awk -v t="$t" 'BEGIN {printf "%.3f", t / 1000}')
      printf '| %-62s | %10s | %10s | %6s |\n' "${spec#*|}" "$u" "$ref" "$(ratio "$u" "$ref")"
    fi
  done
fi

echo
echo "== peak resident set (largest single process, KiB)"
for n in uccert_check_loop uccert_check_loop_sysroots openssl_verify_loop openssl_verify_bulk uccert_inspect_bulk \
         uccert_inspect_files openssl_storeutl_text_bulk; do
  printf '%-28s %8s\n' "$n" "$(field "$n" 3)"
done
if [ -s "$bench_json" ]; then
  # One key per line in Google Benchmark's JSON.
  awk -v leaves="$LEAVES" '
    function report() {
      if (which != "" && ("KiB_per_leaf" in v))
        printf "uccert_bench, %d chains loaded, judged for 9 profiles and kept (%s): +%.1f MiB resident (%.1f KiB per chain), process peak %.1f MiB\n",
               leaves, which, v["rss_growth_MiB"], v["KiB_per_leaf"], v["peak_rss_MiB"]
      delete v; which = ""
    }
    $1 == "\"name\":" {
      report()
      if ($2 ~ /^"BM_Judge_BulkMemory\/0/) which = "public roots: 1 root"
      else if ($2 ~ /^"BM_Judge_BulkMemory\/1/) which = "public roots: system bundle"
    }
    which != "" && $1 ~ /^"(rss_growth_MiB|KiB_per_leaf|peak_rss_MiB)":$/ {k = $1; gsub(/[":]/, "", k); v[k] = $2 + 0}
    END {report()}' "$bench_json"
fi
echo "load average at the end (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
