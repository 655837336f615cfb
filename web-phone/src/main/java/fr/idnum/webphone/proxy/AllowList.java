package fr.idnum.webphone.proxy;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * The API calls the web phone's page may make through its own origin, and where each goes: exactly the calls a
 * phone app makes (docs/device-api.md), nothing else. A request is matched on its method and its raw path, compared
 * as a whole string (no prefix, no pattern, no decoding, no query), so no spelling of a path (dot segments, encoded
 * slashes, a second slash) reaches anything the list does not name.
 * <ul>
 * <li>{@code /idp/…} → the realm ({@code {issuer}/…}): discovery, JWKS, token endpoint, and the device API's seven
 * endpoints;</li>
 * <li>{@code /enrollment/…} → the enrollment service's citizen API, and its country list (the names the identity
 * form's pickers show).</li>
 * </ul>
 * The realm's login pages are not proxied: the browser goes to them itself (they are the realm's, with its cookies).
 */
public final class AllowList {

    public static final String IDENTITY_PROVIDER_PREFIX = "/idp/";
    public static final String ENROLLMENT_PREFIX = "/enrollment/";

    /** Paths under the issuer. */
    static final Set<String> IDENTITY_PROVIDER_GETS = Set.of(
            ".well-known/openid-configuration",
            "protocol/openid-connect/certs");
    static final Set<String> IDENTITY_PROVIDER_POSTS = Set.of(
            "protocol/openid-connect/token",
            "idnum/device/activation",
            "idnum/device/push-token",
            "idnum/device/pin",
            "idnum/device/deactivation",
            "idnum/device/sign-in-unlock",
            "idnum/device/challenges/pending",
            "idnum/device/challenges/answer");

    /** Paths under the enrollment service's base URL. */
    static final Set<String> ENROLLMENT_GETS = Set.of(
            "api/v1/enrollments/current",
            "api/v1/reference/countries");
    static final Set<String> ENROLLMENT_POSTS = Set.of(
            "api/v1/enrollments",
            "api/v1/enrollments/current/phone-verification",
            "api/v1/enrollments/current/phone-verification/resend",
            "api/v1/enrollments/current/verification-mode",
            "api/v1/enrollments/current/activation-code/resend");

    private final String issuer;
    private final String enrollment;

    public AllowList(URI issuer, URI enrollmentUrl) {
        this.issuer = withoutTrailingSlash(issuer.toString());
        this.enrollment = withoutTrailingSlash(enrollmentUrl.toString());
    }

    /**
     * Where a call of the page goes, or empty when the list does not allow it.
     *
     * @param method  the request's method
     * @param rawPath the request's path as sent (not decoded), without its query
     */
    public Optional<URI> target(String method, String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        if (rawPath.startsWith(IDENTITY_PROVIDER_PREFIX)) {
            String path = rawPath.substring(IDENTITY_PROVIDER_PREFIX.length());
            return allowed(method, path, IDENTITY_PROVIDER_GETS, IDENTITY_PROVIDER_POSTS) ? Optional.of(URI.create(issuer + "/" + path)) : Optional.empty();
        }
        if (rawPath.startsWith(ENROLLMENT_PREFIX)) {
            String path = rawPath.substring(ENROLLMENT_PREFIX.length());
            return allowed(method, path, ENROLLMENT_GETS, ENROLLMENT_POSTS) ? Optional.of(URI.create(enrollment + "/" + path)) : Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean allowed(String method, String path, Set<String> gets, Set<String> posts) {
        return switch (method) {
            case "GET" -> gets.contains(path);
            case "POST" -> posts.contains(path);
            default -> false;
        };
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
