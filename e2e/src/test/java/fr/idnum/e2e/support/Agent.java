package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import fr.idnum.protocol.Challenges;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;

/**
 * A back-office user (identity-verification agent at the post office, or enrollment operator) through the
 * back-office client (public, PKCE): signs in to Keycloak at eidas2 with their own activated phone, as the realm
 * requires of that client, then calls the enrollment service's agent and admin APIs with the access token.
 */
public final class Agent {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String accessToken;
    private final HttpClient http = HttpClient.newHttpClient();

    private Agent(String accessToken) {
        this.accessToken = accessToken;
    }

    /** A new agent with the identity-verifier role, signed in to the back office. */
    public static Agent signedIn(ManagedRealm realm) {
        return signedIn(realm, "identity-verifier");
    }

    /**
     * A new back-office user with this realm role (identity-verifier or enrollment-admin), signed in at eidas2: a
     * citizen account with an activated phone (staff enroll like everyone else) given the role, approving the
     * sign-in on the phone.
     */
    public static Agent signedIn(ManagedRealm realm, String role) {
        return signedInAsking(realm, role);
    }

    /**
     * A new staff member with this realm role and an activated phone, not signed in: for tests that sign in
     * through a page (the agents' desk), approving the sign-in on {@link Enrollments.Citizen#phone()}.
     */
    public static Enrollments.Citizen enrolledStaff(ManagedRealm realm, String role) {
        Enrollments.Citizen staff = Enrollments.activated(realm);
        grant(realm, staff.userId(), role);
        return staff;
    }

    /** As {@link #signedIn(ManagedRealm, String)}, the back office's request asking for these levels. */
    public static Agent signedInAsking(ManagedRealm realm, String role, String... acrValues) {
        Enrollments.Citizen staff = enrolledStaff(realm, role);
        BackOfficeAuthorization authorization = new BackOfficeAuthorization(acrValues.length == 0 ? null : String.join(" ", acrValues));
        PushLogin login = PushLogin.start(new Browser(), authorization.uri(), staff.username());
        Challenges.Challenge challenge = staff.phone().awaitChallenge(WAIT);
        staff.phone().approve(challenge, Enrollments.PIN, login.number());
        return new Agent(authorization.token(login.check()));
    }

    /**
     * A new back-office account with this role and a password only (no phone), signed in with the password. Only
     * possible while the back-office client lets eidas1 through, i.e. when a test has lowered its minimum acr:
     * this is the token the enrollment service must refuse whatever Keycloak's settings.
     */
    public static Agent signedInWithPasswordOnly(ManagedRealm realm, String role) {
        String username = passwordOnlyAccount(realm, role);
        BackOfficeAuthorization authorization = new BackOfficeAuthorization(null);
        return new Agent(authorization.token(Login.withPassword(new Browser(), authorization.uri(), username, Citizens.PASSWORD)));
    }

    /** A new back-office account with this role and a password only (no phone); returns its username. */
    public static String passwordOnlyAccount(ManagedRealm realm, String role) {
        // The e-mail is the username (registrationEmailAsUsername).
        String username = "agent-" + UUID.randomUUID().toString().substring(0, 8) + "@laposte.example.fr";
        UserRepresentation user = UserBuilder.create(username).email(username).enabled(true)
                .password(Citizens.PASSWORD).build();
        user.setEmailVerified(true);
        try (Response created = realm.admin().users().create(user)) {
            if (created.getStatus() != 201) {
                throw new AssertionError("agent creation: HTTP " + created.getStatus());
            }
        }
        grant(realm, realm.admin().users().search(username, true).get(0).getId(), role);
        return username;
    }

    /** The back office's authorization request, optionally asking for levels ({@code acr_values}). */
    public static URI authorizationRequest(String... acrValues) {
        return new BackOfficeAuthorization(acrValues.length == 0 ? null : String.join(" ", acrValues)).uri();
    }

    private static void grant(ManagedRealm realm, String userId, String role) {
        realm.admin().users().get(userId).roles().realmLevel().add(List.of(realm.admin().roles().get(role).toRepresentation()));
    }

    /** One authorization request of the back office, and the code exchange that ends it. */
    private static final class BackOfficeAuthorization {
        private final CodeVerifier verifier = new CodeVerifier();
        private final State state = new State();
        private final URI redirect = URI.create(TestEnvironment.BACKOFFICE_REDIRECT_URI);
        private final ClientID client = new ClientID(TestEnvironment.BACKOFFICE_CLIENT_ID);
        private final URI uri;

