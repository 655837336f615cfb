# Production image of the enrollment service (Quarkus fast-jar, JVM mode).
#
# The jar is built outside the image; build context is the repository root:
#   ./mvnw -pl enrollment -am package -DskipTests -Didnum.demo-outbox.enabled=false
# (the flag leaves the demo outbox out of the jar: production has no endpoint showing what would have been sent)
#   docker build -f docker/enrollment.Dockerfile -t idnum-enrollment .
#   docker run --rm -p 8081:8081 idnum-enrollment
FROM eclipse-temurin:17-jre

ENV LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"

# Unprivileged system user with a fixed numeric id (1001: the base image already has uid 1000).
RUN groupadd --system --gid 1001 idnum \
 && useradd --system --uid 1001 --gid idnum --no-create-home --home-dir /deployments --shell /usr/sbin/nologin idnum

WORKDIR /deployments

# Same layering as the Quarkus Dockerfile.jvm: third-party libraries change least, so they come first.
# The files stay root-owned (read-only for the service user).
COPY enrollment/target/quarkus-app/lib/ /deployments/lib/
COPY enrollment/target/quarkus-app/*.jar /deployments/
COPY enrollment/target/quarkus-app/app/ /deployments/app/
COPY enrollment/target/quarkus-app/quarkus/ /deployments/quarkus/

# Numeric so that "runAsNonRoot" checks can verify it without reading /etc/passwd.
USER 1001

# 8081: the API. 9081: the management interface (health probes, Prometheus metrics): never on the public network.
EXPOSE 8081 9081

ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
