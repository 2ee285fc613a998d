#!/usr/bin/env bash
# Live scanning at fleet scale, on 127.0.0.1 only: one nginx (one worker, full handshakes only:
# no session cache, no tickets) listening on PORTS ports with an RSA-2048 leaf + intermediate,
# then, from the same run against the same servers:
#   - `uccert scan` of TARGETS targets (the ports in turn), all nine profiles, --concurrency C:
#     targets per wall second, and its peak RSS; once as check probes (a second handshake without
#     SNI per target) and once with --single-handshake;
#   - `openssl s_time -new` for S_TIME seconds against one of the ports: full handshakes per wall
#     second (one connection at a time, no certificate check);
#   - a loop of `sslscan --show-certificate` over the first LOOP ports: targets per wall second.
# Prints each figure and the ratios (issue targets: scan >= 0.8 x s_time, >= 50 x the sslscan
# loop; peak RSS under 100 MiB for 10,000 targets at concurrency 1,000).
#
# Usage: bash bench/scan_live.sh BUILD_DIR          (a Release build is the one to quote)
#   PORTS=1000 TARGETS=1000 CONCURRENCY=64 S_TIME=10 LOOP=20 BASE_PORT=20000 KEEP=0
# Nothing listens outside 127.0.0.1 and nothing is resolved: every target is
# bench.contoso.com:PORT with --connect-to bench.contoso.com:PORT:127.0.0.1:PORT.
set -euo pipefail
build=${1:?usage: bash bench/scan_live.sh BUILD_DIR}
uccert=$(realpath "$build")/apps/uccert
mint=$(realpath "$build")/bench/uccert_bench_mint
for exe in "$uccert" "$mint"; do
  [ -x "$exe" ] || { echo "scan_live: $exe not found (configure with -DUCCERT_BENCH=ON)" >&2; exit 3; }
done
for tool in nginx sslscan openssl; do
  command -v "$tool" >/dev/null || { echo "scan_live: $tool not installed (scripts/install-deps.sh)" >&2; exit 3; }
done
PORTS=${PORTS:-1000}
TARGETS=${TARGETS:-$PORTS}
CONCURRENCY=${CONCURRENCY:-64}
S_TIME=${S_TIME:-10}
LOOP=${LOOP:-20}
# below Linux's ephemeral range (32768-60999), where other programs' outgoing connections take ports
BASE_PORT=${BASE_PORT:-20000}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/uccert-scan-live.XXXXXX)
nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

echo "== minting the server certificate into $work"
"$mint" "$work" 1 >/dev/null

echo "== nginx on 127.0.0.1:$BASE_PORT-$((BASE_PORT + PORTS - 1)) (one worker)"
mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
{
  echo "worker_processes 1;"
  echo "worker_rlimit_nofile 65536;"
  echo "pid $work/nginx/nginx.pid;"
  echo "error_log $work/nginx/logs/error.log warn;"
  [ "$(id -u)" = 0 ] && echo "user root;"
  echo "events { worker_connections 16384; }"
  echo "http {"
  echo "  access_log off;"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $work/nginx/tmp/$t;"; done
  echo "  ssl_certificate $work/server.pem;"
  echo "  ssl_certificate_key $work/server.key;"
  echo "  ssl_session_cache off;"
  echo "  ssl_session_tickets off;"
  echo "  server {"
  for ((i = 0; i < PORTS; i++)); do echo "    listen 127.0.0.1:$((BASE_PORT + i)) ssl;"; done
  echo "    return 200 \"ok\\n\";"
  echo "  }"
  echo "}"
} >"$work/nginx/nginx.conf"
nginx -p "$work/nginx" -e "$work/nginx/logs/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
# nginx writes its pid file once every port is bound (a port taken by another program makes it
# retry, then exit: the scan must not start against a server on its way out)
for _ in $(seq 300); do
  [ -s "$work/nginx/nginx.pid" ] && break
  kill -0 "$nginx_pid" 2>/dev/null || { echo "scan_live: nginx did not start:" >&2; tail -3 "$work/nginx/logs/error.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/nginx/nginx.pid" ] || { echo "scan_live: nginx did not start within 30 s" >&2; exit 1; }

