package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PushMessageTest {

    @Test
    void printsItselfWithoutTheRegistrationToken() {
        String printed = new PushMessage("secret-fcm-token", PushMessage.Platform.IOS, "ch_printed_01", Duration.ofSeconds(60)).toString();

        assertFalse(printed.contains("secret-fcm-token"), printed);
        assertTrue(printed.contains("ch_printed_01"), printed);
    }

    @Test
    void aPushWithoutLifetimeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new PushMessage("token", PushMessage.Platform.ANDROID, "ch_no_ttl_001", Duration.ZERO));
    }
}
