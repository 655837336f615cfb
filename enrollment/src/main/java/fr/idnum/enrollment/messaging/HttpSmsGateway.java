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
 * SMS through a generic HTTP gateway: {@code POST {"to", "text", "sender"}} as JSON with a bearer API key.
 * Anything but a 2xx is a {@link MessageNotSentException}. Neither the text (it carries codes) nor the key
 * ever reaches a log line or an exception message.
 */
public class HttpSmsGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(HttpSmsGateway.class);

    /** The gateway's request body. */
    record Submission(String to, String text, String sender) {
    }

    private final URI endpoint;
    private final String apiKey;
    private final String sender;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public HttpSmsGateway(URI endpoint, String apiKey, String sender, Duration connectTimeout, Duration requestTimeout,
                          ObjectMapper json) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.sender = sender;
        this.requestTimeout = requestTimeout;
        this.json = json;
        // Never follow redirects: the bearer key must only ever go to the configured host.
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static HttpSmsGateway from(MessagingConfig.Sms.Http config, ObjectMapper json) {
        URI url = config.url().orElseThrow(() -> new IllegalStateException(
                "idnum.messaging.sms.provider=http needs idnum.messaging.sms.http.url (IDNUM_SMS_URL)"));
        String apiKey = config.apiKey().orElseThrow(() -> new IllegalStateException(
                "idnum.messaging.sms.provider=http needs idnum.messaging.sms.http.api-key (IDNUM_SMS_API_KEY)"));
        return new HttpSmsGateway(url, apiKey, config.sender(), config.connectTimeout(), config.requestTimeout(), json);
    }

    @Override
    public void send(String e164Number, String text) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(e164Number, text)))
                .build();
        int status = exchange(request);
        if (status < 200 || status > 299) {
            throw failed("the gateway answered HTTP " + status, null);
        }
        LOG.debugf("SMS accepted by the gateway for a number ending in %s", lastDigits(e164Number));
    }

    private int exchange(HttpRequest request) {
        try {
            // The body of the answer is not read: a gateway may echo the text back.
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw failed("no answer from the gateway within " + requestTimeout, e);
        } catch (IOException e) {
            throw failed("the gateway could not be reached (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the gateway", e);
        }
    }

    private byte[] body(String e164Number, String text) {
        try {
            return json.writeValueAsBytes(new Submission(e164Number, text, sender));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the SMS request body", e);
        }
    }

    private MessageNotSentException failed(String reason, Throwable cause) {
        MessageNotSentException e = new MessageNotSentException("SMS", reason, cause);
        LOG.warnf("SMS not sent: %s", reason);
        return e;
    }

    private static String lastDigits(String number) {
        return number.length() <= 2 ? "**" : number.substring(number.length() - 2);
    }
}
