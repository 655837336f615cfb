#!/usr/bin/env bash
# The run command: builds what is needed, installs the official Keycloak distribution (from Maven Central)
# with our providers, theme and realm, and starts the whole system on embedded defaults:
#   Keycloak (dev database in keycloak-server/target/...)  http://localhost:8080
#   enrollment service                                     http://localhost:8081
#   demo relying party "Mon Compte Formation (démo)"       http://localhost:8082  (open this first)
#   web phone: the citizen's phone app in the browser      http://localhost:8083
#   agents' desk "Guichet Identité Numérique"              http://localhost:8084  (post-office agents, operators)
#     (its PostgreSQL: a private server on 127.0.0.1:54329, data in target/embedded-postgres/)
# Ctrl-C stops everything. `./run.sh --reset` forgets both databases first (re-imports the realm).
#
# Every secret below is a DEMO VALUE for this command only; production takes them from the environment
# (see docs/operations.md). Any variable already set in the environment wins.
set -euo pipefail
cd "$(dirname "$0")"

export IDNUM_MCF_CLIENT_SECRET="${IDNUM_MCF_CLIENT_SECRET:-demo-only-mcf-secret-not-for-production}"
export IDNUM_HUB_CLIENT_SECRET="${IDNUM_HUB_CLIENT_SECRET:-demo-only-hub-secret-not-for-production}"
export IDNUM_KEYCLOAK_CLIENT_SECRET="${IDNUM_KEYCLOAK_CLIENT_SECRET:-demo-only-keycloak-secret-not-for-production}"
export IDNUM_ENROLLMENT_CLIENT_SECRET="${IDNUM_ENROLLMENT_CLIENT_SECRET:-demo-only-enrollment-secret-not-for-production}"
export IDNUM_DEMO_PASSWORD="${IDNUM_DEMO_PASSWORD:-Demo-Citoyen-2026}"
# base64 of 42 bytes "demo-only-code-hash-key-not-for-production": keys the hashes of SMS and activation codes
export IDNUM_CODE_HASH_KEY="${IDNUM_CODE_HASH_KEY:-ZGVtby1vbmx5LWNvZGUtaGFzaC1rZXktbm90LWZvci1wcm9kdWN0aW9u}"
# base64 of 32 bytes "demo-only-pin-key-not-for-prod!!": keys the verifiers of the citizens' 4-digit codes in Keycloak
export KC_SPI_CREDENTIAL__IDNUM_DEVICE__PIN_KEY="${KC_SPI_CREDENTIAL__IDNUM_DEVICE__PIN_KEY:-ZGVtby1vbmx5LXBpbi1rZXktbm90LWZvci1wcm9kISE=}"
# Keycloak redeems activation codes at the enrollment service with its own service client (idnum-keycloak).
export KC_SPI_IDNUM_ENROLLMENT__HTTP__URL="${KC_SPI_IDNUM_ENROLLMENT__HTTP__URL:-http://localhost:8081}"
export KC_SPI_IDNUM_ENROLLMENT__HTTP__TOKEN_URL="${KC_SPI_IDNUM_ENROLLMENT__HTTP__TOKEN_URL:-http://localhost:8080/realms/idnum/protocol/openid-connect/token}"
export KC_SPI_IDNUM_ENROLLMENT__HTTP__CLIENT_SECRET="${KC_SPI_IDNUM_ENROLLMENT__HTTP__CLIENT_SECRET:-${IDNUM_KEYCLOAK_CLIENT_SECRET}}"
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

log() { printf '[run] %s\n' "$*"; }
fail() { printf '[run] ERROR: %s\n' "$*" >&2; exit 1; }

command -v java >/dev/null || fail "a JDK 17+ is required (java not found on PATH)"
[[ -n "${KEYCLOAK_VERSION}" ]] || fail "no <keycloak.dist.version> in pom.xml"
for port in 8080 8081 8082 8083 8084 9000 9081 "${MAILBOX_SMTP_PORT}" 8025; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    fail "port ${port} is already in use: stop what listens there (Keycloak needs 8080 and 9000, the enrollment service 8081 and 9081, the demo service 8082, the web phone 8083, the desk 8084, the mailbox ${MAILBOX_SMTP_PORT} and 8025)"
  fi
