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
 * One JSON {@code POST} with a bearer API key to a message provider (SMS gateway, print-and-post, registered
 * e-mail): what every HTTP channel shares. Anything but a 2xx is a {@link MessageNotSentException} naming the
 * channel and the provider's status. Redirects are never followed (the key must only ever reach the configured
 * host), the answer's body is never read (a provider may echo the message back), and neither the body (it carries
 * codes), the recipient nor the key ever reaches a log line or an exception message.
 */
final class JsonProviderPost {

    private static final Logger LOG = Logger.getLogger(JsonProviderPost.class);

    private final String channel;
    private final String provider;
    private final URI endpoint;
    private final String apiKey;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final HttpClient http;

    /**
     * @param channel  what is sent, as an operator reads it ("SMS", "letter", "registered e-mail")
     * @param provider what the other side is called in messages ("gateway", "provider")
     */
    JsonProviderPost(String channel, String provider, URI endpoint, String apiKey, Duration connectTimeout,
                     Duration requestTimeout, ObjectMapper json) {
        this.channel = channel;
        this.provider = provider;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Posts {@code body} as JSON; returns once the provider accepted it (2xx). */
    void post(Object body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)))
                .build();
        int status = exchange(request);
        if (status < 200 || status > 299) {
            throw failed("the " + provider + " answered HTTP " + status, null);
        }
    }

    private int exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw failed("no answer from the " + provider + " within " + requestTimeout, e);
        } catch (IOException e) {
            throw failed("the " + provider + " could not be reached (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the " + provider, e);
        }
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the " + channel + " request body", e);
        }
    }

    private MessageNotSentException failed(String reason, Throwable cause) {
        LOG.warnf("%s not sent: %s", channel, reason);
        return new MessageNotSentException(channel, reason, cause);
    }
}
