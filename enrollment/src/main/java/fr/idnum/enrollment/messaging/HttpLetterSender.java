package fr.idnum.enrollment.messaging;

import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

/**
 * Letters through a print-and-post provider's HTTP API: {@code POST {"reference", "recipient": {"name", "line1",
 * "line2", "postalCode", "city", "country"}, "text", "postage"}} as JSON with a bearer API key. The provider prints,
 * envelopes and posts the letter. Anything but a 2xx is a {@link MessageNotSentException}. Neither the text (it
 * carries a code), the address nor the key ever reaches a log line or an exception message.
 */
public class HttpLetterSender implements LetterSender {

    private static final Logger LOG = Logger.getLogger(HttpLetterSender.class);

    /** The provider's request body. */
    record Submission(String reference, Recipient recipient, String text, String postage) {
    }

    /** Where the letter goes: always France (the service only accepts French addresses). */
    record Recipient(String name, String line1, String line2, String postalCode, String city, String country) {
    }

    private final JsonProviderPost provider;
    private final String postage;

    public HttpLetterSender(URI endpoint, String apiKey, String postage, Duration connectTimeout, Duration requestTimeout,
                            ObjectMapper json) {
        this.provider = new JsonProviderPost("letter", "provider", endpoint, apiKey, connectTimeout, requestTimeout, json);
        this.postage = postage;
    }

    static HttpLetterSender from(MessagingConfig.Letter.Http config, ObjectMapper json) {
        URI url = config.url().orElseThrow(() -> new IllegalStateException(
                "idnum.messaging.letter.provider=http needs idnum.messaging.letter.http.url (IDNUM_LETTER_URL)"));
        String apiKey = config.apiKey().orElseThrow(() -> new IllegalStateException(
                "idnum.messaging.letter.provider=http needs idnum.messaging.letter.http.api-key (IDNUM_LETTER_API_KEY)"));
        return new HttpLetterSender(url, apiKey, config.postage(), config.connectTimeout(), config.requestTimeout(), json);
    }

    @Override
    public void send(Letter letter) {
        var address = letter.address();
        provider.post(new Submission(letter.reference(), new Recipient(letter.recipient(), address.line1(), address.line2(),
                address.postalCode(), address.city(), "FR"), letter.text(), postage));
        LOG.debugf("Letter accepted by the provider for enrollment %s", letter.reference());
    }
}
