package fr.idnum.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

class StandInAccountTest {

    @Test
    void theStandInIsTheSubmittedFormWithItsOwnAddress() {
        MultivaluedMap<String, String> submitted = new MultivaluedHashMap<>();
        submitted.putSingle("email", "Owner@Example.fr");
        submitted.putSingle("termsAccepted", "on");
        submitted.putSingle("kc_locale", "en");
        String address = StandInAccount.address();

        MultivaluedMap<String, String> form = StandInAccount.form(submitted, address);

        assertEquals(List.of(address), form.get("email"));
        assertEquals(List.of(address), form.get("username"), "the address is the username (registrationEmailAsUsername)");
        assertEquals(List.of("on"), form.get("termsAccepted"));
        assertEquals(List.of("en"), form.get("kc_locale"));
        assertEquals(List.of("Owner@Example.fr"), submitted.get("email"), "the request's own form is left as it was");
    }

    @Test
    void keepsNoPasswordNorCaptchaAnswer() {
        MultivaluedMap<String, String> submitted = new MultivaluedHashMap<>();
        submitted.putSingle("email", "owner@example.fr");
        submitted.putSingle("password", "Secret-2026");
        submitted.putSingle("password-confirm", "Secret-2026");
        submitted.putSingle("g-recaptcha-response", "answer");

        MultivaluedMap<String, String> form = StandInAccount.form(submitted, StandInAccount.address());

        assertFalse(form.containsKey("password"));
        assertFalse(form.containsKey("password-confirm"));
        assertFalse(form.containsKey("g-recaptcha-response"));
    }

    @Test
    void eachStandInHasANewAddressThatNoMailboxHas() {
        Set<String> addresses = IntStream.range(0, 1000).mapToObj(i -> StandInAccount.address()).collect(Collectors.toSet());

        assertEquals(1000, addresses.size());
        assertTrue(addresses.stream().allMatch(a -> a.endsWith("@" + StandInAccount.DOMAIN)), addresses.iterator().next());
        assertTrue(StandInAccount.DOMAIN.endsWith(".invalid"), "a top-level domain reserved never to resolve (RFC 2606)");
        assertNotEquals(StandInAccount.address(), StandInAccount.address());
    }
}
