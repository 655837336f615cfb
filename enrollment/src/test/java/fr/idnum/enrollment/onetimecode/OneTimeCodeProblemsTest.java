package fr.idnum.enrollment.onetimecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.idnum.enrollment.problem.DomainException;

/** One mapping of one-time code outcomes to problems, whatever the kind of code. */
class OneTimeCodeProblemsTest {

    private static final OneTimeCodeProblems.Wording WORDING = new OneTimeCodeProblems.Wording("Not it.", "Too old.",
            "Dead code", "Too many.", "No more.");

    @Test
    void aWrongCodeIs400WithTheAttemptsLeftAsAMember() {
        DomainException problem = OneTimeCodeProblems.refusal(new Attempt.Wrong(3), WORDING);
        assertEquals(400, problem.status());
        assertEquals("wrong-code", problem.type());
        assertEquals("Not it. Attempts left: 3.", problem.getMessage());
        assertEquals(Map.of("attempts_left", 3), problem.members());
    }

    @Test
    void aDeadCodeIs410SayingWhy() {
        DomainException expired = OneTimeCodeProblems.refusal(new Attempt.Expired(), WORDING);
        DomainException exhausted = OneTimeCodeProblems.refusal(new Attempt.Exhausted(), WORDING);
        assertEquals(410, expired.status());
        assertEquals("code-expired", expired.type());
        assertEquals(410, exhausted.status());
        assertEquals("code-exhausted", exhausted.type());
        assertEquals("Dead code", exhausted.title());
    }

    @Test
    void aSendTooSoonIs429WithRetryAfterInWholeSecondsRoundedUp() {
        DomainException problem = OneTimeCodeProblems.refusal(new Issue.TooSoon<>(Duration.ofMillis(59_001)), WORDING);
        assertEquals(429, problem.status());
        assertEquals("too-soon", problem.type());
        assertEquals(Map.of("Retry-After", "60"), problem.headers());
        assertEquals("Wait 60 s before asking for a new code.", problem.getMessage());
    }

    @Test
    void oneSendTooManyIs429NoMoreCodes() {
        DomainException problem = OneTimeCodeProblems.refusal(new Issue.NoMoreSends<>(), WORDING);
        assertEquals(429, problem.status());
        assertEquals("no-more-codes", problem.type());
        assertEquals("No more.", problem.getMessage());
    }

    @Test
    void successIsNoRefusal() {
        assertThrows(IllegalArgumentException.class, () -> OneTimeCodeProblems.refusal(new Attempt.Accepted(), WORDING));
        assertThrows(IllegalArgumentException.class, () -> OneTimeCodeProblems.refusal(new Issue.Send<>("x"), WORDING));
    }
}
