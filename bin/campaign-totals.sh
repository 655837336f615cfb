#!/usr/bin/env bash
# Issue 14's campaign totals (docs/security-tests.md, "Totals"): sums the counts that each campaign test class wrote
# as <module>/target/campaign/<Class>.properties during the build (cases, faults, serverErrors, secretsFound,
# lostEnrollments; knownServerErrors for server errors of Keycloak core that are measured, not ours to fix), prints
# one line per class and the totals, and fails when a server error, a secret found or a lost enrollment was counted,
# or when no test wrote its counts (the campaign did not run).
# Usage: bin/campaign-totals.sh [checkout directory, default: this script's checkout]
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"

shopt -s nullglob
files=("${root}"/*/target/campaign/*.properties "${root}"/*/*/target/campaign/*.properties)
if [ "${#files[@]}" -eq 0 ]; then
  echo "[campaign] no counts found under ${root}/*/target/campaign/: the campaign did not run" >&2
  exit 1
fi

keys=(cases faults serverErrors secretsFound lostEnrollments knownServerErrors)
declare -A total=()
for key in "${keys[@]}"; do total[$key]=0; done

# value KEY FILE: the integer of KEY in a java.util.Properties file (0 when absent)
value() {
  local v
  v="$(sed -n "s/^[[:space:]]*$1[[:space:]]*[=:][[:space:]]*\([0-9][0-9]*\)[[:space:]]*$/\1/p" "$2" | tail -n 1)"
  echo "${v:-0}"
}

printf '[campaign] %-44s %9s %7s %13s %13s %16s %18s\n' "module/class" "${keys[@]}"
for file in "${files[@]}"; do
  relative="${file#"${root}"/}"
  name="${relative%%/target/*}/$(basename "${file}" .properties)"
  row=()
  for key in "${keys[@]}"; do
    n="$(value "${key}" "${file}")"
    row+=("${n}")
    total[$key]=$(( total[$key] + n ))
  done
  printf '[campaign] %-44s %9s %7s %13s %13s %16s %18s\n' "${name}" "${row[@]}"
done
printf '[campaign] %-44s %9s %7s %13s %13s %16s %18s\n' "TOTAL (${#files[@]} classes)" \
  "${total[cases]}" "${total[faults]}" "${total[serverErrors]}" "${total[secretsFound]}" "${total[lostEnrollments]}" \
  "${total[knownServerErrors]}"
echo "[campaign] cases tried ${total[cases]}, faults injected ${total[faults]}, server errors ${total[serverErrors]}," \
  "secrets found ${total[secretsFound]}, lost enrollments ${total[lostEnrollments]}" \
  "(known server errors of Keycloak core, not ours: ${total[knownServerErrors]})"

if [ "${total[serverErrors]}" -gt 0 ] || [ "${total[secretsFound]}" -gt 0 ] || [ "${total[lostEnrollments]}" -gt 0 ]; then
  echo "[campaign] FAILED: server errors, secrets found and lost enrollments must all be 0" >&2
  exit 1
fi
