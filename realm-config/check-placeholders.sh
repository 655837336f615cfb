#!/usr/bin/env bash
# Refuses to go on when a realm import file uses a ${VARIABLE} placeholder (one without a :default) whose
# environment variable is unset or empty: Keycloak would otherwise import the literal text, e.g. a client
# secret equal to "${IDNUM_ENROLLMENT_CLIENT_SECRET}" that anyone reading this repository knows.
# Usage: check-placeholders.sh FILE... ; exit status 1 and the list of missing variables when any is missing.
set -euo pipefail
missing=()
for file in "$@"; do
  [ -f "${file}" ] || continue
  while read -r name; do
    if [ -z "${!name:-}" ]; then missing+=("${name} (${file##*/})"); fi
  done < <(grep -o '\${[A-Z_][A-Z0-9_]*}' "${file}" | tr -d '${}' | sort -u)
done
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'Realm import refused: set these environment variables first:\n' >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
