#!/usr/bin/env bash
# A private PostgreSQL for the run command: no installed database server needed.
#
#   bin/embedded-postgres.sh start   initialises (first time) and starts it, creates the database, waits until ready
#   bin/embedded-postgres.sh stop    stops it (the data stays for the next start)
#   bin/embedded-postgres.sh reset   stops it and forgets its data
#
# The server binaries are the PostgreSQL builds published on Maven Central by the zonky project
# (io.zonky.test.postgres:embedded-postgres-binaries-<platform>), fetched through the Maven wrapper into the
# local Maven repository like any other dependency, unpacked under target/. Same major version as production
# (docker/compose.yaml), so the enrollment service runs the same SQL everywhere.
#
# It listens on 127.0.0.1 only (IDNUM_EMBEDDED_PG_PORT, default 54329), without a Unix socket, and trusts
# loopback connections: a development database holding demo data, never a production one.
# PostgreSQL refuses to run as root: as root, the server runs as the unprivileged user "nobody".
set -euo pipefail
cd "$(dirname "$0")/.."

PG_VERSION=16.15.0
PORT="${IDNUM_EMBEDDED_PG_PORT:-54329}"
DATABASE=idnum_enrollment
HOME_DIR="$(pwd)/target/embedded-postgres"

log() { printf '[postgres] %s\n' "$*"; }
fail() { printf '[postgres] ERROR: %s\n' "$*" >&2; exit 1; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-amd64 ;;
  Linux-aarch64 | Linux-arm64) platform=linux-arm64v8 ;;
  Darwin-x86_64) platform=darwin-amd64 ;;
  Darwin-arm64) platform=darwin-arm64v8 ;;
  *) fail "no embedded PostgreSQL build for $(uname -s) $(uname -m): set IDNUM_ENROLLMENT_DB_URL to a PostgreSQL database instead" ;;
esac

# Who runs the server, and where its files go: the unprivileged user must be able to reach them.
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv >/dev/null || fail "running as root needs setpriv (util-linux) to start PostgreSQL as nobody"
  run_as=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
  if ! "${run_as[@]}" test -x "$(pwd)"; then
    # This checkout sits where nobody may not go (e.g. under /root): the server's files go to /var/tmp.
    HOME_DIR="/var/tmp/idnum-embedded-postgres-$(pwd | cksum | cut -d' ' -f1)"
  fi
fi
BIN_DIR="${HOME_DIR}/${PG_VERSION}"
DATA_DIR="${HOME_DIR}/data"
LOG_FILE="${HOME_DIR}/postgres.log"
as_server() { "${run_as[@]}" "$@"; }

install_binaries() {
  [ -x "${BIN_DIR}/bin/postgres" ] && return 0
  command -v xz >/dev/null || fail "unpacking PostgreSQL needs xz (Debian: apt-get install xz-utils)"
  local artifact="io.zonky.test.postgres:embedded-postgres-binaries-${platform}:${PG_VERSION}"
  local download="${HOME_DIR}/download"
  log "fetching PostgreSQL ${PG_VERSION} for ${platform} from Maven Central (${artifact})"
  rm -rf "${download}" "${BIN_DIR}.tmp"
  mkdir -p "${download}" "${BIN_DIR}.tmp"
  ./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.7.1:copy \
    -Dartifact="${artifact}" -DoutputDirectory="${download}" -Dmdep.useBaseVersion=true \
    || fail "could not fetch ${artifact}"
  (cd "${download}" && jar xf ./*.jar) || fail "could not unpack ${artifact} (the JDK's jar tool)"
  tar -xJf "${download}"/*.txz -C "${BIN_DIR}.tmp"
  mv "${BIN_DIR}.tmp" "${BIN_DIR}"
  rm -rf "${download}"
}

pg_ctl_() { as_server "${BIN_DIR}/bin/pg_ctl" -D "${DATA_DIR}" "$@"; }

running() { [ -f "${DATA_DIR}/postmaster.pid" ] && pg_ctl_ status >/dev/null 2>&1; }

start() {
  install_binaries
  mkdir -p "${HOME_DIR}"
  if [ ! -f "${DATA_DIR}/PG_VERSION" ]; then
    log "creating the database cluster in ${DATA_DIR}"
    rm -rf "${DATA_DIR}"
    mkdir -p "${DATA_DIR}"
    [ ${#run_as[@]} -eq 0 ] || chown -R nobody "${HOME_DIR}"
    as_server "${BIN_DIR}/bin/initdb" -D "${DATA_DIR}" -U postgres --auth=trust -E UTF8 --no-locale \
      >"${HOME_DIR}/initdb.log" 2>&1 || fail "initdb failed, see ${HOME_DIR}/initdb.log"
    # The application database, created in single-user mode: no client program (psql) is needed.
    echo "CREATE DATABASE ${DATABASE};" \
      | as_server "${BIN_DIR}/bin/postgres" --single -D "${DATA_DIR}" postgres >>"${HOME_DIR}/initdb.log" 2>&1 \
      || fail "could not create the database ${DATABASE}, see ${HOME_DIR}/initdb.log"
  fi
  if running; then
    log "already running on 127.0.0.1:${PORT}"
    return 0
  fi
  [ ${#run_as[@]} -eq 0 ] || chown nobody "${HOME_DIR}"
  if (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; then
    fail "port ${PORT} is already in use (set IDNUM_EMBEDDED_PG_PORT to another port)"
  fi
  log "starting PostgreSQL ${PG_VERSION} on 127.0.0.1:${PORT} (log: ${LOG_FILE})"
  touch "${LOG_FILE}"
  [ ${#run_as[@]} -eq 0 ] || chown nobody "${LOG_FILE}"
  pg_ctl_ -l "${LOG_FILE}" -w -t 60 \
    -o "-h 127.0.0.1 -p ${PORT} -c unix_socket_directories=''" start >/dev/null \
    || fail "PostgreSQL did not start, see ${LOG_FILE}"
}

stop() {
  [ -x "${BIN_DIR}/bin/pg_ctl" ] && running || return 0
  log "stopping PostgreSQL"
  pg_ctl_ -m fast -w stop >/dev/null
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  reset) stop; rm -rf "${DATA_DIR}" "${LOG_FILE}" ;;
  url) echo "jdbc:postgresql://127.0.0.1:${PORT}/${DATABASE}" ;;
  *) echo "usage: $0 start|stop|reset|url" >&2; exit 2 ;;
esac
