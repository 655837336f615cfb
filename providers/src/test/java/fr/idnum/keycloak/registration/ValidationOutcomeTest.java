package fr.idnum.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;

class ValidationOutcomeTest {

    /** The form's real context, reduced to the verdict calls it receives, in order. */
    private final List<String> calls = new ArrayList<>();
    private final ValidationContext context = (ValidationContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ValidationContext.class}, (proxy, method, args) -> {
                calls.add(method.getName() + (args == null ? "" : " " + describe(args[args.length - 1])));
                return null;
            });

    private static String describe(Object arg) {
        return arg instanceof List<?> list ? list.stream().map(m -> ((FormMessage) m).getMessage()).toList().toString() : String.valueOf(arg);
    }

    @Test
    void aVerdictIsKeptUntilApplied() {
        ValidationOutcome outcome = new ValidationOutcome(context);
        outcome.error("email_in_use");
        outcome.validationError(new MultivaluedHashMap<>(), List.of(new FormMessage("email", Messages.EMAIL_EXISTS)));

        assertTrue(calls.isEmpty(), "nothing reaches the form before the decision: " + calls);
        assertEquals(List.of(Messages.EMAIL_EXISTS), outcome.errors().stream().map(FormMessage::getMessage).toList());
    }

    @Test
    void aRefusalIsAppliedAsKeycloakGaveIt() {
        ValidationOutcome outcome = new ValidationOutcome(context);
        outcome.excludeOtherErrors();
        outcome.error("invalid_registration");
        outcome.validationError(new MultivaluedHashMap<>(), List.of(new FormMessage("email", Messages.INVALID_EMAIL)));
        outcome.apply();

        assertEquals(List.of("excludeOtherErrors", "error invalid_registration", "validationError [" + Messages.INVALID_EMAIL + "]"), calls);
    }

    @Test
    void aSuccessIsAppliedAsASuccess() {
        ValidationOutcome outcome = new ValidationOutcome(context);
        outcome.success();
        outcome.apply();

        assertEquals(List.of("success"), calls);
        assertTrue(outcome.errors().isEmpty());
    }
}
