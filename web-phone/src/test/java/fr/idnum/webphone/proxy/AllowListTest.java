package fr.idnum.webphone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowListTest {

    private final AllowList list = new AllowList(URI.create("http://localhost:8080/realms/idnum"),
            URI.create("http://localhost:8081/"));

    @ParameterizedTest
    @CsvSource({
            "POST, /idp/idnum/device/activation, http://localhost:8080/realms/idnum/idnum/device/activation",
            "POST, /idp/idnum/device/challenges/pending, http://localhost:8080/realms/idnum/idnum/device/challenges/pending",
            "POST, /idp/idnum/device/challenges/answer, http://localhost:8080/realms/idnum/idnum/device/challenges/answer",
            "POST, /idp/idnum/device/pin, http://localhost:8080/realms/idnum/idnum/device/pin",
            "POST, /idp/idnum/device/deactivation, http://localhost:8080/realms/idnum/idnum/device/deactivation",
            "POST, /idp/idnum/device/sign-in-unlock, http://localhost:8080/realms/idnum/idnum/device/sign-in-unlock",
            "POST, /idp/idnum/device/push-token, http://localhost:8080/realms/idnum/idnum/device/push-token",
            "GET, /idp/.well-known/openid-configuration, http://localhost:8080/realms/idnum/.well-known/openid-configuration",
            "GET, /idp/protocol/openid-connect/certs, http://localhost:8080/realms/idnum/protocol/openid-connect/certs",
            "POST, /idp/protocol/openid-connect/token, http://localhost:8080/realms/idnum/protocol/openid-connect/token",
            "GET, /enrollment/api/v1/enrollments/current, http://localhost:8081/api/v1/enrollments/current",
            "POST, /enrollment/api/v1/enrollments, http://localhost:8081/api/v1/enrollments",
            "POST, /enrollment/api/v1/enrollments/current/phone-verification, http://localhost:8081/api/v1/enrollments/current/phone-verification",
            "POST, /enrollment/api/v1/enrollments/current/verification-mode, http://localhost:8081/api/v1/enrollments/current/verification-mode",
            "GET, /enrollment/api/v1/reference/countries, http://localhost:8081/api/v1/reference/countries",
    })
    void forwardsEachCallOfThePhoneAppToItsServer(String method, String path, String target) {
        assertEquals(Optional.of(URI.create(target)), list.target(method, path));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // the realm's other endpoints: admin API, login pages, user info, the waiting page's status, logout
            "/idp/../../admin/realms/idnum/users",
            "/idp/protocol/openid-connect/auth",
            "/idp/protocol/openid-connect/userinfo",
            "/idp/protocol/openid-connect/logout",
            "/idp/idnum/push/status",
            "/idp/account",
            // other spellings of an allowed path
            "/idp/idnum/device/../device/activation",
            "/idp/idnum/device/activation/",
            "/idp//idnum/device/activation",
            "/idp/idnum%2Fdevice/activation",
            "/idp/idnum/device/%61ctivation",
            "/IDP/idnum/device/activation",
            "/idp/idnum/device/activation;jsessionid=x",
            // the enrollment service's agent, admin, provider and demo endpoints
            "/enrollment/api/v1/agent/enrollments",
            "/enrollment/api/v1/admin/enrollments",
            "/enrollment/api/v1/demo/outbox/sms",
            "/enrollment/q/openapi",
            "/enrollment/api/v1/enrollments/current/../../admin/enrollments",
            "/enrollment/api/v1/reference",
            "/enrollment/api/v1/reference/countries/",
            "/enrollment/api/v1/reference/countries/../../demo/outbox/sms",
            // nothing else
            "/",
            "/idp",
            "/enrollment",
    })
    void refusesEverythingElse(String path) {
        assertTrue(list.target("POST", path).isEmpty(), path);
        assertTrue(list.target("GET", path).isEmpty(), path);
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /idp/idnum/device/activation",
            "PUT, /idp/idnum/device/activation",
            "DELETE, /enrollment/api/v1/enrollments/current",
            "POST, /enrollment/api/v1/enrollments/current",
            "POST, /idp/.well-known/openid-configuration",
            "GET, /idp/protocol/openid-connect/token",
            "OPTIONS, /idp/protocol/openid-connect/token",
            "POST, /enrollment/api/v1/reference/countries",
    })
    void refusesAnAllowedPathWithAnotherMethod(String method, String path) {
        assertTrue(list.target(method, path).isEmpty(), method + " " + path);
    }

    @Test
    void refusesAMissingPath() {
        assertTrue(list.target("GET", null).isEmpty());
    }
}
