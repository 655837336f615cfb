package fr.idnum.webphone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import fr.idnum.webphone.proxy.AllowList;
import fr.idnum.webphone.proxy.ApiProxy;
import fr.idnum.webphone.site.PhonePage;

/**
 * The web phone: the citizen's phone app as a page, on the JDK's HTTP server, loopback only, on its redirect URI's
 * port. The page's script does everything a phone app does (its keys never leave the browser); this server serves
 * it and forwards the allowed API calls ({@link AllowList}). Started by the run command ({@code main}) and in-process
 * by the end-to-end tests ({@link #start}).
 */
public final class WebPhone implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI home;

    private WebPhone(HttpServer server, ExecutorService executor, URI home) {
        this.server = server;
        this.executor = executor;
        this.home = home;
    }

    public static WebPhone start(WebPhoneSettings settings) throws IOException {
        AllowList allowList = new AllowList(settings.issuer(), settings.enrollmentUrl());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
        server.createContext(AllowList.IDENTITY_PROVIDER_PREFIX, new ApiProxy(allowList, http));
        server.createContext(AllowList.ENROLLMENT_PREFIX, new ApiProxy(allowList, http));
        server.createContext("/", new PhonePage(settings));
        ExecutorService executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.start();
        return new WebPhone(server, executor, settings.redirectUri().resolve("/"));
    }

    /**
     * The page, on the redirect URI's host: the keys and the tokens are kept by the browser per origin, so the web
     * phone must be opened under the same name as the realm sends the browser back to.
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
        WebPhoneSettings settings = WebPhoneSettings.fromEnvironment(System.getenv());
        WebPhone phone = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(phone::close));
        System.out.println("Web phone on " + phone.home() + " (OpenID Provider " + settings.issuer()
                + ", enrollment service " + settings.enrollmentUrl() + ")");
    }
}
