package fr.idnum.enrollment.messaging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
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

    private final URI endpoint;
    private final String apiKey;
    private final String postage;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public HttpLetterSender(URI endpoint, String apiKey, String postage, Duration connectTimeout, Duration requestTimeout,
                            ObjectMapper json) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.postage = postage;
        this.requestTimeout = requestTimeout;
        this.json = json;
        // Never follow redirects: the bearer key must only ever go to the configured host.
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
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
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(letter)))
                .build();
        int status = exchange(request);
        if (status < 200 || status > 299) {
            throw failed("the provider answered HTTP " + status, null);
        }
        LOG.debugf("Letter accepted by the provider for enrollment %s", letter.reference());
    }

    private int exchange(HttpRequest request) {
        try {
            // The body of the answer is not read: a provider may echo the letter back.
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw failed("no answer from the provider within " + requestTimeout, e);
        } catch (IOException e) {
            throw failed("the provider could not be reached (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the provider", e);
        }
    }

    private byte[] body(Letter letter) {
        var address = letter.address();
        try {
            return json.writeValueAsBytes(new Submission(letter.reference(), new Recipient(letter.recipient(),
                    address.line1(), address.line2(), address.postalCode(), address.city(), "FR"), letter.text(), postage));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the letter request body", e);
        }
    }

    private MessageNotSentException failed(String reason, Throwable cause) {
        MessageNotSentException e = new MessageNotSentException("letter", reason, cause);
        LOG.warnf("Letter not posted: %s", reason);
        return e;
    }
}
