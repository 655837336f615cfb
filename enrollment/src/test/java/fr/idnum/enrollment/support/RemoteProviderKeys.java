package fr.idnum.enrollment.support;

import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The remote verification provider of the tests: its signing key, whose public half the service trusts. */
public class RemoteProviderKeys implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://verification-provider.test";
    private static ECKey key;

    public static synchronized ECKey key() {
        if (key == null) {
            try {
                key = new ECKeyGenerator(Curve.P_256).keyID("provider-2026").generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return key;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "idnum.remote-verification.issuer", ISSUER,
                "idnum.remote-verification.jwks", new JWKSet(key().toPublicJWK()).toString(true));
    }

    @Override
    public void stop() {
        // Nothing held.
    }
}
