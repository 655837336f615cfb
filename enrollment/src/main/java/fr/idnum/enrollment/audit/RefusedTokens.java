package fr.idnum.enrollment.audit;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * One log line for each bearer token this service refuses, saying why, so that an operator can tell a wave of 401s
 * after Keycloak rotated its keys (unknown-key) from clocks apart (expired, not-yet-valid), a token meant for another
 * service (audience) or a wrong issuer URL (issuer). Quarkus answers these 401s with an empty body and logs nothing
 * above DEBUG — and its DEBUG lines may carry the token itself.
 * <p>
 * The line holds what the token says of itself (key id, algorithm, issuer, client, times relative to now) and never
 * the token or its signature. Every value comes from the caller, so each is kept only when it is short and made of
 * the characters such values use; anything else is logged as {@code ?} (no forged lines, no escape sequences).
 */
@ApplicationScoped
public class RefusedTokens {

    private static final Logger LOG = Logger.getLogger(RefusedTokens.class);
    private static final String BEARER = "Bearer ";
    /** Longer headers are not parsed: the line only needs the few claims a real token has. */
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/@+=-]{1,100}");

    void onRefusal(@Observes AuthenticationFailureEvent event) {
        Object context = event.getEventProperties().get(RoutingContext.class.getName());
        String authorization = context instanceof RoutingContext routing ? routing.request().getHeader("Authorization") : null;
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return;
        }
        String path = context instanceof RoutingContext routing ? routing.normalizedPath() : null;
        LOG.infof("bearer token refused: reason=%s path=%s %s", reasons(event.getAuthenticationFailure()), plain(path),
                describe(authorization.substring(BEARER.length()).trim(), Instant.now()));
    }

    /** Why: the checks the token failed (jose4j's codes, named), or the kind of failure when there are none. */
    static String reasons(Throwable failure) {
        List<String> reasons = new ArrayList<>();
        boolean unknownKey = false;
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                for (ErrorCodeValidator.Error error : invalid.getErrorDetails()) {
                    reasons.add(name(error.getErrorCode()));
                }
            }
            unknownKey |= cause instanceof UnresolvableKeyException;
        }
        if (unknownKey) {
            // jose4j files a key it could not find under "miscellaneous"; the cause says which.
            reasons.remove(name(ErrorCodes.MISCELLANEOUS));
            reasons.add(0, "unknown-key");
        }
        if (reasons.isEmpty()) {
            reasons.add(failure == null ? "unknown" : failure.getClass().getSimpleName());
        }
        return String.join(",", reasons);
    }

    static String name(int code) {
        return switch (code) {
            case ErrorCodes.EXPIRED -> "expired";
            case ErrorCodes.NOT_YET_VALID -> "not-yet-valid";
            case ErrorCodes.ISSUED_AT_INVALID_FUTURE -> "issued-in-the-future";
            case ErrorCodes.AUDIENCE_INVALID, ErrorCodes.AUDIENCE_MISSING -> "audience";
            case ErrorCodes.ISSUER_INVALID, ErrorCodes.ISSUER_MISSING -> "issuer";
            case ErrorCodes.SIGNATURE_INVALID, ErrorCodes.SIGNATURE_MISSING -> "signature";
            case ErrorCodes.JSON_INVALID, ErrorCodes.MALFORMED_CLAIM -> "malformed";
            case ErrorCodes.MISCELLANEOUS -> "unreadable";
            default -> "check-" + code;
        };
    }

    /** What the token says of itself, unverified: key id, algorithm, issuer, client, and its times against now. */
    static String describe(String token, Instant now) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return "token=oversized";
        }
        try {
            JWT jwt = JWTParser.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return "kid=" + plain(jwt.getHeader() instanceof com.nimbusds.jose.JWSHeader jws ? jws.getKeyID() : null)
                    + " alg=" + plain(jwt.getHeader().getAlgorithm() == null ? null : jwt.getHeader().getAlgorithm().getName())
                    + " iss=" + plain(claims.getIssuer())
                    + " azp=" + plain(text(claims, "azp"))
                    + " iat=" + relative(claims.getIssueTime(), now)
                    + " exp=" + relative(claims.getExpirationTime(), now);
        } catch (ParseException | RuntimeException e) {
            return "token=unreadable";
        }
    }

    private static String text(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String string ? string : null;
    }

    /** Seconds from now: {@code -12s} twelve seconds ago, {@code +48s} in 48 seconds. */
    private static String relative(Date time, Instant now) {
        if (time == null) {
            return "-";
        }
        long seconds = time.toInstant().getEpochSecond() - now.getEpochSecond();
        return (seconds >= 0 ? "+" : "") + seconds + "s";
    }

    /** The value when it is short and plain, {@code -} when absent, {@code ?} otherwise. */
    static String plain(String value) {
        if (value == null) {
            return "-";
        }
        return PLAIN.matcher(value).matches() ? value : "?";
    }
}
