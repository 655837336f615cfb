package fr.idnum.keycloak.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.idnum.protocol.ProblemTypes;
import fr.idnum.protocol.enrollment.InternalApi;
import org.junit.jupiter.api.Test;

class PushResultTest {

    private static final String UNREGISTERED = ProblemTypes.type(InternalApi.PUSH_TOKEN_UNREGISTERED);

    @Test
    void aPushTakenIsSent() {
        assertEquals(PushResult.SENT, PushResult.of(202, null));
    }

    @Test
    void the410OfATokenThePushServiceNoLongerKnowsSaysTheTokenIsDead() {
        assertEquals(PushResult.TOKEN_UNREGISTERED, PushResult.of(410, UNREGISTERED));
    }

    @Test
    void aBare410OrAnotherProblemSaysNothingOfTheToken() {
        assertEquals(PushResult.NOT_SENT, PushResult.of(410, null));
        assertEquals(PushResult.NOT_SENT, PushResult.of(410, ProblemTypes.type("push-unavailable")));
        assertEquals(PushResult.NOT_SENT, PushResult.of(410, "https://elsewhere.example/problems/" + InternalApi.PUSH_TOKEN_UNREGISTERED));
        assertEquals(PushResult.NOT_SENT, PushResult.of(400, UNREGISTERED), "only the 410 means it");
        for (int status : new int[] {400, 401, 403, 429, 500, 502, 503}) {
            assertEquals(PushResult.NOT_SENT, PushResult.of(status, null), "HTTP " + status);
        }
    }
}
