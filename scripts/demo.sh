#!/usr/bin/env bash
# The demo: brings up the `field-mistakes` lab (a Contoso Lync / Exchange deployment on
# 127.0.0.1 with the certificate mistakes of the field articles, uc-rules S-01 ... S-14), then
# diagnoses it as an administrator would: `uccert discover` against the lab's DNS, `uccert audit`
# of the lab's topology (every certificate against its role), and one `uccert check` per problem,
# each on its own screen with the story, the command and the report.
# The lab is brought down at the end, however the script ends.
#
#   scripts/demo.sh [path/to/uccert]      (default: build/uccert)
#
# Exit 0 when every diagnosis is the one the story predicts (exit 1 = warn, 2 = fail are what the
# mistakes call for); 1 when a verdict differs from the story; 3 when uccert could not evaluate a
# target, crashed, or the lab did not come up.
set -euo pipefail

uccert=${1:-build/uccert}
if [[ ! -x $uccert && -x $(dirname "$uccert")/apps/uccert ]]; then
  uccert=$(dirname "$uccert")/apps/uccert  # CMake puts the binary under apps/
fi
if [[ ! -x $uccert ]]; then
  echo "demo: $uccert is not an executable uccert (build it first: make build)" >&2
  exit 3
fi
uccert=$(cd "$(dirname "$uccert")" && pwd)/$(basename "$uccert")

work=$(mktemp -d "${TMPDIR:-/tmp}/uccert-demo.XXXXXX")
lab="$work/lab"
cleanup() {
  "$uccert" lab down --dir "$lab" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

rule() { printf '%*s\n' "${COLUMNS:-100}" '' | tr ' ' "$1"; }
show() { printf '$ uccert'; printf ' %q' "$@"; printf '\n\n'; }
# step WHAT ARGS...: shows the command, runs it; a verdict (exit 0-2) is the demo working, more is not
step() {
  local what=$1 rc
  shift
  show "$@"
  set +e
  "$uccert" "$@" </dev/null
  rc=$?
  set -e
  (( rc > 2 )) && { echo "demo: $what could not evaluate the lab (exit $rc)" >&2; status=3; }
  return 0
}

echo "Bringing up the field-mistakes lab: a Contoso deployment on 127.0.0.1 with the mistakes of the field ..."
if ! "$uccert" lab up field-mistakes --detach --dir "$lab"; then
  echo "demo: the lab did not come up" >&2
  exit 3
fi

dns=$(awk '$1 == "dns" { print $2 }' "$lab/lab.state")
declare -a connect=()
while read -r kind id host port lab_port proto; do
  [[ $kind == endpoint ]] && connect+=(--connect-to "$host:$port:127.0.0.1:$lab_port")
done <"$lab/lab.state"
trust=(--enterprise-root "$lab/ca/contoso-root.pem" --public-roots "$lab/ca/public-root.pem")

status=0
rule '='
echo "1. What clients find: uccert discover follows the DNS records every client looks up"
rule '-'
step discover discover contoso.com --dns-server "127.0.0.1:$dns" "${connect[@]}" "${trust[@]}"

rule '='
echo "2. What each server needs: uccert audit judges every assigned certificate against its role"
rule '-'
step audit audit "$lab/topology.toml" --dns-server "127.0.0.1:$dns" "${connect[@]}" \
  --public-roots "$lab/ca/public-root.pem"

declare -a summary=()
n=2
while IFS=$'\t' read -r -a f; do
  [[ ${#f[@]} -eq 0 || ${f[0]} == \#* ]] && continue
  if (( ${#f[@]} < 5 )); then
    echo "demo: malformed line in checks.tsv: ${f[*]}" >&2
    status=3
    continue
  fi
  n=$((n + 1))
  id=${f[0]} story=${f[1]} target=${f[2]} name=${f[3]} expect=${f[4]}
  args=(check --name "$name" "${f[@]:5}" "$target")
  expected_rc=0
  [[ $expect == *:warn* ]] && expected_rc=1
  [[ $expect == *:fail* ]] && expected_rc=2

  rule '='
  echo "$n. $id"
  echo "  $story"
  echo "  expected: ${expect//,/, }"
  rule '-'
  show "${args[@]}"
  set +e
  "$uccert" "${args[@]}" </dev/null
  rc=$?
  set -e
  case $rc in
    0) verdict="pass" ;;
    1) verdict="warn" ;;
    2) verdict="fail" ;;
    3) verdict="NOT EVALUATED"; status=3 ;;
    *) verdict="CRASHED (exit $rc)"; status=3 ;;
  esac
  note=""
  if (( rc <= 2 && rc != expected_rc )); then
    note="  (the story expects exit $expected_rc)"
    (( status == 0 )) && status=1
  fi
  echo
  echo "[exit $rc: $verdict]$note"
  summary+=("$(printf '  %-30s exit %d  %-5s%s' "$id" "$rc" "$verdict" "$note")")
done <"$lab/checks.tsv"

rule '='
echo "Summary (exit 1 = warn and 2 = fail are the diagnoses the mistakes call for):"
printf '%s\n' "${summary[@]}"
case $status in
  0) echo "Every diagnosis is the one its story predicts." ;;
  1) echo "demo: a verdict differs from its story" >&2 ;;
  *) echo "demo: uccert could not evaluate a target or crashed" >&2 ;;
esac
exit "$status"
