package fr.idnum.enrollment.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import fr.idnum.enrollment.problem.Problem;
import fr.idnum.protocol.enrollment.InternalApi;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Keycloak's push endpoint, in front of the recording push sender (scripted to fail the way FCM does). */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class InternalPushResourceTest {

    private static final String PATH = "/api/v1/internal/push";

    @Inject
    RecordingPushSender pushes;

    private static Map<String, Object> push(String token, String platform, String challengeId, Object ttlSeconds) {
        Map<String, Object> body = new HashMap<>();
        body.put("registrationToken", token);
        body.put("platform", platform);
        body.put("challengeId", challengeId);
        body.put("ttlSeconds", ttlSeconds);
        return body;
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(PATH).then();
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void hands202AndTheMessageIdBackOnceThePushServiceTookThePush() {
        post(push("tok-delivered", "ANDROID", "ch_accepted_0001", 120)).statusCode(202)
                .body("outcome", equalTo("DELIVERED"))
                .body("messageId", startsWith("recorded/"));

        List<RecordingPushSender.RecordedPush> sent = pushes.sentTo("tok-delivered");
        assertEquals(1, sent.size());
        PushMessage message = sent.get(0).message();
        assertEquals(PushMessage.Platform.ANDROID, message.platform());
        assertEquals("ch_accepted_0001", message.challengeId());
        assertEquals(Duration.ofSeconds(120), message.ttl());
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void aStaleTokenIsAnswered410SoKeycloakCanMarkIt() {
        pushes.answer("tok-stale", PushOutcome.of(PushOutcome.Status.UNREGISTERED_TOKEN));

        post(push("tok-stale", "IOS", "ch_stale_00001", 120)).statusCode(410)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "push-token-unregistered"));
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void theStandInAnswersTokensWithTheConfiguredPrefixAsUnregisteredAndTakesTheOthers() {
        post(push("tok-unregistered-e2e-phone", "ANDROID", "ch_prefixed_0001", 120)).statusCode(410)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + InternalApi.PUSH_TOKEN_UNREGISTERED));
        assertEquals(PushOutcome.Status.UNREGISTERED_TOKEN, pushes.sentTo("tok-unregistered-e2e-phone").get(0).outcome().status());

        post(push("tok-registered-e2e-phone", "ANDROID", "ch_prefixed_0002", 120)).statusCode(202);
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void aSpentQuotaIsAnswered429WithThePushServicesRetryAfter() {
        pushes.answer("tok-quota", PushOutcome.of(PushOutcome.Status.QUOTA_EXCEEDED, Duration.ofSeconds(30)));

        post(push("tok-quota", "ANDROID", "ch_quota_00001", 120)).statusCode(429)
                .header("Retry-After", "30")
                .body("type", equalTo(Problem.TYPE_BASE + "push-quota-exceeded"));
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void anUnavailablePushServiceIsAnswered503() {
        pushes.answer("tok-down", PushOutcome.of(PushOutcome.Status.UNAVAILABLE));

        post(push("tok-down", "ANDROID", "ch_down_000001", 120)).statusCode(503)
                .header("Retry-After", nullValue())
                .body("type", equalTo(Problem.TYPE_BASE + "push-unavailable"));
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void aPushThePushServiceRejectsIsAnswered400AndAConfigurationFailure502() {
        pushes.answer("tok-malformed", PushOutcome.of(PushOutcome.Status.INVALID_ARGUMENT));
        pushes.answer("tok-misconfigured", PushOutcome.of(PushOutcome.Status.FAILED));

        post(push("tok-malformed", "ANDROID", "ch_invalid_0001", 120)).statusCode(400)
                .body("type", equalTo(Problem.TYPE_BASE + "push-rejected"));
        post(push("tok-misconfigured", "ANDROID", "ch_failed_00001", 120)).statusCode(502)
                .body("type", equalTo(Problem.TYPE_BASE + "push-failed"));
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void aLifetimeOutsideOneSecondToTenMinutesIsRefused() {
        for (Object ttl : new Object[] {0, 601, null}) {
            post(push("tok-ttl", "ANDROID", "ch_ttl_0000001", ttl)).statusCode(400)
                    .body("errors.field", hasItem("ttlSeconds"));
        }
        assertTrue(pushes.sentTo("tok-ttl").isEmpty());
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void onlyAnOpaqueChallengeIdMayTravelThroughThePushService() {
        post(push("tok-personal", "ANDROID", "Marie Dupont, Mon Compte Formation", 120)).statusCode(400)
                .body("errors.field", hasItem("challengeId"));
        post(push("tok personal\n", "ANDROID", "ch_personal_001", 120)).statusCode(400)
                .body("errors.field", hasItem("registrationToken"));
        assertTrue(pushes.sentTo("tok-personal").isEmpty());
    }

    @Test
    @TestSecurity(user = "service-account-keycloak", roles = InternalPushResource.ROLE)
    @OidcSecurity(claims = @Claim(key = "sub", value = "keycloak-service-account"))
    void anUnknownPlatformIsRefused() {
        post(push("tok-platform", "WINDOWS_PHONE", "ch_platform_001", 120)).statusCode(400)
                .body("errors.field", hasItem("platform"));
    }

    @Test
    @TestSecurity(user = "citizen-forging")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-forging"))
    void aCitizenCannotPush() {
        post(push("tok-forged", "ANDROID", "ch_forged_00001", 120)).statusCode(403);
        assertTrue(pushes.sentTo("tok-forged").isEmpty());
    }

    @Test
    void anAnonymousCallerCannotPush() {
        post(push("tok-anonymous", "ANDROID", "ch_anonymous_01", 120)).statusCode(401);
    }

    @Test
    void theEndpointIsInTheOpenApiDocument() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey(PATH))
                .body("paths.'" + PATH + "'.post.responses", hasKey("410"));
    }
}
