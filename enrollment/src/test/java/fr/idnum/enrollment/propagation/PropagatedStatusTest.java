package fr.idnum.enrollment.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.idnum.protocol.enrollment.EnrollmentStatus;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import org.junit.jupiter.api.Test;

class PropagatedStatusTest {

    @Test
    void keycloakLearnsOnlyWhatChangesASignIn() {
        assertEquals(Optional.of(EnrollmentStatus.SUSPENDED), PropagatedStatus.of(EnrollmentState.ACTIVE, EnrollmentState.SUSPENDED));
        assertEquals(Optional.of(EnrollmentStatus.ACTIVE), PropagatedStatus.of(EnrollmentState.SUSPENDED, EnrollmentState.ACTIVE));
        assertEquals(Optional.of(EnrollmentStatus.REACTIVATION_REQUIRED), PropagatedStatus.of(EnrollmentState.ACTIVE, EnrollmentState.VERIFIED));
        assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.AWAITING_VERIFICATION, EnrollmentState.VERIFIED),
                "a first verification has no phone to tell Keycloak about");
        assertEquals(Optional.of(EnrollmentStatus.VERIFIED), PropagatedStatus.of(EnrollmentState.SUSPENDED, EnrollmentState.VERIFIED),
                "a suspension lifted before any activation lets Keycloak activate a phone again");
        assertEquals(Optional.of(EnrollmentStatus.SUSPENDED), PropagatedStatus.of(EnrollmentState.VERIFIED, EnrollmentState.SUSPENDED));
    }

    @Test
    void movesKeycloakMadeOrCannotSeeAreNotSentBack() {
        assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.VERIFIED, EnrollmentState.ACTIVE),
                "Keycloak wrote ACTIVE itself when it redeemed the code");
        assertEquals(Optional.empty(), PropagatedStatus.of(null, EnrollmentState.DRAFT));
        for (EnrollmentState to : new EnrollmentState[] {EnrollmentState.PHONE_VERIFIED, EnrollmentState.AWAITING_VERIFICATION}) {
            assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.DRAFT, to));
        }
        assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.AWAITING_VERIFICATION, EnrollmentState.REJECTED));
        assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.DRAFT, EnrollmentState.EXPIRED));
    }

    @Test
    void forgettingThePhoneIsForRevocationErasureAndReactivation() {
        assertTrue(EnrollmentStatus.REACTIVATION_REQUIRED.removesDevices());
        assertTrue(EnrollmentStatus.REVOKED.removesDevices());
        assertFalse(EnrollmentStatus.SUSPENDED.removesDevices());
        assertFalse(EnrollmentStatus.VERIFIED.removesDevices());
    }

    @Test
    void keycloakAcceptsEveryStatusItCanBeSent() throws IOException {
        // The realm's user profile restricts the attribute to a list of options: a status missing there makes every
        // propagation of it fail with HTTP 400, retried forever (found by the end-to-end test of reinstatement).
        ObjectMapper json = new ObjectMapper();
        JsonNode realm = json.readTree(Path.of("..", "realm-config", "src", "main", "resources", "realm", "idnum-realm.json").toFile());
        Set<String> options = new HashSet<>();
        for (JsonNode component : realm.path("components").path("org.keycloak.userprofile.UserProfileProvider")) {
            JsonNode profile = json.readTree(component.path("config").path("kc.user.profile.config").get(0).asText());
            for (JsonNode attribute : profile.path("attributes")) {
                if (KeycloakAdminClient.STATUS_ATTRIBUTE.equals(attribute.path("name").asText())) {
                    attribute.path("validations").path("options").path("options").forEach(o -> options.add(o.asText()));
                }
            }
        }
        for (EnrollmentStatus status : EnrollmentStatus.values()) {
            assertTrue(options.contains(status.name()), status + " is not among the realm's options " + options);
        }
    }
}
