package fr.idnum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238, appendix B (SHA-1 key "12345678901234567890"), keeping the last 6 of its 8 digits. */
    @Test
    void computesTheCodesOfTheRfcTestVectors() {
        Totp totp = new Totp("12345678901234567890");
        assertEquals("287082", totp.codeAt(Instant.ofEpochSecond(59)));
        assertEquals("081804", totp.codeAt(Instant.ofEpochSecond(1111111109)));
        assertEquals("050471", totp.codeAt(Instant.ofEpochSecond(1111111111)));
        assertEquals("005924", totp.codeAt(Instant.ofEpochSecond(1234567890)));
        assertEquals("279037", totp.codeAt(Instant.ofEpochSecond(2000000000)));
    }

    @Test
    void sameCodeWithinOnePeriodAnotherInTheNext() {
        Totp totp = new Totp("some-secret");
        assertEquals(totp.codeAt(Instant.ofEpochSecond(60)), totp.codeAt(Instant.ofEpochSecond(89)));
        org.junit.jupiter.api.Assertions.assertNotEquals(totp.codeAt(Instant.ofEpochSecond(89)), totp.codeAt(Instant.ofEpochSecond(90)));
    }
}
