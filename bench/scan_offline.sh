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

echo "== minting $N RSA-2048 leaves under one intermediate into $work ($(openssl version))"
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
[leaf_ext]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
cnf=$work/openssl.cnf
mkdir -p "$work/leaf" "$work/chain"
for k in root int leaf; do
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$k.key" 2>/dev/null
done
openssl req -config "$cnf" -new -x509 -key "$work/root.key" -subj "/O=Contoso/CN=Bench Root CA" \
  -days 3650 -extensions root_ext -sha256 -out "$work/root.pem"
openssl req -config "$cnf" -new -key "$work/int.key" -subj "/O=Contoso/CN=Bench Issuing CA" \
  -CA "$work/root.pem" -CAkey "$work/root.key" -days 1825 -extensions int_ext -sha256 -out "$work/int.pem"
mint_leaf() {
  local h="host-$1.bench.contoso.com"
  openssl req -config "$cnf" -new -key "$work/leaf.key" -subj "/CN=$h" -addext "subjectAltName=DNS:$h" \
    -CA "$work/int.pem" -CAkey "$work/int.key" -days 365 -extensions leaf_ext -sha256 \
    -out "$work/leaf/leaf-$1.pem"
  cat "$work/leaf/leaf-$1.pem" "$work/int.pem" >"$work/chain/chain-$1.pem"
}
export -f mint_leaf
export work cnf
seq -f '%05g' 1 "$N" | xargs -P "$(nproc)" -I{} bash -c 'mint_leaf {}'
seq -f '%05g' 1 "$N" |
  awk -v w="$work" '{ printf "%s/chain/chain-%s.pem --name host-%s.bench.contoso.com\n", w, $1, $1 }' \
    >"$work/targets.txt"

echo "== timing (CPU seconds, user + sys)"
scan_cpu=$(cd "$work" && cpu_of "$uccert" scan targets.txt --jobs 1 --public-roots root.pem --format json)
scan_rss=$(cat "$work/rss.txt")
judged=$(grep -c '"verdicts"' "$work/out.txt" || true)
[ "$judged" -eq "$N" ] || { echo "scan_offline: scan judged $judged of $N chains" >&2; exit 1; }
verify_cpu=$(cd "$work" && cpu_of sh -c 'openssl verify -CAfile root.pem -untrusted int.pem leaf/leaf-*.pem')
speed=$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ { print $(NF) }')
check_cpu=$(cd "$work" && cpu_of "$uccert" check chain/chain-00001.pem --name host-00001.bench.contoso.com)
verify1_cpu=$(cd "$work" &&
  cpu_of openssl verify -CAfile /etc/ssl/certs/ca-certificates.crt -untrusted int.pem leaf/leaf-00001.pem)

awk -v n="$N" -v m="$scan_rss" -v s="$scan_cpu" -v v="$verify_cpu" -v r="$speed" -v c="$check_cpu" \
  -v o="$verify1_cpu" 'BEGIN {
  scan_rate = n / s; verify_rate = n / v
  printf "uccert scan (offline, --jobs 1, 9 profiles):   %9.0f chains/s  (%s s CPU for %d)\n",
    scan_rate, s, n
  printf "uccert scan peak RSS:                          %9d KiB\n", m
  printf "openssl verify, one process:                   %9.0f chains/s  (%s s CPU)\n", verify_rate, v
  printf "openssl speed rsa2048, verify/s (one core):    %9.0f\n", r
  printf "ratio scan / openssl verify:                   %9.2f   (target >= 5)\n", scan_rate / verify_rate
  printf "ratio scan / rsa2048 verify rate:              %9.4f   (target >= 0.25)\n", scan_rate / r
  printf "uccert check FILE, system store (CPU):         %9.3f s\n", c
  printf "openssl verify of the same chain (CPU):        %9.3f s\n", o
  printf "ratio start-up:                                %9.2f   (target <= 1.2)\n", (o > 0 ? c / o : 0)
}'
