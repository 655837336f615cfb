#!/usr/bin/env bash
# The run command: builds what is needed, installs the official Keycloak distribution (from Maven Central)
# with our providers, theme and realm, and starts the whole system on embedded defaults:
#   Keycloak (dev database in keycloak-server/target/...)  http://localhost:8080
#   enrollment service                                     http://localhost:8081
#     (its PostgreSQL: a private server on 127.0.0.1:54329, data in target/embedded-postgres/)
#   demo relying party "Mon Compte Formation (démo)"       http://localhost:8082  (open this first)
#   web phone: the citizen's phone app in the browser      http://localhost:8083
#   agents' desk "Guichet Identité Numérique"              http://localhost:8084  (post-office agents, operators)
#   mailbox (the e-mails Keycloak sends)                   http://localhost:8025
# Ctrl-C stops everything. `./run.sh --reset` forgets both databases first (re-imports the realm).
# `./run.sh --production` starts Keycloak as production does (docker/keycloak.Dockerfile): built once for PostgreSQL
# (`kc.sh build`, in target/run/keycloak-production), `start --optimized`, its database on the same PostgreSQL,
# theme caches and the full JIT on; HTTP on localhost instead of TLS. For the benchmark (docs/benchmarks.md).
#
# Fast on later runs: a module is built again only when its sources (or those of the modules it uses) changed
# since its last build here (a checksum in <module>/target/run-inputs); Keycloak re-augments itself only when a
# provider jar changed; the database and the mailbox start while Maven builds; every process starts at once and
# they are awaited together. The build skips tests altogether (Maven profile "run"). MAVEN_ARGS (Maven's own
# variable) passes options to every Maven call, e.g. MAVEN_ARGS=-Dmaven.repo.local=/tmp/m2 ./run.sh.
#
# Every secret below is a DEMO VALUE for this command only; production takes them from the environment
# (see docs/operations.md). Any variable already set in the environment wins.
set -euo pipefail
cd "$(dirname "$0")"

export IDNUM_MCF_CLIENT_SECRET="${IDNUM_MCF_CLIENT_SECRET:-demo-only-mcf-secret-not-for-production}"
export IDNUM_HUB_CLIENT_SECRET="${IDNUM_HUB_CLIENT_SECRET:-demo-only-hub-secret-not-for-production}"
export IDNUM_ENROLLMENT_CLIENT_SECRET="${IDNUM_ENROLLMENT_CLIENT_SECRET:-demo-only-enrollment-secret-not-for-production}"
export IDNUM_DEMO_PASSWORD="${IDNUM_DEMO_PASSWORD:-Demo-Citoyen-2026}"
# base64 of 42 bytes "demo-only-code-hash-key-not-for-production": keys the hashes of SMS and activation codes
export IDNUM_CODE_HASH_KEY="${IDNUM_CODE_HASH_KEY:-ZGVtby1vbmx5LWNvZGUtaGFzaC1rZXktbm90LWZvci1wcm9kdWN0aW9u}"
# base64 of 32 bytes "demo-only-pin-key-not-for-prod!!": keys the verifiers of the citizens' 4-digit codes in Keycloak
export KC_SPI_CREDENTIAL__IDNUM_DEVICE__PIN_KEY="${KC_SPI_CREDENTIAL__IDNUM_DEVICE__PIN_KEY:-ZGVtby1vbmx5LXBpbi1rZXktbm90LWZvci1wcm9kISE=}"
# Keycloak calls the enrollment service (activation codes, pushes, notices) as its own service client
# (idnum-keycloak), with tokens it makes itself for the issuer the enrollment service checks (IDNUM_OIDC_ISSUER).
export KC_SPI_IDNUM_ENROLLMENT__HTTP__URL="${KC_SPI_IDNUM_ENROLLMENT__HTTP__URL:-http://localhost:8081}"
export KC_SPI_IDNUM_ENROLLMENT__HTTP__ISSUER="${KC_SPI_IDNUM_ENROLLMENT__HTTP__ISSUER:-http://localhost:8080/realms/idnum}"
# Keycloak's development mode re-reads and re-parses every page template at each page (its dev profile turns the
# theme caches off): 18 % of Keycloak's CPU under the bench (docs/benchmarks.md). Our theme is a jar, rebuilt and
# reloaded by this command on a change, so the caches lose nothing here; they stay on.
export KC_SPI_THEME__CACHE_THEMES="${KC_SPI_THEME__CACHE_THEMES:-true}"
export KC_SPI_THEME__CACHE_TEMPLATES="${KC_SPI_THEME__CACHE_TEMPLATES:-true}"
# The web phone signs in as the app (idnum-app) and comes back here: the realm's second redirect URI of that client.
export IDNUM_WEB_PHONE_REDIRECT_URI="${IDNUM_WEB_PHONE_REDIRECT_URI:-http://localhost:8083/callback}"
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-demo-admin-not-for-production}"

