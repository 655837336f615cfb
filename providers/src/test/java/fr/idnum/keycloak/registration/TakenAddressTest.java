package fr.idnum.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;

class TakenAddressTest {

    private static FormMessage email(String message) {
        return new FormMessage("email", message);
    }

    @Test
    void anAddressThatNamesAnAccountIsTheOneRefusalLeftUntold() {
        assertTrue(TakenAddress.isTheOnlyRefusal(List.of(email(Messages.EMAIL_EXISTS)), true));
        assertTrue(TakenAddress.isTheOnlyRefusal(List.of(email(Messages.EMAIL_EXISTS)), false));
    }

    @Test
    void aUsernameTakenCountsOnlyWhenTheUsernameIsTheAddress() {
        List<FormMessage> both = List.of(email(Messages.EMAIL_EXISTS), new FormMessage("username", Messages.USERNAME_EXISTS));
        assertTrue(TakenAddress.isTheOnlyRefusal(both, true));
        assertTrue(TakenAddress.isTheOnlyRefusal(List.of(new FormMessage("email", Messages.USERNAME_EXISTS)), true));
        assertFalse(TakenAddress.isTheOnlyRefusal(List.of(new FormMessage("username", Messages.USERNAME_EXISTS)), false),
                "a chosen username already taken is told, as it says nothing of an address");
    }

    @Test
    void anyOtherRefusalIsShownAsForANewAddress() {
        assertFalse(TakenAddress.isTheOnlyRefusal(List.of(email(Messages.EMAIL_EXISTS), email(Messages.INVALID_EMAIL)), true));
        assertFalse(TakenAddress.isTheOnlyRefusal(List.of(email(Messages.MISSING_EMAIL)), true));
        assertFalse(TakenAddress.isTheOnlyRefusal(List.of(), true), "no refusal at all is a new address");
        assertFalse(TakenAddress.isTheOnlyRefusal(null, true));
    }
}
