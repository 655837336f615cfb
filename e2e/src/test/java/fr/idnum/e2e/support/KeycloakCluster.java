package fr.idnum.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import fr.idnum.testsupport.TestPostgres;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Two Keycloak nodes of the distribution we ship, clustered the way Keycloak 26 is by default in production (embedded
 * Infinispan, {@code cache=ispn}, discovery through the shared database with the {@code jdbc-ping} stack), on one fresh
 * PostgreSQL database, behind {@link ClusterFront} on {@link TestEnvironment#KEYCLOAK} (so the realm's issuer, the
 * enrollment service's and the test helpers' URLs are those of the other end-to-end tests); each node calls its own
 * enrollment-service instance, the two instances sharing one database. Started once per JVM by the first test that asks,
 * everything stopped when the JVM exits, whatever the outcome.
 */
public final class KeycloakCluster {

    public static final int NODE_A = 0;
    public static final int NODE_B = 1;
    /** The held status request of the waiting page, as in production (25 s): an answer before it ends came through the listener. */
    public static final int STATUS_HOLD_SECONDS = 25;

    /** How often the nodes delete the expired ids of device requests (production: 60 s). */
    public static final int PURGE_INTERVAL_SECONDS = 5;

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = TestEnvironment.MCF_SECRET;
    private static final String DATABASE = "idnum_cluster_it_" + ProcessHandle.current().pid();
    private static final int FRONT_PORT = portOf(TestEnvironment.KEYCLOAK);
    private static final int[] HTTP_PORTS = {8180, 8280};
    private static final int[] MANAGEMENT_PORTS = {9180, 9280};
    private static final int[] CLUSTER_PORTS = {7810, 7820};
    private static final int REPLICA_PORT = 18181;
    private static final int REPLICA_MANAGEMENT_PORT = 18183;

    private static KeycloakCluster instance;

    private final List<KeycloakNode> nodes;
    private final ClusterFront front;
    private final List<EnrollmentService> enrollment;
    private final Keycloak admin;
    private final ManagedRealm realm;

    private KeycloakCluster(List<KeycloakNode> nodes, ClusterFront front, List<EnrollmentService> enrollment, Keycloak admin) {
        this.nodes = nodes;
        this.front = front;
        this.enrollment = enrollment;
        this.admin = admin;
        this.realm = new ManagedRealm(TestEnvironment.KEYCLOAK, admin.realm(TestEnvironment.REALM).toRepresentation(),
                admin.realm(TestEnvironment.REALM));
    }

    /** The running cluster, started on the first call (a build and two starts: about a minute and a half on 2 cores). */
    public static synchronized KeycloakCluster get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public KeycloakNode node(int index) {
        return nodes.get(index);
    }

    public ClusterFront front() {
        return front;
    }

    /** The enrollment-service instance node {@code index} calls (both on one database). */
    public EnrollmentService enrollment(int index) {
        return enrollment.get(index);
    }

    /**
     * A connection to the cluster's Keycloak database, for what only the database can tell (a row written, a row
     * purged). The caller closes it.
     */
    public Connection database() throws SQLException {
        return DriverManager.getConnection(TestPostgres.server() + DATABASE, TestPostgres.USER, "");
    }

    /** The realm, through the admin API (whichever node the front sends it to), for the support classes. */
    public ManagedRealm realm() {
        return realm;
    }

    /** Node {@code index} killed (SIGKILL) and taken out of the front's rotation. */
    public void kill(int index) {
        front.markDown(index);
        nodes.get(index).kill();
    }

    /**
     * Node {@code index} killed (SIGKILL) and started again, back in the front's rotation; returns how long it took.
     * With the other node down this is a one-node deployment restarting: what only its memory held is gone.
     */
    public Duration restart(int index) {
        kill(index);
        Duration took = nodes.get(index).start();
        front.markUp(index);
        return took;
    }