# The distribution that runs: keycloak.dist.version in pom.xml (keycloak-server/ unpacks it there), read
# from the POM so the two cannot drift apart.
KEYCLOAK_VERSION="$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)"
KC_HOME="keycloak-server/target/keycloak-${KEYCLOAK_VERSION}"
RUN_DIR="target/run"
# The demo staff's and citizen's phones (simulator state files), made once per database by bin/demo-staff.
DEMO_PHONES="${RUN_DIR}/phones"
DEMO_PIN=2580
DEMO_CITIZEN=lea.bernard
KEYCLOAK_URL="http://localhost:8080"
ENROLLMENT_URL="http://localhost:8081"
ENROLLMENT_MANAGEMENT_URL="http://localhost:9081"
DEMO_RP_URL="http://localhost:8082"
DESK_URL="http://localhost:8084"
WEB_PHONE_URL="http://localhost:8083"
# The mail catcher (bin/mailbox): Keycloak's e-mails go to its SMTP port (the realm's default smtpServer), its page shows them.
MAILBOX_SMTP_PORT=2525
MAILBOX_URL="http://localhost:8025"
GREENMAIL_VERSION=2.1.3
GREENMAIL_JAR="${RUN_DIR}/greenmail-standalone-${GREENMAIL_VERSION}.jar"
# The stand-in remote verification provider of the demo staff (bin/demo-staff): its key, and its public JWKS.
DEMO_PROVIDER_KEY="${RUN_DIR}/demo-verification-provider.jwk"
DEMO_PROVIDER_JWKS="${RUN_DIR}/demo-verification-provider.jwks.json"
DEMO_STAFF_CLASSES="${RUN_DIR}/demo-staff-classes"

# Start-up before peak speed: with the JIT's first tier only (C1), a JVM spends about half the CPU starting (Keycloak's
# re-augmentation here: 27 s of CPU, 14 s with it), which is what a 2-core machine waits for; one person's demo never
# needs the second tier's speed. For every JVM this command starts, Maven's included; IDNUM_RUN_JAVA_OPTIONS= for none.
RUN_JAVA_OPTIONS="${IDNUM_RUN_JAVA_OPTIONS--XX:TieredStopAtLevel=1}"
export MAVEN_OPTS="${MAVEN_OPTS:-${RUN_JAVA_OPTIONS}}"
# --production: Keycloak's own copy of the distribution, built for PostgreSQL.
KC_PRODUCTION_HOME="${RUN_DIR}/keycloak-production"

log() { printf '[run] %s\n' "$*"; }
fail() { printf '[run] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<USAGE
usage: ./run.sh [--reset] [--production]
  Builds what changed and starts Identité Numérique on this machine (Ctrl-C stops it).
  --reset        forget Keycloak's and the enrollment service's databases first (the realm is imported again)
  --production   Keycloak as production starts it: kc.sh build for PostgreSQL, then start --optimized, its database
                 on the enrollment service's PostgreSQL (or KC_DB_URL, KC_DB_USERNAME, KC_DB_PASSWORD), full JIT,
                 heap JAVA_OPTS_KC_HEAP (default -Xms512m -Xmx1g); plain HTTP on localhost all the same
  MAVEN_ARGS=...   options for every Maven call, e.g. MAVEN_ARGS=-Dmaven.repo.local=/tmp/m2 ./run.sh
USAGE
}

