#!/usr/bin/env bash
# The demo: mints a small Contoso Lync / Exchange deployment's certificates, with the mistakes
# the seed articles describe (docs: uc-rules "Seed scenarios" S-01 ... S-14), into a temporary
# folder, then judges each one with `uccert check` for the clients that reach it.
#
#   scripts/demo.sh [path/to/uccert]      (default: build/uccert)
#
# Which checks run comes from DIR/scenarios.tsv, written by `uccert lab mint-demo`: one line per
# check (id, story, file, dialled name, expected verdict per client, further options). Exit codes
# 1 (warn) and 2 (fail) are what the mistakes should produce; this script fails only when uccert
# cannot evaluate a target (exit 3) or crashes. A verdict other than the story's is flagged in
# the summary.
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
trap 'rm -rf "$work"' EXIT

rule() { printf '%*s\n' "${COLUMNS:-100}" '' | tr ' ' "$1"; }

echo "Minting the Contoso demo deployment into $work (a few seconds: RSA keys) ..."
if ! "$uccert" lab mint-demo --out "$work" >"$work/.mint.log" 2>&1; then
  cat "$work/.mint.log" >&2
  echo "demo: uccert lab mint-demo failed" >&2
  exit 3
fi
echo "Certificates written:"
sed -n 's|^\(/.*\.pem\)$|  \1|p' "$work/.mint.log"
echo

declare -a summary=()
status=0
while IFS=$'\t' read -r -a f; do
  [[ ${#f[@]} -eq 0 || ${f[0]} == \#* ]] && continue
  if (( ${#f[@]} < 5 )); then
    echo "demo: malformed line in scenarios.tsv: ${f[*]}" >&2
    status=3
    continue
  fi
  id=${f[0]} story=${f[1]} file=${f[2]} name=${f[3]} expect=${f[4]}
  args=(check --name "$name" "${f[@]:5}" "$file")
  expected_rc=0
  [[ $expect == *:warn* ]] && expected_rc=1
  [[ $expect == *:fail* ]] && expected_rc=2

  rule '='
  echo "$id"
  echo "  $story"
  echo "  expected: ${expect//,/, }"
  rule '-'
  printf '$ uccert'
  printf ' %q' "${args[@]}"
  printf '\n\n'

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
  (( rc <= 2 && rc != expected_rc )) && note="  (the story expects exit $expected_rc)"
  echo
  echo "[exit $rc: $verdict]$note"
  summary+=("$(printf '  %-34s exit %d  %-5s%s' "$id" "$rc" "$verdict" "$note")")
done <"$work/scenarios.tsv"

rule '='
echo "Summary (exit 1 = warn and 2 = fail are the diagnoses the mistakes call for):"
printf '%s\n' "${summary[@]}"
if (( status != 0 )); then
  echo "demo: uccert could not evaluate a scenario or crashed" >&2
fi
exit "$status"
