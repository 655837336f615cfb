package fr.idnum.demorp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import fr.idnum.demorp.signin.OpenIdProvider;
import fr.idnum.demorp.signin.SignInFlow;
import fr.idnum.demorp.site.Site;

/**
 * "Mon Compte Formation (démo)": a relying party of the realm, as small as a real one can be, on the JDK's
 * HTTP server. It listens on the loopback address only, on its redirect URI's port. Started by the run
 * command ({@code main}) and in-process by the end-to-end tests ({@link #start}).
 */
public final class DemoRelyingParty implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private DemoRelyingParty(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static DemoRelyingParty start(Settings settings) throws IOException {
        Clock clock = Clock.systemUTC();
        SignInFlow flow = new SignInFlow(settings, new OpenIdProvider(settings.issuer()), clock);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
        server.createContext("/", new Site(settings, flow, clock, new SecureRandom()));
        ExecutorService executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.start();
        return new DemoRelyingParty(server, executor);
    }

    /** Where the home page answers. */
    public URI home() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) throws IOException {
        Settings settings = Settings.fromEnvironment(System.getenv());
        DemoRelyingParty service = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        System.out.println("Mon Compte Formation (démo) on http://localhost:" + settings.port() + "/ (OpenID Provider "
                + settings.issuer() + ", client " + settings.clientId() + ")");
    }
}