reset=false production=false
for arg in "$@"; do
  case "${arg}" in
    --reset) reset=true ;;
    --production) production=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option: ${arg}" ;;
  esac
done

# Production runs with the JIT's two tiers (IDNUM_RUN_JAVA_OPTIONS still wins) and a heap given explicitly.
if [[ "${production}" == true ]]; then
  [[ -n "${IDNUM_RUN_JAVA_OPTIONS+set}" ]] || RUN_JAVA_OPTIONS=""
  export JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms512m -Xmx1g}"
fi

command -v java >/dev/null || fail "a JDK 17+ is required (java not found on PATH)"
command -v curl >/dev/null || fail "curl is required (it checks that each server is up)"
[[ -n "${KEYCLOAK_VERSION}" ]] || fail "no <keycloak.dist.version> in pom.xml"

# ---------------------------------------------------------------------------------------------------------------
# The processes. One `service` line each: a name (its log is target/run/NAME.log), what to call it, the Maven
# module that builds it ("-": none), the ports it takes (checked free first), the URL that answers once it is
# ready, what it needs first ("-", or the need_* functions below), and its command, run from this directory once
# its module is built. Each starts as soon as it can, all at once; they are awaited together.
svc_names=() svc_titles=() svc_modules=() svc_ports=() svc_urls=() svc_needs=() svc_cmds=() svc_pids=() svc_up=()
service() {
  svc_names+=("$1") svc_titles+=("$2") svc_modules+=("$3") svc_ports+=("$4") svc_urls+=("$5") svc_needs+=("$6")
  svc_cmds+=("$7") svc_pids+=("") svc_up+=("")
}
if [[ "${production}" == false ]]; then
  # Keycloak in development mode: it augments itself again only when a provider jar or a build option changed
  # since the last start (otherwise it starts at once), so the jars are copied only when rebuilt.
  service keycloak "Keycloak ${KEYCLOAK_VERSION}" keycloak-server "8080 9000" \
    "${KEYCLOAK_URL}/realms/idnum/.well-known/openid-configuration" realm \
    '"${KC_HOME}/bin/kc.sh" start-dev --http-port=8080 --import-realm --health-enabled=true'
else
  # Keycloak as production starts it (need_production_keycloak builds it and gives it its database). Its cluster
  # transport (cache=ispn, as in production) listens on loopback only: a cluster of one here.
  service keycloak "Keycloak ${KEYCLOAK_VERSION} (production mode)" keycloak-server "8080 9000" \
    "${KEYCLOAK_URL}/realms/idnum/.well-known/openid-configuration" "realm postgres production_keycloak" \
    '"${KC_PRODUCTION_HOME}/bin/kc.sh" start --optimized --import-realm --http-enabled=true --http-port=8080 --hostname="${KEYCLOAK_URL}" --cache-embedded-network-bind-address=127.0.0.1'
fi
service enrollment "the enrollment service" enrollment "8081 9081" "${ENROLLMENT_MANAGEMENT_URL}/q/health/ready" \
  "postgres demo_provider" 'java -Dquarkus.profile=demo -jar enrollment/target/quarkus-app/quarkus-run.jar'
# It reads IDNUM_MCF_CLIENT_SECRET (and IDNUM_MCF_REDIRECT_URI, ..._POST_LOGOUT_REDIRECT_URI when set) as the realm does.
service demo-rp "the demo service Mon Compte Formation" demo-rp 8082 "${DEMO_RP_URL}/" - \
  'java -jar demo-rp/target/idnum-demo-rp-*-app.jar'
# A public client (idnum-backoffice): no secret; IDNUM_BACKOFFICE_REDIRECT_URI, when set, moves it as it moves the realm's.
service desk "the agents' desk" desk 8084 "${DESK_URL}/" - 'java -jar desk/target/idnum-desk-*-app.jar'
service web-phone "the web phone" web-phone 8083 "${WEB_PHONE_URL}/" - 'java -jar web-phone/target/idnum-web-phone-*.jar'
service mailbox "the mailbox" - "${MAILBOX_SMTP_PORT} 8025" "${MAILBOX_URL}/" greenmail \
  'java -cp "${GREENMAIL_JAR}" bin/mailbox/Mailbox.java "${MAILBOX_SMTP_PORT}" 8025'
