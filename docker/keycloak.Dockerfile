# Production image of Keycloak 26.7.3 with the idnum providers, login theme and realm.
#
# Built from the official distribution on Maven Central (org.keycloak:keycloak-quarkus-dist), as assembled
# by keycloak-server/ - not from quay.io/keycloak/keycloak. Build context is the repository root:
#   ./mvnw -B -DskipTests -pl keycloak-server -am package
#   docker build -f docker/keycloak.Dockerfile -t idnum-keycloak .
# docker/keycloak.Dockerfile.dockerignore keeps the context to the assembled distribution.
#
# Runtime configuration (database, hostname, TLS, realm placeholders) comes from the environment:
# see docs/operations.md and docker/compose.yaml. The realm is imported on the first start only.

# The distribution assembled by keycloak-server/: keycloak.dist.version in the parent pom.xml. Change both
# together (and the paths in keycloak.Dockerfile.dockerignore); see docs/operations.md.
ARG KEYCLOAK_VERSION=26.7.3

# --- Stage 1: the distribution, cleaned, then optimised for PostgreSQL ------------------------------------
FROM eclipse-temurin:17-jre AS builder
ARG KEYCLOAK_VERSION

COPY keycloak-server/target/keycloak-${KEYCLOAK_VERSION}/ /opt/keycloak/
WORKDIR /opt/keycloak

# ./run.sh leaves the demo citizens and a development database in the same directory: neither may reach
# the image. Only the realm file stays in data/. The checks fail the build if the assembly is incomplete.
RUN set -eu; \
    test -f providers/idnum-providers.jar; \
    test -f providers/idnum-theme.jar; \
    test -f data/import/idnum-realm.json; \
    rm -f data/import/*-users-*.json; \
    find data -mindepth 1 -maxdepth 1 ! -name import -exec rm -rf {} +; \
    find data/import -mindepth 1 ! -name idnum-realm.json -exec rm -rf {} +; \
    test "$(ls data/import)" = "idnum-realm.json"; \
    bin/kc.sh build --db=postgres --health-enabled=true --metrics-enabled=true

# --- Stage 2: runtime ---------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
ARG KEYCLOAK_VERSION

LABEL org.opencontainers.image.title="idnum-keycloak" \
      org.opencontainers.image.description="Keycloak ${KEYCLOAK_VERSION} (Maven Central distribution) with the idnum providers, theme and realm"

ENV LANG=C.UTF-8

# Unprivileged user with a fixed numeric id and group 0, so the image also runs under an arbitrary uid
# that belongs to the root group (OpenShift); it owns nothing but data/.
RUN useradd --system --uid 1001 --gid 0 --no-create-home --home-dir /opt/keycloak --shell /usr/sbin/nologin keycloak

# Program files stay root-owned (read-only for the server). data/ is where Keycloak writes at run time
# (transaction logs, temporary files) and reads the realm to import.
COPY --from=builder /opt/keycloak/ /opt/keycloak/
COPY realm-config/check-placeholders.sh /opt/keycloak/bin/idnum-check-placeholders.sh
RUN chown -R 1001:0 /opt/keycloak/data && chmod -R g+rwX /opt/keycloak/data

USER 1001
WORKDIR /opt/keycloak

# 8080 HTTP (behind a TLS-terminating proxy), 8443 HTTPS, 9000 management (health, metrics; keep internal).
# Cluster members also reach each other on 7800 and 57800 (JGroups, jdbc-ping discovery).
EXPOSE 8080 8443 9000

# Refuse to import the realm while a secret placeholder is unset (Keycloak would import the literal text).
ENTRYPOINT ["/bin/sh", "-c", "/opt/keycloak/bin/idnum-check-placeholders.sh /opt/keycloak/data/import/*.json && exec /opt/keycloak/bin/kc.sh start --optimized --import-realm \"$@\"", "--"]
