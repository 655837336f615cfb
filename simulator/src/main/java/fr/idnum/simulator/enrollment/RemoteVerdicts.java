package fr.idnum.simulator.enrollment;

import java.net.URI;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.http.HttpReply;

/**
 * The remote identity-verification provider's callback to the enrollment service, for a system whose service
 * trusts a provider key held here (the run command's demo provider, the end-to-end tests' one): a JWS with
 * {@code iss}, {@code aud}, {@code jti}, {@code iat}, {@code enrollment_id} and {@code result}.
 */
public final class RemoteVerdicts {

    public static final String CALLBACK_PATH = "/api/v1/verification/remote/callback";
    /** The audience the service expects in callbacks: itself. */
    public static final String AUDIENCE = "idnum-enrollment";

    private final URI enrollmentService;
    private final ECKey key;
    private final String issuer;
    private final Http http;
    private final Clock clock;

    public RemoteVerdicts(URI enrollmentService, ECKey key, String issuer, Http http, Clock clock) {
        this.enrollmentService = enrollmentService;
        this.key = key;
        this.issuer = issuer;
        this.http = http;
        this.clock = clock;
    }

    /** Tells the service the citizen of this enrollment was verified; fails unless it applied the verdict. */
    public void verified(String enrollmentId) {
        SignedJWT verdict = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(clock.instant())).claim("enrollment_id", enrollmentId).claim("result", "VERIFIED").build());
        try {
            verdict.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the verdict", e);
        }
        HttpReply reply = http.post(enrollmentService.resolve(CALLBACK_PATH), "application/jose", verdict.serialize(), null);
        if (!reply.isSuccess()) {
            throw new IllegalStateException("The enrollment service refused the provider's verdict: HTTP " + reply.status());
        }
    }
}
