#!/usr/bin/env bash
# The data flow is the folder structure (docs/architecture.md): a folder of src/uccert includes
# only itself and the folders before it in LAYERS, and only report/ writes JSON. Prints every
# include that breaks the order and exits 1 when there is one.
set -euo pipefail
cd "$(dirname "$0")/../src/uccert"
LAYERS=(pki verify names profiles evidence net acquire topology rules judge report run lab serve cli)
rank() {
  local i
  for i in "${!LAYERS[@]}"; do [[ ${LAYERS[$i]} == "$1" ]] && { echo "$i"; return; }; done
  echo -1
}
status=0
for dir in */; do
  folder=${dir%/}
  own=$(rank "$folder")
  if (( own < 0 )); then
    echo "check-layers: src/uccert/$folder is not in the layer list (scripts/check-layers.sh, docs/architecture.md)"
    status=1
    continue
  fi
  while IFS=: read -r file line include; do
    target=$(sed -E 's|.*"uccert/([a-z_]+)/.*|\1|' <<<"$include")
    other=$(rank "$target")
    if (( other < 0 || other > own )); then
      echo "check-layers: src/uccert/$file:$line includes uccert/$target/, which comes after $folder/"
      status=1
    fi
  done < <(grep -Hn '#include "uccert/' "$folder"/*.h "$folder"/*.cpp 2>/dev/null || true)
done
# JSON is written in one place: every key lives in report/ (docs/json.md).
while IFS= read -r file; do
  echo "check-layers: src/uccert/$file uses nlohmann::json outside report/"
  status=1
done < <(grep -l 'nlohmann' */*.h */*.cpp 2>/dev/null | grep -v '^report/' || true)
(( status == 0 )) && echo "check-layers: every include follows the data flow (${LAYERS[*]})"
exit "$status"
