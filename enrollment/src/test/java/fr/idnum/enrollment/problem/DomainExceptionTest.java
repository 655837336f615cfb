package fr.idnum.enrollment.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

/** A refusal carries its own problem body and headers: the one mapper only asks it for its response. */
class DomainExceptionTest {

    @Test
    void theBodyIsTheProblemWithItsMembersAfterTheStandardOnes() {
        Response response = DomainException.wrongCode("Wrong code", "Attempts left: 2.", 2).toResponse("/api/v1/x");
        assertEquals(400, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) response.getEntity();
        assertEquals(List.of("type", "title", "status", "detail", "instance", "attempts_left"), List.copyOf(body.keySet()));
        assertEquals(Problem.TYPE_BASE + "wrong-code", body.get("type"));
        assertEquals(2, body.get("attempts_left"));
    }

    @Test
    void retryLaterSaysWhenInWholeSecondsRoundedUp() {
        Response response = DomainException.retryLater("too-soon", "Too soon", "Wait.", Duration.ofMillis(1500)).toResponse("/x");
        assertEquals(429, response.getStatus());
        assertEquals("2", response.getHeaderString("Retry-After"));
        assertEquals(1, DomainException.retryAfterSeconds(Duration.ZERO), "never below one second");
    }

    @Test
    void aMissingMemberIsLeftOut() {
        DomainException problem = new DomainException(409, "x", "X", "x.").with("not_before", null);
        assertFalse(problem.members().containsKey("not_before"));
    }
}