done

# The enrollment service keeps its data in PostgreSQL: by default a private one started by this command
# (bin/embedded-postgres.sh: binaries from Maven Central, data under target/, nothing installed); with
# IDNUM_ENROLLMENT_DB_URL set (and IDNUM_ENROLLMENT_DB_USER / _PASSWORD), that database instead.
embedded_db=false
if [[ -z "${IDNUM_ENROLLMENT_DB_URL:-}" ]]; then
  embedded_db=true
  export IDNUM_ENROLLMENT_DB_URL="$(bin/embedded-postgres.sh url)"
  export IDNUM_ENROLLMENT_DB_USER=postgres IDNUM_ENROLLMENT_DB_PASSWORD=
fi

started=$(date +%s)
log "building providers, theme, realm, the Keycloak server, the enrollment service, the demo service and the desk (first run downloads dependencies)..."
./mvnw -q -B -DskipTests -pl keycloak-server,enrollment,demo-rp,desk,web-phone,simulator -am package
[[ -f "${RUN_DIR}/greenmail-standalone-${GREENMAIL_VERSION}.jar" ]] || ./mvnw -q -B dependency:copy \
  -Dartifact="com.icegreen:greenmail-standalone:${GREENMAIL_VERSION}" -DoutputDirectory="${RUN_DIR}"

if [[ "${1:-}" == "--reset" ]]; then
  log "forgetting Keycloak's dev database and the enrollment service's embedded one"
  rm -rf "${KC_HOME}/data/h2"
  [[ "${embedded_db}" == false ]] || bin/embedded-postgres.sh reset
  rm -rf "${DEMO_PHONES}"
