package fr.idnum.enrollment.verification;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import fr.idnum.enrollment.problem.DomainException;

/**
 * Reads the remote verification provider's callback: a JWS signed with one of its keys (ES256, RS256 or
 * PS256) carrying {@code iss} (the provider), {@code aud} (this service), {@code jti}, {@code iat} within
 * {@link RemoteVerificationConfig#maxAge()}, {@code enrollment_id} and {@code result} (VERIFIED or REJECTED,
 * with a {@code reason} when rejected). Anything else is refused before the database is touched.
 */
@ApplicationScoped
public class RemoteVerificationCallback {

    static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    /** A callback whose signature, issuer, audience and age have been checked. */
    static final int MAX_JTI = 128;
    static final int MAX_REASON = 900;

    public record Verdict(String jti, UUID enrollmentId, boolean verified, String reason) {
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final RemoteVerificationConfig config;
    private final Clock clock;

    RemoteVerificationCallback(RemoteVerificationConfig config, Clock clock) throws ParseException {
        this.config = config;
        this.clock = clock;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS,
                new ImmutableJWKSet<>(JWKSet.parse(config.jwks()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(config.audience(),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                Set.of("jti", "iat", "enrollment_id", "result")));
    }

    public Verdict read(String compactJws) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(compactJws, null);
        } catch (ParseException e) {
            throw new DomainException(400, "malformed-callback", "Malformed callback", "The body is not a compact JWS.");
        } catch (BadJOSEException | JOSEException e) {
            throw new DomainException(401, "untrusted-callback", "Untrusted callback",
                    "The callback is not signed by the verification provider, or not meant for this service.");
        }
        // The claims verifier only asks that the names be present: "jti": null or "iat": null pass it and were a 500
        // (found by RemoteVerificationCallbackFuzzTest), which the provider would retry forever.
        if (claims.getIssueTime() == null || claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw new DomainException(400, "malformed-callback", "Malformed callback", "jti and iat are required.");
        }
        checkAge(claims.getIssueTime());
        try {
            String result = claims.getStringClaim("result");
            if (!"VERIFIED".equals(result) && !"REJECTED".equals(result)) {
                throw new DomainException(400, "malformed-callback", "Malformed callback", "result must be VERIFIED or REJECTED.");
            }
            String reason = claims.getStringClaim("reason");
            if ("REJECTED".equals(result) && (reason == null || reason.isBlank())) {
                throw new DomainException(400, "malformed-callback", "Malformed callback", "A rejection carries a reason.");
            }
            // What the database keeps (remote_callback.jti, audit_event.reason): refused here, not failed at commit,
            // or the provider would retry forever and the citizen never be verified.
            if (claims.getJWTID().length() > MAX_JTI) {
                throw new DomainException(400, "malformed-callback", "Malformed callback", "jti is longer than " + MAX_JTI + " characters.");
            }
            if (reason != null && reason.length() > MAX_REASON) {
                throw new DomainException(400, "malformed-callback", "Malformed callback", "reason is longer than " + MAX_REASON + " characters.");
            }
            return new Verdict(claims.getJWTID(), UUID.fromString(claims.getStringClaim("enrollment_id")),
                    "VERIFIED".equals(result), reason);
        } catch (ParseException | IllegalArgumentException e) {
            throw new DomainException(400, "malformed-callback", "Malformed callback", "enrollment_id or result is malformed.");
        }
    }

    private void checkAge(Date issuedAt) {
        Instant now = clock.instant();
        Instant iat = issuedAt.toInstant();
        Duration window = config.maxAge();
        if (iat.isBefore(now.minus(window)) || iat.isAfter(now.plus(window))) {
            throw new DomainException(401, "stale-callback", "Stale callback",
                    "The callback was issued outside the accepted window of " + window.toSeconds() + " s.");
        }
    }
}