        BackOfficeAuthorization(String acrValues) {
            AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), client, redirect)
                    .endpointURI(RelyingParty.metadata().getAuthorizationEndpointURI())
                    .state(state).nonce(new Nonce()).codeChallenge(verifier, CodeChallengeMethod.S256);
            if (acrValues != null) {
                request.acrValues(java.util.Arrays.stream(acrValues.split(" ")).map(com.nimbusds.openid.connect.sdk.claims.ACR::new).toList());
            }
            this.uri = request.build().toURI();
        }

        URI uri() {
            return uri;
        }

        String token(Browser.Result callback) {
            Map<String, String> parameters = callback.redirectParameters();
            if (!state.getValue().equals(parameters.get("state"))) {
                throw new AssertionError("state mismatch");
            }
            try {
                var response = new TokenRequest(RelyingParty.metadata().getTokenEndpointURI(), client,
                        new AuthorizationCodeGrant(new AuthorizationCode(parameters.get("code")), redirect, verifier))
                        .toHTTPRequest().send();
                return (String) JSONObjectUtils.parse(response.getBody()).get("access_token");
            } catch (IOException | java.text.ParseException e) {
                throw new AssertionError("back-office token exchange failed", e);
            }
        }
    }

    /** The bearer token itself, for a test that builds its own requests (the hostile-endpoints suite). */
    public String accessToken() {
        return accessToken;
    }

    /** The level the access token says this user signed in at. */
    public String acr() {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("acr");
        } catch (java.text.ParseException e) {
            throw new AssertionError("unreadable access token", e);
        }
    }

    /** The user's subject (Keycloak user id), as the enrollment service records it. */
    public String subject() {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException e) {
            throw new AssertionError("unreadable access token", e);
        }
    }

    /** The look-up as the service answers it (200 with a list, 403, 429 with Retry-After…). */
    public HttpResponse<String> lookUp(String activationCode, String birthName) {
        String query = "?activationCode=" + activationCode + "&birthName=" + URLEncoder.encode(birthName, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(EnrollmentService.get().url() + "/api/v1/agent/enrollments" + query)).GET());
    }

    /** An administrator's reading of the agents' look-ups, by agent subject. */
    public HttpResponse<String> lookupsBy(String agentSubject) {
        return send(HttpRequest.newBuilder(URI.create(EnrollmentService.get().url() + "/api/v1/admin/agent-lookups?agent="
                + URLEncoder.encode(agentSubject, StandardCharsets.UTF_8))).GET());
    }

    /** An administrator's reading of an enrollment's audit trail. */
    public HttpResponse<String> auditTrail(String enrollmentId) {
        return send(HttpRequest.newBuilder(URI.create(EnrollmentService.get().url() + "/api/v1/admin/enrollments/" + enrollmentId
                + "/audit-trail")).GET());
    }

    /** An administrator's reading of one enrollment (its state, identity, activation code status). */
    public HttpResponse<String> enrollment(String enrollmentId) {
        return send(HttpRequest.newBuilder(URI.create(EnrollmentService.get().url() + "/api/v1/admin/enrollments/" + enrollmentId)).GET());
    }

    /** An administrator's search of enrollments by state (any admin read will do to test access). */
    public HttpResponse<String> searchByState(String state) {
        return send(HttpRequest.newBuilder(URI.create(EnrollmentService.get().url() + "/api/v1/admin/enrollments?state=" + state)).GET());
    }

    /** The enrollments awaiting a check that match what the citizen shows. */
    public List<Object> find(String activationCode, String birthName) {
        HttpResponse<String> response = lookUp(activationCode, birthName);
        try {
            return com.nimbusds.jose.util.JSONArrayUtils.parse(response.body());
        } catch (java.text.ParseException e) {
            throw new AssertionError("HTTP " + response.statusCode() + " " + response.body(), e);
        }
    }

    /** The document was seen and matches the declared identity; the citizen shows their activation code. */
    public HttpResponse<String> confirm(String enrollmentId, String activationCode) {
        return send(HttpRequest.newBuilder(URI.create(EnrollmentService.get().url() + "/api/v1/agent/enrollments/" + enrollmentId + "/check"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"activationCode\":\"" + activationCode
                        + "\",\"documentSeen\":true,\"identityMatches\":true}")));
    }

    /** An operator's "lost or replaced phone": the enrollment goes back to VERIFIED and a new code is sent. */
    public HttpResponse<String> requireReactivation(String enrollmentId, String reason) {
        return adminAction(enrollmentId, "require-reactivation", reason);
    }

    /** An operator's suspension (suspected fraud): reaches Keycloak through the enrollment service's outbox. */
    public HttpResponse<String> suspend(String enrollmentId, String reason) {
        return adminAction(enrollmentId, "suspend", reason);
    }

    /** Lifts a suspension: back to ACTIVE, or to VERIFIED when no phone had been activated yet. */
    public HttpResponse<String> reinstate(String enrollmentId, String reason) {
        return adminAction(enrollmentId, "reinstate", reason);
    }

    private HttpResponse<String> adminAction(String enrollmentId, String action, String reason) {
        return send(HttpRequest.newBuilder(URI.create(EnrollmentService.get().url() + "/api/v1/admin/enrollments/" + enrollmentId
                        + "/" + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"" + reason + "\"}")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