    private static KeycloakCluster start() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path target = base.resolve("target/cluster");
        Path distribution = base.resolve("../keycloak-server/target/keycloak-" + System.getProperty("idnum.keycloak.dist.version")).normalize();
        if (!Files.isDirectory(distribution.resolve("providers"))) {
            throw new IllegalStateException(distribution + " is missing: the reactor build must package keycloak-server first");
        }
        List<KeycloakNode> nodes = new java.util.ArrayList<>();
        List<EnrollmentService> services = new java.util.ArrayList<>();
        ClusterFront[] front = new ClusterFront[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            nodes.forEach(KeycloakNode::stop);
            if (front[0] != null) {
                front[0].close();
            }
            execute("drop database if exists " + DATABASE + " with (force)");
        }, "keycloak-cluster-stop"));
        try {
            Files.createDirectories(target);
            execute("drop database if exists " + DATABASE + " with (force)", "create database " + DATABASE);
            long started = System.nanoTime();
            Path built = KeycloakNode.build(distribution, target);
            System.out.printf("[cluster] kc.sh build: %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
            front[0] = new ClusterFront(FRONT_PORT, List.of("http://127.0.0.1:" + HTTP_PORTS[0], "http://127.0.0.1:" + HTTP_PORTS[1]));
            for (int i = 0; i < 2; i++) {
                nodes.add(KeycloakNode.of(i == 0 ? "node-a" : "node-b", built, target, HTTP_PORTS[i], MANAGEMENT_PORTS[i],
                        environment(i)));
            }
            // Node A first: it creates the schema, the master realm and imports ours; B then joins.
            Duration a = nodes.get(NODE_A).start("--import-realm");
            CompletableFuture<EnrollmentService> first = CompletableFuture.supplyAsync(EnrollmentService::get);
            Duration b = nodes.get(NODE_B).start();
            services.add(first.join());
            services.add(EnrollmentService.replica(REPLICA_PORT, REPLICA_MANAGEMENT_PORT));
            nodes.get(NODE_A).awaitClusterOf(2, Duration.ofSeconds(60));
            nodes.get(NODE_B).awaitClusterOf(2, Duration.ofSeconds(60));
            System.out.printf("[cluster] node A ready in %d s, node B in %d s, one cluster of 2 (whole set-up %d s)%n",
                    a.toSeconds(), b.toSeconds(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
            Keycloak admin = Keycloak.getInstance(TestEnvironment.KEYCLOAK, "master", ADMIN, ADMIN_PASSWORD, "admin-cli");
            return new KeycloakCluster(nodes, front[0], services, admin);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What an operator gives each node (docs/operations.md), here on loopback with ports of its own. */
    private static Map<String, String> environment(int index) {
        Map<String, String> env = new HashMap<>(TestEnvironment.placeholders());
        env.putAll(Map.ofEntries(
                Map.entry("KC_DB_URL", TestPostgres.server() + DATABASE),
                Map.entry("KC_DB_USERNAME", TestPostgres.USER),
                Map.entry("KC_DB_PASSWORD", "trust-auth-unused"),
                // One public name for both nodes, as behind the production load balancer: the issuer is the same whichever answers.
                Map.entry("KC_HOSTNAME", TestEnvironment.KEYCLOAK),
                Map.entry("KC_HTTP_ENABLED", "true"),
                Map.entry("KC_HTTP_HOST", "127.0.0.1"),
                Map.entry("KC_HTTP_PORT", String.valueOf(HTTP_PORTS[index])),
                Map.entry("KC_HTTP_MANAGEMENT_PORT", String.valueOf(MANAGEMENT_PORTS[index])),
                Map.entry("KC_PROXY_HEADERS", "xforwarded"),
                Map.entry("KC_PROXY_TRUSTED_ADDRESSES", "127.0.0.1,::1"),
                // The cluster as Keycloak 26 makes it by default (cache=ispn, jdbc-ping), on loopback with a port per node.
                Map.entry("KC_CACHE_EMBEDDED_NETWORK_BIND_ADDRESS", "127.0.0.1"),
                Map.entry("KC_CACHE_EMBEDDED_NETWORK_BIND_PORT", String.valueOf(CLUSTER_PORTS[index])),
                Map.entry("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN),
                Map.entry("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD),
                Map.entry("KC_SPI_CREDENTIAL__IDNUM_DEVICE__PIN_KEY", TestEnvironment.PIN_KEY),
                Map.entry("KC_SPI_IDNUM_ENROLLMENT__HTTP__URL", index == NODE_A ? TestEnvironment.ENROLLMENT_URL
                        : "http://127.0.0.1:" + REPLICA_PORT),
                Map.entry("KC_SPI_IDNUM_ENROLLMENT__HTTP__ISSUER", TestEnvironment.ISSUER),
                Map.entry("KC_SPI_REALM_RESTAPI_EXTENSION__IDNUM__STATUS_HOLD_SECONDS", String.valueOf(STATUS_HOLD_SECONDS)),
                // Expired ids of device requests deleted every few seconds rather than every minute, to see it done.
                Map.entry("KC_SPI_JPA_ENTITY_PROVIDER__IDNUM_USED_DEVICE_REQUESTS__PURGE_INTERVAL_SECONDS",
                        String.valueOf(PURGE_INTERVAL_SECONDS)),
                // Two nodes, an enrollment service twice, the tests and a build on 2 cores: small heaps.
                Map.entry("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx640m")));
        return env;
    }

    private static int portOf(String url) {
        return java.net.URI.create(url).getPort();
    }

    private static void execute(String... statements) {
        try (Connection connection = DriverManager.getConnection(TestPostgres.server() + "postgres", TestPostgres.USER, "");
             Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The cluster test needs PostgreSQL on " + TestPostgres.server() + ": " + e.getMessage(), e);
        }
    }
}
