package fr.idnum.desk;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import fr.idnum.demorp.signin.OpenIdProvider;
import fr.idnum.desk.backoffice.BackOfficeApi;
import fr.idnum.desk.signin.StaffSignIn;
import fr.idnum.desk.site.DeskSite;

/**
 * The agents' desk ("Guichet Identité Numérique"): the pages of the post-office agent and of the enrollment operator,
 * on the JDK's HTTP server, loopback only, on its redirect URI's port. Started by the run command ({@code main}) and
 * in-process by the end-to-end tests ({@link #start}).
 */
public final class Desk implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI home;

    private Desk(HttpServer server, ExecutorService executor, URI home) {
        this.server = server;
        this.executor = executor;
        this.home = home;
    }

    public static Desk start(DeskSettings settings) throws IOException {
        Clock clock = Clock.systemUTC();
        StaffSignIn signIn = new StaffSignIn(settings, new OpenIdProvider(settings.issuer()), clock);
        BackOfficeApi api = new BackOfficeApi(settings.enrollmentUrl(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
        server.createContext("/", new DeskSite(settings, signIn, api, clock, new SecureRandom()));
        ExecutorService executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.start();
        return new Desk(server, executor, settings.redirectUri().resolve("/"));
    }

    /**
     * The home page, on the redirect URI's host: the sign-in's cookie is set there, so the desk must be opened
     * under the same name as the realm sends the browser back to.
     */
    public URI home() {
        return home;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) throws IOException {
        DeskSettings settings = DeskSettings.fromEnvironment(System.getenv());
        Desk desk = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(desk::close));
        System.out.println("Guichet Identité Numérique on http://localhost:" + settings.port() + "/ (OpenID Provider "
                + settings.issuer() + ", client " + settings.clientId() + ", enrollment service " + settings.enrollmentUrl() + ")");
    }
}
