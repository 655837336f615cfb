package fr.idnum.enrollment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.support.CapturingMailSender;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test of the module: no code the tests sent to citizens (SMS codes, activation
 * codes) may appear in the service's log of the whole run, at any level down to DEBUG.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
@Order(Integer.MAX_VALUE)
class SecretsNotLoggedTest {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static final Path LOG = Path.of("target", "enrollment-test.log");

    @Inject
    RecordingSmsGateway sms;
    @Inject
    CapturingMailSender mail;
    @Inject
    fr.idnum.enrollment.messaging.RecordingLetterSender letters;

    @Test
    void noCodeSentDuringTheRunAppearsInTheLog() throws IOException {
        Set<String> codes = new TreeSet<>();
        sms.all().forEach(m -> collect(m.text(), codes));
        mail.all().forEach(m -> collect(m.text(), codes));
        letters.all().forEach(l -> collect(l.letter().text(), codes));
        assertTrue(codes.size() >= 10, "the run sent codes to scan for (found " + codes.size() + ")");
        assertTrue(Files.exists(LOG), "the test run writes its log to " + LOG);

        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertTrue(log.contains("idnum-enrollment"), "the log file is the service's");
        for (String code : codes) {
            assertFalse(Pattern.compile("\\b" + code + "\\b").matcher(log).find(), "a code sent to a citizen is in the log");
        }
    }

    private static void collect(String text, Set<String> codes) {
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            codes.add(m.group(1));
        }
    }
}
