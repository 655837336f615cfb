package fr.idnum.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ChallengesTest {

    /** One case per forged or unfit challenge refused, for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(ChallengesTest.class);
    }

    private static final URI ISSUER = URI.create("https://idp.example.fr/realms/idnum");
    private static final String CREDENTIAL_ID = "credential-1";
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static final Challenges.Challenge CHALLENGE = new Challenges.Challenge("challenge-1", "nonce-1",
            "Impots.gouv", "Firefox", "Linux", NOW, NOW.plusSeconds(120), true, true);

    private final ECKey realmKey = ecKey("sig-ec");
    private final JWKSet realmKeys = new JWKSet(realmKey.toPublicJWK());

    @Test
    void aChallengeSignedByTheRealmReadsBackAsSent() throws Exception {
        String jws = signEs256(CHALLENGE, ISSUER, CREDENTIAL_ID, realmKey);

        Challenges.Challenge read = Challenges.verify(jws, realmKeys, ISSUER, CREDENTIAL_ID, NOW.plusSeconds(5));

        assertEquals(CHALLENGE, read);
        assertTrue(read.numberMatching());
    }

    @Test
    void aChallengeNeverCarriesTheNumberTheCitizenMustType() throws Exception {
        String jws = signEs256(CHALLENGE, ISSUER, CREDENTIAL_ID, realmKey);

        java.util.Map<String, Object> claims = Challenges.unverifiedClaims(jws);
        assertEquals(Boolean.TRUE, claims.get(Challenges.NUMBER_MATCHING));
        assertTrue(claims.entrySet().stream().filter(e -> !"aud".equals(e.getKey())).map(java.util.Map.Entry::getValue)
                        .noneMatch(v -> v instanceof Number n && Challenges.Challenge.wellFormedNumber(n.intValue())
                                || v instanceof java.util.Collection<?>),
                "no number (nor list of numbers) the phone could simply pick: " + claims);
    }

    @Test
    void aChallengeWithoutNumberMatchingNorReplacementSaysNeither() throws Exception {
        Challenges.Challenge plain = new Challenges.Challenge("challenge-2", "nonce-2", "via FranceConnect+", "Safari", "iOS",
                NOW, NOW.plusSeconds(120), false, false);
        String jws = signEs256(plain, ISSUER, CREDENTIAL_ID, realmKey);

        assertFalse(Challenges.unverifiedClaims(jws).containsKey(Challenges.NUMBER_MATCHING));
        assertFalse(Challenges.unverifiedClaims(jws).containsKey(Challenges.REPLACES_PREVIOUS));
        assertFalse(Challenges.unverifiedClaims(jws).containsKey(Challenges.PUSH_TOKEN_UNREGISTERED));
        Challenges.Challenge read = Challenges.verify(jws, realmKeys, ISSUER, CREDENTIAL_ID, NOW);
        assertEquals(plain, read);
        assertFalse(read.numberMatching());
        assertFalse(read.replacesPrevious());
        assertFalse(read.pushTokenUnregistered());
    }

    @Test
    void aChallengeTellsThePhoneUnderTheRealmsSignatureThatItsPushTokenIsDead() throws Exception {
        Challenges.Challenge flagged = CHALLENGE.withPushTokenUnregistered(true);
        String jws = signEs256(flagged, ISSUER, CREDENTIAL_ID, realmKey);

        assertEquals(Boolean.TRUE, Challenges.unverifiedClaims(jws).get(Challenges.PUSH_TOKEN_UNREGISTERED));
        Challenges.Challenge read = Challenges.verify(jws, realmKeys, ISSUER, CREDENTIAL_ID, NOW);
        assertTrue(read.pushTokenUnregistered());
        assertEquals(flagged, read);
        assertEquals(CHALLENGE, read.withPushTokenUnregistered(false));
    }

    @Test
    void onlyTwoDigitNumbersCanBeTyped() {
        assertTrue(Challenges.Challenge.wellFormedNumber(10));
        assertTrue(Challenges.Challenge.wellFormedNumber(99));
        assertFalse(Challenges.Challenge.wellFormedNumber(9));
        assertFalse(Challenges.Challenge.wellFormedNumber(100));
    }

    @Test
    void aChallengeSignedWithRs256IsAcceptedToo() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("sig-rsa").keyUse(KeyUse.SIGNATURE).generate();
        String jws = Challenges.sign(CHALLENGE, ISSUER, CREDENTIAL_ID, new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID());

        JWKSet keys = new JWKSet(List.of(realmKey.toPublicJWK(), rsa.toPublicJWK()));
        assertEquals(CHALLENGE, Challenges.verify(jws, keys, ISSUER, CREDENTIAL_ID, NOW));
    }

    @Test
    void refusesAChallengeSignedByAKeyTheRealmDoesNotPublish() {
        ECKey intruder = ecKey(realmKey.getKeyID()); // same kid, other key
        String jws = signEs256(CHALLENGE, ISSUER, CREDENTIAL_ID, intruder);

        assertRefused(jws, "bad signature");
    }

    @Test
    void refusesAChallengeNamingAnUnknownKid() {
        ECKey other = ecKey("sig-other");
        String jws = signEs256(CHALLENGE, ISSUER, CREDENTIAL_ID, other);

        assertRefused(jws, "does not publish");
    }

    @Test
    void refusesAChallengeNamingNoKid() throws Exception {
        String jws = Challenges.sign(CHALLENGE, ISSUER, CREDENTIAL_ID, new ECDSASigner(realmKey), JWSAlgorithm.ES256, null);

        assertRefused(jws, "does not publish");
    }

    @Test
    void refusesADocumentOfAnotherType() throws Exception {
        // A device request is signed the same way but is not a challenge.
        String jws = DeviceRequests.sign(realmKey, realmKey.getKeyID(), ISSUER, java.util.Map.of(), NOW);

        assertRefused(jws, "typ");
    }

    @Test
    void refusesAnAlgorithmOutsideTheProfile() throws Exception {
        // HMAC keyed with something public must never pass for a realm signature.
        byte[] secret = realmKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        String jws = Challenges.sign(CHALLENGE, ISSUER, CREDENTIAL_ID, new MACSigner(secret), JWSAlgorithm.HS256, realmKey.getKeyID());

        assertRefused(jws, "alg");
    }

    @Test
    void refusesAChallengeOfAnotherRealm() {
        String jws = signEs256(CHALLENGE, URI.create("https://idp.example.fr/realms/other"), CREDENTIAL_ID, realmKey);

        assertRefused(jws, "another realm");
    }

    @Test
    void refusesAChallengeMeantForAnotherPhone() {
        String jws = signEs256(CHALLENGE, ISSUER, "credential-2", realmKey);

        assertRefused(jws, "another phone");
    }

    @Test
    void refusesAnExpiredChallengeOnceTheClockSkewHasPassed() throws Exception {
        String jws = signEs256(CHALLENGE, ISSUER, CREDENTIAL_ID, realmKey);
        Instant expiry = CHALLENGE.expiresAt();

        Challenges.verify(jws, realmKeys, ISSUER, CREDENTIAL_ID, expiry.plusSeconds(DeviceApi.CLOCK_SKEW_SECONDS - 1));
        var refused = assertThrows(Challenges.InvalidChallenge.class, () -> Challenges.verify(jws, realmKeys, ISSUER, CREDENTIAL_ID,
                expiry.plusSeconds(DeviceApi.CLOCK_SKEW_SECONDS)));
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
        TALLY.cases(1);
    }

    @Test
    void refusesATamperedPayload() {
        String jws = signEs256(CHALLENGE, ISSUER, CREDENTIAL_ID, realmKey);
        String[] parts = jws.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = payload.replace("Impots.gouv", "Ma Banque");
        assertFalse(payload.equals(tampered));
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertRefused(forged, "bad signature");
    }

    @Test
    void refusesAChallengeWithoutIdOrNonce() {
        // Without them the phone could not say which challenge it answers.
        Challenges.Challenge noId = new Challenges.Challenge(null, "nonce-1", "Impots.gouv", "Firefox", "Linux",
                NOW, NOW.plusSeconds(120), false, false);
        Challenges.Challenge noNonce = new Challenges.Challenge("challenge-1", " ", "Impots.gouv", "Firefox", "Linux",
                NOW, NOW.plusSeconds(120), false, false);

        assertRefused(signEs256(noId, ISSUER, CREDENTIAL_ID, realmKey), "malformed");
        assertRefused(signEs256(noNonce, ISSUER, CREDENTIAL_ID, realmKey), "malformed");
    }

    @Test
    void refusesGarbage() {
        assertRefused("not-a-jws", "not a signed challenge");
        assertRefused("", "not a signed challenge");
    }

    private void assertRefused(String jws, String reason) {
        var refused = assertThrows(Challenges.InvalidChallenge.class,
                () -> Challenges.verify(jws, realmKeys, ISSUER, CREDENTIAL_ID, NOW));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        TALLY.cases(1);
    }

    private static String signEs256(Challenges.Challenge challenge, URI issuer, String credentialId, ECKey key) {
        try {
            return Challenges.sign(challenge, issuer, credentialId, new ECDSASigner(key), JWSAlgorithm.ES256, key.getKeyID());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
