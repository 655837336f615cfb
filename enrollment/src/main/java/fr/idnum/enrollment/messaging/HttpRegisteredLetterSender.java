package fr.idnum.enrollment.messaging;

import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

/**
 * Registered electronic letters through a qualified provider's HTTP API: {@code POST {"reference", "recipient":
 * {"email", "given_names", "birth_name", "birth_date"}, "identification": "required", "subject", "text"}} as JSON
 * with a bearer API key. {@code identification: required} asks the provider to open the letter only to a reader it
 * identified as the recipient (for a qualified provider, its identity check of the addressee). Anything but a 2xx
 * is a {@link MessageNotSentException}. Neither the text (it carries a code), the recipient nor the key ever
 * reaches a log line or an exception message. The JSON contract is ours: a real provider (AR24, ...) may need a
 * small adapter.
 */
public class HttpRegisteredLetterSender implements RegisteredLetterSender {

    private static final Logger LOG = Logger.getLogger(HttpRegisteredLetterSender.class);

    /** The provider's request body. */
    record Submission(String reference, Recipient recipient, String identification, String subject, String text) {
    }

    /** Who may open the letter. */
    record Recipient(String email, @JsonProperty("given_names") String givenNames,
                     @JsonProperty("birth_name") String birthName, @JsonProperty("birth_date") String birthDate) {
    }

    /** The only identification we ever ask for: the letter carries a code that must reach the checked person only. */
    static final String IDENTIFICATION_REQUIRED = "required";

    private final JsonProviderPost provider;

    public HttpRegisteredLetterSender(URI endpoint, String apiKey, Duration connectTimeout, Duration requestTimeout,
                                      ObjectMapper json) {
        this.provider = new JsonProviderPost("registered e-mail", "provider", endpoint, apiKey, connectTimeout,
                requestTimeout, json);
    }

    static HttpRegisteredLetterSender from(MessagingConfig.RegisteredLetter.Http config, ObjectMapper json) {
        URI url = config.url().orElseThrow(() -> new IllegalStateException("idnum.messaging.registered-letter.provider=http"
                + " needs idnum.messaging.registered-letter.http.url (IDNUM_REGISTERED_LETTER_URL)"));
        String apiKey = config.apiKey().orElseThrow(() -> new IllegalStateException("idnum.messaging.registered-letter.provider=http"
                + " needs idnum.messaging.registered-letter.http.api-key (IDNUM_REGISTERED_LETTER_API_KEY)"));
        return new HttpRegisteredLetterSender(url, apiKey, config.connectTimeout(), config.requestTimeout(), json);
    }

    @Override
    public void send(RegisteredLetter letter) {
        RegisteredLetter.Addressee addressee = letter.addressee();
        provider.post(new Submission(letter.reference(), new Recipient(letter.email(), addressee.givenNames(),
                addressee.birthName(), addressee.birthDate().toString()), IDENTIFICATION_REQUIRED, letter.subject(), letter.text()));
        LOG.debugf("Registered letter accepted by the provider for enrollment %s", letter.reference());
    }
}
