package fr.idnum.keycloak.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AuthSessionCookieTest {

    /** As Keycloak 26.7 writes it: Base64url (no padding) of the id, a dot and the id's HS512 signature in Base64url. */
    private static String keycloaks(String id) {
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]).replace('A', 'x');
        return Base64.getUrlEncoder().withoutPadding().encodeToString((id + "." + signature).getBytes(StandardCharsets.UTF_8));
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsWhatKeycloakSetsWithOrWithoutARoute() {
        String value = keycloaks(UUID.randomUUID().toString());
        assertTrue(AuthSessionCookie.wellFormed(value));
        assertTrue(AuthSessionCookie.wellFormed(value + ".node-1-12345"), "a cluster's sticky route");
        assertTrue(AuthSessionCookie.wellFormed(value + ".kc.example.fr-2"), "a route is only compared by Keycloak");
        assertTrue(AuthSessionCookie.wellFormed(keycloaks("3q2-7w_AbCd")), "a Base64url id");
    }

    @Test
    void refusesWhatKeycloakWouldLogAtError() {
        assertFalse(AuthSessionCookie.wellFormed(""));
        assertFalse(AuthSessionCookie.wellFormed("forge*not-base64!"), "not Base64url: logged raw with a stack trace");
        assertFalse(AuthSessionCookie.wellFormed("%1b[2J"));
        assertFalse(AuthSessionCookie.wellFormed("A"), "no whole byte");
        assertFalse(AuthSessionCookie.wellFormed(encoded("no-signature")), "no dot: not an id and a signature");
        assertFalse(AuthSessionCookie.wellFormed(encoded("id\u001b[2J.c2ln")), "a control character in the decoded id");
        assertFalse(AuthSessionCookie.wellFormed(encoded("id\u202e.c2ln")), "a bidi override in the decoded id");
        assertFalse(AuthSessionCookie.wellFormed(Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xC3, 0x28, '.', 'a'})),
                "not UTF-8 once decoded");
        assertFalse(AuthSessionCookie.wellFormed(keycloaks("a".repeat(AuthSessionCookie.MAX_LENGTH))), "longer than any id");
    }

    @Test
    void dropsOnlyAMalformedAuthSessionCookieAndKeepsTheRestAsSent() {
        String good = keycloaks(UUID.randomUUID().toString());
        String header = "KEYCLOAK_LOCALE=fr; AUTH_SESSION_ID=" + good + "; KC_RESTART=abc";
        assertSame(header, AuthSessionCookie.withoutMalformed(header), "nothing to drop: the same header");
        assertSame("KEYCLOAK_LOCALE=fr", AuthSessionCookie.withoutMalformed("KEYCLOAK_LOCALE=fr"));

        assertEquals("KEYCLOAK_LOCALE=fr; KC_RESTART=abc",
                AuthSessionCookie.withoutMalformed("KEYCLOAK_LOCALE=fr; AUTH_SESSION_ID=forge*junk; KC_RESTART=abc"));
        assertEquals("", AuthSessionCookie.withoutMalformed("AUTH_SESSION_ID=forge*junk"));
        assertEquals("AUTH_SESSION_ID_OTHER=forge*junk",
                AuthSessionCookie.withoutMalformed("AUTH_SESSION_ID_OTHER=forge*junk; AUTH_SESSION_ID=\"" + encoded("x\u0007.y") + "\""),
                "only that exact name, quoted or not");
        assertEquals("AUTH_SESSION_ID=" + good,
                AuthSessionCookie.withoutMalformed("AUTH_SESSION_ID=forge*junk; AUTH_SESSION_ID=" + good), "a good one beside a bad one stays");
    }
}
