package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;

/**
 * An identity-verification agent at the post office, through the back-office client (public, PKCE): signs in
 * to Keycloak, finds the enrollment from the activation code the citizen shows and their birth name, and
 * records that the document was seen and matches.
 */
public final class Agent {

    private final String accessToken;
    private final HttpClient http = HttpClient.newHttpClient();

    private Agent(String accessToken) {
        this.accessToken = accessToken;
    }

    /** A new agent account with the identity-verifier role, signed in to the back office. */
    public static Agent signedIn(ManagedRealm realm) {
        return signedIn(realm, "identity-verifier");
    }

    /** A new back-office account with this realm role (identity-verifier or enrollment-admin), signed in. */
    public static Agent signedIn(ManagedRealm realm, String role) {
        String username = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation user = UserBuilder.create(username).email(username + "@laposte.example.fr").enabled(true)
                .password(Citizens.PASSWORD).build();
        user.setEmailVerified(true);
        try (Response created = realm.admin().users().create(user)) {
            if (created.getStatus() != 201) {
                throw new AssertionError("agent creation: HTTP " + created.getStatus());
            }
        }
        String id = realm.admin().users().search(username, true).get(0).getId();
        realm.admin().users().get(id).roles().realmLevel().add(List.of(realm.admin().roles().get(role).toRepresentation()));
        return new Agent(signIn(username));
    }

    private static String signIn(String username) {
        CodeVerifier verifier = new CodeVerifier();
        URI redirect = URI.create(TestEnvironment.BACKOFFICE_REDIRECT_URI);
        ClientID client = new ClientID(TestEnvironment.BACKOFFICE_CLIENT_ID);
        State state = new State();
        URI request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), client, redirect)
                .endpointURI(RelyingParty.metadata().getAuthorizationEndpointURI())
                .state(state).nonce(new Nonce()).codeChallenge(verifier, CodeChallengeMethod.S256)
                .build().toURI();
        Browser.Result callback = Login.withPassword(new Browser(), request, username, Citizens.PASSWORD);
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

    /** The enrollments awaiting a check that match what the citizen shows. */
    public List<Object> find(String activationCode, String birthName) {
        String query = "?activationCode=" + activationCode + "&birthName=" + URLEncoder.encode(birthName, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(EnrollmentService.get().url()
                + "/api/v1/agent/enrollments" + query)).GET());
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
