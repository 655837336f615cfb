package fr.idnum.desk.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import fr.idnum.desk.backoffice.ApiProblem;

class ProblemMessagesTest {

    private final ProblemMessages messages = new ProblemMessages(Texts.french());

    @Test
    void aKnownProblemIsSaidInFrenchWithItsReference() {
        List<String> lines = messages.explain(new ApiProblem(409, "illegal-transition", "Transition not allowed",
                "An enrollment in state ACTIVE cannot move to ACTIVE.", null, null, List.of()));
        assertEquals(List.of("Cette action n'est pas possible dans l'état actuel de l'inscription (par exemple : déjà vérifiée,"
                + " pas suspendue, ou révoquée).", "Référence technique : illegal-transition (HTTP 409)"), lines);
    }

    @Test
    void theFieldsToCorrectAreNamedAsTheFormNamesThem() {
        List<String> lines = messages.explain(new ApiProblem(400, "invalid-request", "Invalid request", null, null, null,
                List.of("reason", "search.birthDate")));
        assertEquals("Champs à corriger : Motif, Date de naissance", lines.get(1));
    }

    @Test
    void triesLeftAndRetryAfterAreShown() {
        assertEquals("Essais restants : 2.", messages.explain(new ApiProblem(400, "wrong-code", null, null, 2, null, List.of())).get(1));
        assertEquals("Réessayez dans 15 minute(s).",
                messages.explain(new ApiProblem(429, "agent-lookup-limit", null, null, null, 900L, List.of())).get(1));
    }

    @Test
    void anUnknownProblemFallsBackOnItsStatus() {
        assertEquals("Votre compte n'a pas le rôle nécessaire pour cette action.",
                messages.explain(new ApiProblem(403, "something-new", null, null, null, null, List.of())).get(0));
        assertEquals("Le service d'inscription a refusé la demande.",
                messages.explain(new ApiProblem(418, null, null, null, null, null, List.of())).get(0));
    }
}
