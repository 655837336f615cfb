#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with trust authentication for user postgres:
# starts the installed cluster if it is stopped, installs Debian's postgresql first if there is none (as root).
# Used by run.sh (the enrollment service's database) and .ci/run (the tests'). Exit status 1 says what is missing.
set -euo pipefail

log() { printf '[postgres] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

if command -v pg_isready >/dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 -q; then
  exit 0
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "PostgreSQL is not installed: installing Debian's postgresql"
  if ! { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql; }; then
    log "could not install PostgreSQL: install it (apt-get install postgresql) and allow trust authentication on 127.0.0.1"
    exit 1
  fi
  # A server we just installed for development only: loopback connections are trusted, as on the CI machines.
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "${hba}"
  done
fi
log "starting PostgreSQL"
for version in $(ls /etc/postgresql 2>/dev/null); do
  as_root pg_ctlcluster --skip-systemctl-redirect "${version}" main start || true
done
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && exit 0
  sleep 1
done
log "PostgreSQL does not answer on 127.0.0.1:5432"
exit 1