for ((i = 0; i < TARGETS; i++)); do
  p=$((BASE_PORT + i % PORTS))
  echo "bench.contoso.com:$p --connect-to bench.contoso.com:$p:127.0.0.1:$p --proto tls"
done >"$work/targets.txt"

now_ns() { date +%s%N; }

scan() {  # NAME [OPTION...]: one timed scan of every target; wall ns, CPU s and peak RSS in $work/NAME.*
  local name=$1
  shift
  local t0 t1
  t0=$(now_ns)
  /usr/bin/time -f '%U %S %M' -o "$work/$name.time" \
    "$uccert" scan "$work/targets.txt" --public-roots "$work/root.pem" --concurrency "$CONCURRENCY" \
    --timeout 30 --format csv "$@" >"$work/$name.csv" 2>"$work/$name.err" || true
  t1=$(now_ns)
  echo $((t1 - t0)) >"$work/$name.wall"
  local passed
  passed=$(awk -F, 'NR > 1 && $4 == "pass"' "$work/$name.csv" | wc -l)
  [ "$passed" -eq "$TARGETS" ] || {
    echo "scan_live: $passed of $TARGETS targets passed; first lines of the output:" >&2
    head -5 "$work/$name.csv" "$work/$name.err" >&2
    exit 1
  }
}
echo "== uccert scan: $TARGETS targets, --concurrency $CONCURRENCY (two handshakes each: with and without SNI)"
scan scan
echo "== uccert scan --single-handshake"
scan single --single-handshake

echo "== openssl s_time -new for $S_TIME s"
openssl s_time -connect "127.0.0.1:$BASE_PORT" -new -time "$S_TIME" >"$work/s_time.txt" 2>&1 || true

echo "== sslscan --show-certificate over $LOOP ports, one after the other"
s0=$(now_ns)
for ((i = 0; i < LOOP; i++)); do
  sslscan --show-certificate --no-colour "127.0.0.1:$((BASE_PORT + i % PORTS))" >>"$work/sslscan.txt" 2>&1 || true
done
s1=$(now_ns)
grep -q "Subject:" "$work/sslscan.txt" || { echo "scan_live: sslscan showed no certificate" >&2; exit 1; }

figures() { awk '{ printf "%s %s %s", $1 + $2, $3, 0 }' "$work/$1.time"; echo " $(cat "$work/$1.wall")"; }
awk -v n="$TARGETS" -v c="$CONCURRENCY" -v s0="$s0" -v s1="$s1" -v loop="$LOOP" \
  -v two="$(figures scan)" -v one="$(figures single)" \
  -v st="$(grep -m1 'connections in .* real seconds' "$work/s_time.txt" | awk '{ print $1, $4 }')" 'BEGIN {
  split(two, a, " "); split(one, b, " "); split(st, s, " ")
  rate2 = n / (a[4] / 1e9); rate1 = n / (b[4] / 1e9)
  st_rate = (s[2] > 0) ? s[1] / s[2] : 0
  loop_rate = loop / ((s1 - s0) / 1e9)
  printf "uccert scan (%d targets, concurrency %d):   %9.0f targets/s  (%.2f s wall, %.2f s CPU, 2 handshakes each)\n",
    n, c, rate2, a[4] / 1e9, a[1]
  printf "uccert scan --single-handshake:               %9.0f targets/s  (%.2f s wall, %.2f s CPU)\n",
    rate1, b[4] / 1e9, b[1]
  printf "uccert scan peak RSS (2 handshakes / 1):      %9d / %d KiB\n", a[2], b[2]
  printf "openssl s_time -new (full handshakes):        %9.0f handshakes/s (%d in %.2f s)\n", st_rate, s[1], s[2]
  printf "sslscan --show-certificate, one at a time:    %9.2f targets/s\n", loop_rate
  printf "ratio scan / s_time (2 handshakes / 1):       %9.2f / %.2f   (target >= 0.8)\n",
    (st_rate > 0 ? rate2 / st_rate : 0), (st_rate > 0 ? rate1 / st_rate : 0)
  printf "ratio scan / sslscan loop (2 handshakes / 1): %9.0f / %.0f   (target >= 50)\n", rate2 / loop_rate, rate1 / loop_rate
}'