# Built too, started by nothing: the phone simulator's command line (the demo users' phones).
TOOL_MODULES=(simulator)

for ports in "${svc_ports[@]}"; do
  for port in ${ports}; do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      fail "port ${port} is already in use: stop what listens there (Keycloak needs 8080 and 9000, the enrollment service 8081 and 9081, the demo service 8082, the web phone 8083, the desk 8084, the mailbox ${MAILBOX_SMTP_PORT} and 8025)"
    fi
  done
done

# ---------------------------------------------------------------------------------------------------------------
# What to build: a module's build is skipped when the checksum of its inputs (its files and those of the reactor
# modules it depends on, per the POMs, with the parent POM and the Maven wrapper) is the one recorded after its
# last successful build, in <module>/target/run-inputs (so `mvn clean` forgets it).
reactor_dirs=() reactor_artifacts=()
for dir in $(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml); do
  [[ -f "${dir}/pom.xml" ]] || continue
  reactor_dirs+=("${dir}")
  reactor_artifacts+=("$(sed -n '/<\/parent>/,$ s:.*<artifactId>\(.*\)</artifactId>.*:\1:p' "${dir}/pom.xml" | head -n 1)")
done
module_closure() { # MODULE -> the module and the reactor modules it depends on, transitively
  local todo=("$1") seen=" " m dep i
  while ((${#todo[@]})); do
    m="${todo[0]}" todo=("${todo[@]:1}")
    [[ "${seen}" == *" ${m} "* ]] && continue
    seen+="${m} "
    for dep in $(sed -n 's:.*<artifactId>\(idnum-[^<]*\)</artifactId>.*:\1:p' "${m}/pom.xml"); do
      for i in "${!reactor_artifacts[@]}"; do
        [[ "${reactor_artifacts[i]}" == "${dep}" ]] && todo+=("${reactor_dirs[i]}")
      done
    done
  done
  echo "${seen}"
}
module_inputs() { # MODULE -> checksum of its inputs
  # shellcheck disable=SC2046 # the module list splits on spaces on purpose
  find $(module_closure "$1") pom.xml .mvn mvnw \( -name target -o -name node_modules \) -prune -o -type f -print0 \
    | LC_ALL=C sort -z | xargs -0 cksum | cksum
}
module_output_ok() { # MODULE -> whether what its last build made is still there
  case "$1" in
    keycloak-server) [[ -x "${KC_HOME}/bin/kc.sh" && -f "${KC_HOME}/providers/idnum-providers.jar" ]] ;;
    *) compgen -G "$1/target/*.jar" >/dev/null || [[ -d "$1/target/quarkus-app" ]] ;;
  esac
}
to_build=() inputs=()
for module in $(printf '%s\n' "${svc_modules[@]}" "${TOOL_MODULES[@]}" | grep -vx -- - | sort -u); do
  sum="$(module_inputs "${module}")"
  if [[ "$(cat "${module}/target/run-inputs" 2>/dev/null)" != "${sum}" ]] || ! module_output_ok "${module}"; then
    to_build+=("${module}") inputs+=("${sum}")
  fi
done
# Maven rebuilds these modules and those they use (-am): what runs from their jars waits for the build.
rebuilt=" "
for module in "${to_build[@]}"; do rebuilt+="$(module_closure "${module}") "; done
built() { [[ "${rebuilt}" != *" $1 "* ]]; } # MODULE ("-" too): nothing of it left to build

# ---------------------------------------------------------------------------------------------------------------
# The enrollment service keeps its data in PostgreSQL: by default a private one started by this command
# (bin/embedded-postgres.sh: binaries from Maven Central, data under target/, nothing installed); with
# IDNUM_ENROLLMENT_DB_URL set (and IDNUM_ENROLLMENT_DB_USER / _PASSWORD), that database instead.
embedded_db=false
if [[ -z "${IDNUM_ENROLLMENT_DB_URL:-}" ]]; then
  embedded_db=true
  export IDNUM_ENROLLMENT_DB_URL="$(bin/embedded-postgres.sh url)"
  export IDNUM_ENROLLMENT_DB_USER=postgres IDNUM_ENROLLMENT_DB_PASSWORD=
fi

# Staff sign in to the desk at eidas2, with a phone whose enrollment needs an identity check, and no agent can sign
# in before the first one is checked: for the demo, bin/demo-staff/DemoStaff.java plays the remote verification
# provider with a key drawn on this machine, which the enrollment service trusts only when this command starts it.
demo_provider=false
if [[ -z "${IDNUM_REMOTE_VERIFICATION_JWKS:-}" ]]; then
  demo_provider=true
  export IDNUM_REMOTE_VERIFICATION_ISSUER="${IDNUM_REMOTE_VERIFICATION_ISSUER:-https://demo-verification-provider.invalid}"
fi

started=$(date +%s)
mkdir -p "${RUN_DIR}"
postgres_job="" greenmail_job=""
cleanup() {
  trap - EXIT INT TERM
  log "stopping..."
  local pid
  for pid in "${svc_pids[@]}" "${postgres_job}" "${greenmail_job}"; do [[ -z "${pid}" ]] || kill "${pid}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ "${embedded_db}" == false ]] || bin/embedded-postgres.sh stop
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

if [[ "${reset}" == true ]]; then
  log "forgetting Keycloak's dev database and the enrollment service's embedded one"
  [[ "${production}" == false || -z "${KC_DB_URL:-}" ]] \
    || log "WARNING: --reset does not touch Keycloak's database at KC_DB_URL"
  rm -rf "${KC_HOME}/data/h2" "${DEMO_PHONES}"
  [[ "${embedded_db}" == false ]] || bin/embedded-postgres.sh reset
fi

# While Maven builds: the embedded PostgreSQL starts, the mailbox's jar is fetched (once).
if [[ "${embedded_db}" == true ]]; then
  bin/embedded-postgres.sh start &
  postgres_job=$!
fi
if [[ ! -f "${GREENMAIL_JAR}" ]]; then
  ./mvnw -q -B -N dependency:copy -Dartifact="com.icegreen:greenmail-standalone:${GREENMAIL_VERSION}" \
    -DoutputDirectory="${RUN_DIR}" > "${RUN_DIR}/greenmail-fetch.log" 2>&1 &
  greenmail_job=$!
fi

# What each process needs before it starts; 1 when not yet (it then starts once the build is done).
need_postgres() {
  [[ -n "${postgres_job}" ]] || return 0
  wait "${postgres_job}" || fail "could not start the enrollment service's embedded PostgreSQL"
  postgres_job=""
}
need_greenmail() {
  [[ -n "${greenmail_job}" ]] || return 0
  # Fetched during the build on a first run: the mailbox then starts after the build rather than hold it up.
  if ((${#to_build[@]})) && kill -0 "${greenmail_job}" 2>/dev/null; then return 1; fi
  wait "${greenmail_job}" || fail "could not fetch GreenMail ${GREENMAIL_VERSION}; see ${RUN_DIR}/greenmail-fetch.log"
  greenmail_job=""
}
need_realm() {
  built keycloak-server || return 1
  cp realm-config/demo/idnum-users-0.json "${KC_HOME}/data/import/"
  realm-config/check-placeholders.sh "${KC_HOME}"/data/import/*.json || fail "the realm needs the variables above"
}
# --production: a copy of the distribution (providers, theme, realm, configuration) built for PostgreSQL as
# docker/keycloak.Dockerfile builds it, again only when what it was copied from changed; and its database.
need_production_keycloak() {
  local source_sum
  source_sum="$(find "${KC_HOME}/providers" "${KC_HOME}/conf" "${KC_HOME}/data/import" -type f -print0 \
    | LC_ALL=C sort -z | xargs -0 cksum | cksum)"
  if [[ "$(cat "${KC_PRODUCTION_HOME}/.idnum-built-from" 2>/dev/null)" != "${source_sum}" ]]; then
    log "building Keycloak for production (kc.sh build --db=postgres; log: ${RUN_DIR}/keycloak-build.log)"
    rm -rf "${KC_PRODUCTION_HOME}"
    mkdir -p "${KC_PRODUCTION_HOME}"
    (cd "${KC_HOME}" && tar --exclude=./data/h2 --exclude=./data/tmp -cf - .) | (cd "${KC_PRODUCTION_HOME}" && tar -xf -)
    (export JDK_JAVA_OPTIONS="${RUN_JAVA_OPTIONS}"
     "${KC_PRODUCTION_HOME}/bin/kc.sh" build --db=postgres --health-enabled=true --metrics-enabled=true) \
      > "${RUN_DIR}/keycloak-build.log" 2>&1 || fail "kc.sh build failed; see ${RUN_DIR}/keycloak-build.log"
    echo "${source_sum}" > "${KC_PRODUCTION_HOME}/.idnum-built-from"
  fi
  if [[ -z "${KC_DB_URL:-}" ]]; then
    [[ "${embedded_db}" == true ]] \
      || fail "--production with IDNUM_ENROLLMENT_DB_URL set needs KC_DB_URL (and KC_DB_USERNAME, KC_DB_PASSWORD) for Keycloak's database"
    local server driver
    server="$(bin/embedded-postgres.sh url)" server="${server%/*}"
    driver="$(ls "${KC_HOME}"/lib/lib/main/org.postgresql.postgresql-*.jar | head -n 1)"
    java ${RUN_JAVA_OPTIONS} -cp "${driver}" bin/keycloak-database/CreateDatabase.java "${server}/postgres" postgres idnum_keycloak \
      || fail "could not create Keycloak's database idnum_keycloak on the embedded PostgreSQL"
    export KC_DB_URL="${server}/idnum_keycloak" KC_DB_USERNAME=postgres KC_DB_PASSWORD=trust-auth-unused
  fi
  cp realm-config/demo/idnum-users-0.json "${KC_PRODUCTION_HOME}/data/import/"
}
# The demo users' program (bin/demo-staff/DemoStaff.java), compiled once against the simulator's command-line jar.
demo_staff_java() {
  built simulator || return 1
  local jar
  jar="$(ls simulator/target/idnum-simulator-*-cli.jar | head -n 1)"
  if [[ ! "${DEMO_STAFF_CLASSES}/DemoStaff.class" -nt bin/demo-staff/DemoStaff.java \
        || "${jar}" -nt "${DEMO_STAFF_CLASSES}/DemoStaff.class" ]]; then
    rm -rf "${DEMO_STAFF_CLASSES}"
    javac -nowarn -cp "${jar}" -d "${DEMO_STAFF_CLASSES}" bin/demo-staff/DemoStaff.java \
      || fail "could not compile bin/demo-staff/DemoStaff.java"
  fi
  # shellcheck disable=SC2206 # the options split on spaces on purpose
  DEMO_STAFF=(java ${RUN_JAVA_OPTIONS} -cp "${jar}:${DEMO_STAFF_CLASSES}" DemoStaff)
}
need_demo_provider() {
  [[ "${demo_provider}" == true ]] || return 0
  if [[ ! -s "${DEMO_PROVIDER_JWKS}" || ! -f "${DEMO_PROVIDER_KEY}" ]]; then
    demo_staff_java || return 1
    "${DEMO_STAFF[@]}" keygen "${DEMO_PROVIDER_KEY}" > "${DEMO_PROVIDER_JWKS}.tmp" \
      || fail "could not draw the demo verification provider's key"
    mv "${DEMO_PROVIDER_JWKS}.tmp" "${DEMO_PROVIDER_JWKS}"
  fi
  IDNUM_REMOTE_VERIFICATION_JWKS="$(cat "${DEMO_PROVIDER_JWKS}")"
  export IDNUM_REMOTE_VERIFICATION_JWKS
}

start_service() { # INDEX: starts it unless it runs already; 1 when something it needs is not there yet
  local i=$1 need
  [[ -z "${svc_pids[i]}" ]] || return 0
  built "${svc_modules[i]}" || return 1
  for need in ${svc_needs[i]}; do
    [[ "${need}" == - ]] || "need_${need}" || return 1
  done
  log "starting ${svc_titles[i]} (log: ${RUN_DIR}/${svc_names[i]}.log)"
  (export JDK_JAVA_OPTIONS="${RUN_JAVA_OPTIONS}"; eval "exec ${svc_cmds[i]}") > "${RUN_DIR}/${svc_names[i]}.log" 2>&1 &
  svc_pids[i]=$!
}
start_services() {
  local i
  for i in "${!svc_names[@]}"; do start_service "${i}" || true; done
}

# Whatever is already built starts now, the rest after the build.
start_services
if ((${#to_build[@]})); then
  log "building $(IFS=,; echo "${to_build[*]}") and what they use (the first run downloads the dependencies)..."
  ./mvnw -q -B -T 1C -Prun -pl "$(IFS=,; echo "${to_build[*]}")" -am package || fail "the build failed"
  for i in "${!to_build[@]}"; do echo "${inputs[i]}" > "${to_build[i]}/target/run-inputs"; done
  rebuilt=" " to_build=()
  start_services
else
  log "nothing to build: no source changed since the last build"
fi
for i in "${!svc_names[@]}"; do
  [[ -n "${svc_pids[i]}" ]] || fail "${svc_titles[i]} could not start"
done

wait_until_up() { # every process at once, until each answers; stops at the first that dies
  local i waiting deadline=$((SECONDS + 300))
  while :; do
    waiting=0
    for i in "${!svc_names[@]}"; do
      [[ -z "${svc_up[i]}" ]] || continue
      if curl -fsS -o /dev/null --max-time 5 "${svc_urls[i]}" 2>/dev/null; then
        svc_up[i]=yes
        log "${svc_titles[i]} is up ($(($(date +%s) - started)) s)"
        continue
      fi
      kill -0 "${svc_pids[i]}" 2>/dev/null || fail "${svc_titles[i]} stopped during start-up; see ${RUN_DIR}/${svc_names[i]}.log"
      waiting=1
    done
    ((waiting)) || return 0
    ((SECONDS < deadline)) || fail "not everything was up after 300 s; see the logs in ${RUN_DIR}/"
    sleep 0.5
  done
}
wait_until_up

# ---------------------------------------------------------------------------------------------------------------
# Once per database, all at once: the demo staff's phones, the demo citizen's phone, and marie.dupont awaiting her
# check at the post office.
demo_user() {
  local mode=$1 user=$2; shift 2
  [[ -f "${DEMO_PHONES}/${user}.done" ]] && return 0
  if "${DEMO_STAFF[@]}" "${mode}" "$@" >> "${RUN_DIR}/demo-staff.log" 2>&1; then
    mkdir -p "${DEMO_PHONES}" && touch "${DEMO_PHONES}/${user}.done"
  else
    log "WARNING: could not prepare ${user} (${mode}); see ${RUN_DIR}/demo-staff.log (a database made before this account was added to realm-config/demo/: ./run.sh --reset)"
  fi
}
demo_phone() { # USER EMAIL GIVEN_NAMES BIRTH_NAME MOBILE: an enrolled, checked and activated simulated phone
  demo_user enroll "$1" "${KEYCLOAK_URL}/realms/idnum" "${ENROLLMENT_URL}" "${DEMO_PROVIDER_KEY}" \
    "${IDNUM_REMOTE_VERIFICATION_ISSUER}" "${DEMO_PHONES}/$1.json" "$1" "${IDNUM_DEMO_PASSWORD}" "$2" "$3" "$4" "$5" "${DEMO_PIN}"
}
if [[ "${demo_provider}" == true ]]; then
  demo_staff_java
  if [[ ! -f "${DEMO_PHONES}/agent.guichet.done" || ! -f "${DEMO_PHONES}/operateur.demo.done" \
        || ! -f "${DEMO_PHONES}/${DEMO_CITIZEN}.done" || ! -f "${DEMO_PHONES}/marie.dupont.done" ]]; then
    log "preparing the demo users' phones (log: ${RUN_DIR}/demo-staff.log)"
  fi
  demo_jobs=()
  demo_phone agent.guichet agent.guichet@laposte.example.fr Camille GUICHET 0611000001 & demo_jobs+=($!)
  demo_phone operateur.demo operateur.demo@idnum.example.fr Dominique OPERATEUR 0611000002 & demo_jobs+=($!)
  demo_phone "${DEMO_CITIZEN}" lea.bernard@example.fr Léa BERNARD 0611000004 & demo_jobs+=($!)
  demo_user post-office marie.dupont "${KEYCLOAK_URL}/realms/idnum" "${ENROLLMENT_URL}" marie.dupont \
    "${IDNUM_DEMO_PASSWORD}" marie.dupont@example.fr 0611000003 & demo_jobs+=($!)
  wait "${demo_jobs[@]}"
fi

SIMULATOR_JAR="$(ls simulator/target/idnum-simulator-*-cli.jar | head -n 1)"
approve() { # USER: the command that approves a sign-in on that user's simulated phone
  echo "java -jar ${SIMULATOR_JAR} --issuer ${KEYCLOAK_URL}/realms/idnum --state ${DEMO_PHONES}/$1.json approve --pin ${DEMO_PIN} --number NN"
}
cat <<INFO

  Identité Numérique is ready ($(( $(date +%s) - started )) s).

  Open first   ${DEMO_RP_URL}/   Mon Compte Formation (démo), a public service: "S'identifier avec l'Identité Numérique"

  Phone        ${WEB_PHONE_URL}/   the web phone, the citizen's phone app in this browser: sign in, enroll, activate with
               the activation code, then approve eidas2 sign-ins there (docs/web-phone.md)
               ${DEMO_CITIZEN} (password ${IDNUM_DEMO_PASSWORD}, demo value) has an activated phone, simulated here: choose
               eidas2 on the demo service, sign in as ${DEMO_CITIZEN}, then approve with the number the page shows:
                 $(approve "${DEMO_CITIZEN}")
               (4-digit code ${DEMO_PIN}; instead of "approve --pin ... --number NN": "challenge" shows the request,
               "deny" refuses it)
  Agents       ${DESK_URL}/   the agents' desk: agent.guichet checks identities at the post office, operateur.demo
               suspends, reinstates, revokes (same password; approve on their phones: --state ${DEMO_PHONES}/<user>.json)
  Mail         ${MAILBOX_URL}/   every e-mail Keycloak sends: address proof ("Créer un compte"), forgotten password
  SMS          ${ENROLLMENT_URL}/api/v1/demo/outbox/sms   every SMS the enrollment service would have sent (a page in
               a browser, newest first with its code; JSON for scripts; also .../outbox/mail, .../registered-letter, .../push)

  Other demo citizens (same password; eidas1 until a phone is activated):
    marie.dupont   born in Paris 7e (75107), usage name MARTIN; awaits her check at the post office: birth name DUPONT,
                   activation code in the last SMS to +33611000003 (${ENROLLMENT_URL}/api/v1/demo/outbox/sms?to=%2B33611000003)
    jose.garcia    born in Spain (99134), presumed birth date 1979-00-00

  OpenID Provider (issuer)   ${KEYCLOAK_URL}/realms/idnum
  Discovery                  ${KEYCLOAK_URL}/realms/idnum/.well-known/openid-configuration
  Citizen account console    ${KEYCLOAK_URL}/realms/idnum/account
  Admin console              ${KEYCLOAK_URL}/admin/master/console/#/idnum
                             user ${KC_BOOTSTRAP_ADMIN_USERNAME} / ${KC_BOOTSTRAP_ADMIN_PASSWORD}   (demo value)
  Enrollment service         ${ENROLLMENT_URL}  (OpenAPI: ${ENROLLMENT_URL}/q/openapi)
                             management: ${ENROLLMENT_MANAGEMENT_URL}/q/health, ${ENROLLMENT_MANAGEMENT_URL}/q/metrics
  Demo relying party client  mon-compte-formation / ${IDNUM_MCF_CLIENT_SECRET}   (demo value)
                             redirect URI ${IDNUM_MCF_REDIRECT_URI:-http://localhost:8082/login/callback}, PKCE S256 required; see
                             docs/relying-party-guide.md to write your own client.

  Ctrl-C stops everything.
INFO
wait
