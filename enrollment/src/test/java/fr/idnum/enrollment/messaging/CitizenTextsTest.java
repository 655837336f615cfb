package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The citizens' texts: French for every one, English for every e-mail and letter, never for an SMS but one. */
class CitizenTextsTest {

    @Test
    void everyEmailAndLetterHasItsEnglishTextAndNoSmsButTheBilingualNoticeHasOne() throws IOException {
        Set<String> french = keys("fr");
        Set<String> english = keys("en");
        Set<String> expectedEnglish = new TreeSet<>(french);
        expectedEnglish.removeIf(key -> key.startsWith("sms.") && !key.equals("sms.number-changed"));
        assertEquals(expectedEnglish, english);
    }

    @Test
    void anSmsIsFrenchOnlyWithItsArguments() {
        assertEquals("Identité Numérique : votre code de vérification est 123456. Il est valable 10 minutes."
                + " Ne le communiquez à personne.", CitizenTexts.french("sms.phone-code", "123456", 10L));
    }

    @Test
    void aLetterIsFrenchThenEnglishAfterABlankLineAndASubjectBothSeparatedByASlash() {
        String text = CitizenTexts.frenchThenEnglish("mail.phone-activated.text", "Pixel");
        assertTrue(text.startsWith("Bonjour,\n\nLe téléphone « Pixel » vient d'être activé"), text);
        assertTrue(text.contains("suspendu.\n\nHello,\n\nThe phone \"Pixel\" has just been activated"), text);
        assertTrue(text.endsWith("your account will be suspended.\n"), text);
        assertEquals("Identité Numérique : Un téléphone a été activé / A phone was activated",
                CitizenTexts.frenchSlashEnglish("mail.phone-activated.subject"));
    }

    private static Set<String> keys(String language) throws IOException {
        try (InputStream in = CitizenTexts.class.getResourceAsStream("/messages/citizen_" + language + ".properties")) {
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new TreeSet<>(properties.stringPropertyNames());
        }
    }
}
