package fr.idnum.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The answer to a path or a method no device endpoint takes (its JSON and {@code Allow} header: {@code HostileEndpointsIT}). */
class DeviceRoutesTest {

    /** One case per method and path refused, for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(DeviceRoutesTest.class);
    }

    @Test
    void anEndpointCalledWithAnotherMethodThanPostIsAMethodNotAllowedThatSaysPost() {
        for (String method : new String[] {"GET", "PUT", "PATCH", "DELETE"}) {
            for (String endpoint : DeviceRoutes.ENDPOINTS) {
                DeviceProblem refusal = DeviceRoutes.refusal(method, endpoint);
                assertEquals(DeviceProblems.METHOD_NOT_ALLOWED, refusal.type(), method + " " + endpoint);
                assertEquals(405, refusal.status());
                TALLY.cases(1);
            }
        }
    }

    @Test
    void everyEndpointOfTheProtocolIsKnown() {
        assertEquals(7, DeviceRoutes.ENDPOINTS.size());
        assertEquals(DeviceProblems.METHOD_NOT_ALLOWED,
                DeviceRoutes.refusal("GET", DeviceApi.PENDING_CHALLENGE.substring("device/".length())).type());
    }

    @Test
    void onlyThePendingChallengeFetchIsReadOnlyEveryOtherEndpointIsGuardedInTheDatabase() {
        for (String endpoint : DeviceRoutes.ENDPOINTS) {
            String path = "device/" + endpoint;
            assertEquals(path.equals(DeviceApi.PENDING_CHALLENGE) ? ReplayGuard.Kind.READ_ONLY : ReplayGuard.Kind.CHANGES_STATE,
                    DeviceRoutes.replayGuard(path), path);
        }
        assertEquals(ReplayGuard.Kind.CHANGES_STATE, DeviceRoutes.replayGuard("device/an-endpoint-added-later"),
                "an endpoint nobody classified is guarded in the database");
    }

    @Test
    void aPathNoEndpointHasIsNotFoundWhateverTheMethod() {
        for (String method : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
            for (String path : new String[] {"", "activations", "activation/../../../account", "challenges", "../admin"}) {
                DeviceProblem refusal = DeviceRoutes.refusal(method, path);
                assertEquals(DeviceProblems.NOT_FOUND, refusal.type(), method + " " + path);
                assertEquals(404, refusal.status());
                TALLY.cases(1);
            }
        }
    }
}
