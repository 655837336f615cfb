package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/**
 * The hub's own encryption keys, as a FranceConnect+-like hub registers them: a JWKS served over HTTP
 * (on loopback) that Keycloak fetches to encrypt ID tokens and userinfo responses for the hub.
 */
public final class HubKeys {

    private static HubKeys instance;

    private final RSAKey rsaOaep;
    private final RSAKey rsaOaep256;
    private final ECKey ec;
    private final HttpServer server;

    private HubKeys() {
        try {
            // Keycloak picks a client's encryption key by its "alg", as the hub's own JWKS declares it.
            rsaOaep = new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP)
                    .keyID("hub-rsa-oaep").generate();
            rsaOaep256 = new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP_256)
                    .keyID("hub-rsa-oaep-256").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.ECDH_ES)
                    .keyID("hub-ecdh-es").generate();
            byte[] jwks = new JWKSet(List.of(rsaOaep.toPublicJWK(), rsaOaep256.toPublicJWK(), ec.toPublicJWK())).toString(true)
                    .getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.setExecutor(null);
            server.start();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized HubKeys get() {
        if (instance == null) {
            instance = new HubKeys();
        }
        return instance;
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** The hub's private key for a key-management algorithm, as the hub would pick it. */
    public JWK forAlgorithm(JWEAlgorithm alg) {
        if (JWEAlgorithm.RSA_OAEP.equals(alg)) {
            return rsaOaep;
        }
        if (JWEAlgorithm.RSA_OAEP_256.equals(alg)) {
            return rsaOaep256;
        }
        if (JWEAlgorithm.ECDH_ES.equals(alg)) {
            return ec;
        }
        throw new IllegalArgumentException("The hub has no key for " + alg);
    }
}