fi
cp realm-config/demo/idnum-users-0.json "${KC_HOME}/data/import/"
realm-config/check-placeholders.sh "${KC_HOME}"/data/import/*.json || fail "the realm needs the variables above"

mkdir -p "${RUN_DIR}"
pids=()
cleanup() {
  trap - EXIT INT TERM
  log "stopping..."
  for pid in "${pids[@]}"; do kill "${pid}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ "${embedded_db}" == false ]] || bin/embedded-postgres.sh stop
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

if [[ "${embedded_db}" == true ]]; then
  bin/embedded-postgres.sh start || fail "could not start the enrollment service's embedded PostgreSQL"
fi

# Staff sign in to the desk at eidas2, with a phone whose enrollment needs an identity check, and no agent can sign
# in before the first one is checked: for the demo, bin/demo-staff/DemoStaff.java plays the remote verification
# provider with a key drawn on this machine, which the enrollment service trusts only when this command starts it.
SIMULATOR_JAR="$(ls simulator/target/idnum-simulator-*-cli.jar | head -n 1)"
demo_provider=false
if [[ -z "${IDNUM_REMOTE_VERIFICATION_JWKS:-}" ]]; then
  demo_provider=true
  export IDNUM_REMOTE_VERIFICATION_ISSUER="${IDNUM_REMOTE_VERIFICATION_ISSUER:-https://demo-verification-provider.invalid}"
  IDNUM_REMOTE_VERIFICATION_JWKS="$(java -cp "${SIMULATOR_JAR}" bin/demo-staff/DemoStaff.java keygen "${RUN_DIR}/demo-verification-provider.jwk")" \
    || fail "could not draw the demo verification provider's key"
  export IDNUM_REMOTE_VERIFICATION_JWKS
fi

log "starting the enrollment service (log: ${RUN_DIR}/enrollment.log)"
java -Dquarkus.profile=demo -jar enrollment/target/quarkus-app/quarkus-run.jar > "${RUN_DIR}/enrollment.log" 2>&1 &
pids+=($!)

log "starting the demo service Mon Compte Formation (log: ${RUN_DIR}/demo-rp.log)"
# It reads IDNUM_MCF_CLIENT_SECRET (and IDNUM_MCF_REDIRECT_URI, ..._POST_LOGOUT_REDIRECT_URI when set) as the realm does.
java -jar demo-rp/target/idnum-demo-rp-*-app.jar > "${RUN_DIR}/demo-rp.log" 2>&1 &
pids+=($!)

log "starting Keycloak ${KEYCLOAK_VERSION} in development mode (log: ${RUN_DIR}/keycloak.log)"
"${KC_HOME}/bin/kc.sh" start-dev --http-port=8080 --import-realm --health-enabled=true > "${RUN_DIR}/keycloak.log" 2>&1 &
pids+=($!)

log "starting the mailbox: SMTP on 127.0.0.1:${MAILBOX_SMTP_PORT}, messages at ${MAILBOX_URL} (log: ${RUN_DIR}/mailbox.log)"
java -cp "${RUN_DIR}/greenmail-standalone-${GREENMAIL_VERSION}.jar" bin/mailbox/Mailbox.java "${MAILBOX_SMTP_PORT}" 8025 \
  > "${RUN_DIR}/mailbox.log" 2>&1 &
pids+=($!)

log "starting the agents' desk (log: ${RUN_DIR}/desk.log)"
# A public client (idnum-backoffice): no secret; IDNUM_BACKOFFICE_REDIRECT_URI, when set, moves it as it moves the realm's.
java -jar desk/target/idnum-desk-*-app.jar > "${RUN_DIR}/desk.log" 2>&1 &
pids+=($!)

log "starting the web phone (log: ${RUN_DIR}/web-phone.log)"
java -jar web-phone/target/idnum-web-phone-*.jar > "${RUN_DIR}/web-phone.log" 2>&1 &
pids+=($!)

wait_for() {
  local name=$1 url=$2 pid=$3
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "${url}" 2>/dev/null; then return 0; fi
    kill -0 "${pid}" 2>/dev/null || fail "${name} stopped during start-up; see its log in ${RUN_DIR}/"
    sleep 1
  done
  fail "${name} was not ready after 240 s; see its log in ${RUN_DIR}/"
}
wait_for "the enrollment service" "${ENROLLMENT_MANAGEMENT_URL}/q/health/ready" "${pids[0]}"
wait_for "the demo service" "${DEMO_RP_URL}/" "${pids[1]}"
wait_for "Keycloak" "http://localhost:9000/health/ready" "${pids[2]}"
wait_for "the idnum realm" "${KEYCLOAK_URL}/realms/idnum/.well-known/openid-configuration" "${pids[2]}"
wait_for "the mailbox" "${MAILBOX_URL}/" "${pids[3]}"
wait_for "the agents' desk" "${DESK_URL}/" "${pids[4]}"
wait_for "the web phone" "${WEB_PHONE_URL}/" "${pids[5]}"

# Once per database: the demo staff's phones, and marie.dupont awaiting her check at the post office.
demo_staff() {
  local mode=$1 user=$2; shift 2
  [[ -f "${DEMO_PHONES}/${user}.done" ]] && return 0
  if java -cp "${SIMULATOR_JAR}" bin/demo-staff/DemoStaff.java "${mode}" "$@" >> "${RUN_DIR}/demo-staff.log" 2>&1; then
    mkdir -p "${DEMO_PHONES}" && touch "${DEMO_PHONES}/${user}.done"
  else
    log "WARNING: could not prepare ${user} (${mode}); see ${RUN_DIR}/demo-staff.log"
  fi
}
if [[ "${demo_provider}" == true ]]; then
  log "preparing the demo staff's phones and a citizen awaiting the post office (log: ${RUN_DIR}/demo-staff.log)"
  for staff in "agent.guichet agent.guichet@laposte.example.fr Camille GUICHET 0611000001" \
               "operateur.demo operateur.demo@idnum.example.fr Dominique OPERATEUR 0611000002"; do
    read -r user email given name mobile <<< "${staff}"
    demo_staff enroll "${user}" "${KEYCLOAK_URL}/realms/idnum" "${ENROLLMENT_URL}" "${RUN_DIR}/demo-verification-provider.jwk" \
      "${IDNUM_REMOTE_VERIFICATION_ISSUER}" "${DEMO_PHONES}/${user}.json" "${user}" "${IDNUM_DEMO_PASSWORD}" "${email}" \
      "${given}" "${name}" "${mobile}" "${DEMO_PIN}"
  done
  demo_staff post-office marie.dupont "${KEYCLOAK_URL}/realms/idnum" "${ENROLLMENT_URL}" marie.dupont "${IDNUM_DEMO_PASSWORD}" \
    marie.dupont@example.fr 0611000003
fi

cat <<INFO

  Open first: ${DEMO_RP_URL}/   Mon Compte Formation (démo), a public service: "S'identifier avec l'Identité Numérique"

  Identité Numérique is ready ($(( $(date +%s) - started )) s).

  OpenID Provider (issuer)   ${KEYCLOAK_URL}/realms/idnum
  Discovery                  ${KEYCLOAK_URL}/realms/idnum/.well-known/openid-configuration
  Citizen account console    ${KEYCLOAK_URL}/realms/idnum/account
  Admin console              ${KEYCLOAK_URL}/admin/master/console/#/idnum
                             user ${KC_BOOTSTRAP_ADMIN_USERNAME} / ${KC_BOOTSTRAP_ADMIN_PASSWORD}   (demo value)
  Enrollment service         ${ENROLLMENT_URL}  (OpenAPI: ${ENROLLMENT_URL}/q/openapi)
                             management: ${ENROLLMENT_MANAGEMENT_URL}/q/health, ${ENROLLMENT_MANAGEMENT_URL}/q/metrics

  Mailbox (demo)             ${MAILBOX_URL}   every e-mail Keycloak sends: address proof, forgotten password
  Create an account          "Créer un compte" on the sign-in page (the demo service's button leads there), then open
                             the link in the mailbox

  Demo citizens (password ${IDNUM_DEMO_PASSWORD}, demo value; eidas1 only until a phone is activated):
    marie.dupont   born in Paris 7e (75107), usage name MARTIN
    jose.garcia    born in Spain (99134), presumed birth date 1979-00-00

  Web phone (demo)           ${WEB_PHONE_URL}/   the citizen's phone app in this browser: sign in, enroll, activate
                             with the activation code, then approve eidas2 sign-ins there (docs/web-phone.md)
  Agents' desk (demo)        ${DESK_URL}/   post-office agents check identities in person, operators suspend,
                             reinstate, revoke or require re-activation (docs/agents-desk.md)
  Demo staff (password ${IDNUM_DEMO_PASSWORD}, demo value; the desk requires eidas2: their phones are simulated, 4-digit
  code ${DEMO_PIN}; see docs/agents-desk.md, "Demo staff"):
    agent.guichet   identity-verifier (the agent's page)      operateur.demo   enrollment-admin (the operator's page)
    Sign in to the desk, then approve on the simulated phone with the number the page shows:
      java -jar ${SIMULATOR_JAR} --issuer ${KEYCLOAK_URL}/realms/idnum --state ${DEMO_PHONES}/agent.guichet.json approve --pin ${DEMO_PIN} --number NN
    marie.dupont awaits her check at the post office: birth name DUPONT, activation code in the last SMS to
    +33611000003 at ${ENROLLMENT_URL}/api/v1/demo/outbox/sms?to=%2B33611000003

  Demo relying party client (the demo service's): mon-compte-formation / ${IDNUM_MCF_CLIENT_SECRET}   (demo value)
    redirect URI ${IDNUM_MCF_REDIRECT_URI:-http://localhost:8082/login/callback}, PKCE S256 required; see
    docs/relying-party-guide.md to write your own client.

  Ctrl-C stops everything.
INFO
wait
