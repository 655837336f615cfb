package fr.idnum.keycloak.enrollment;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import fr.idnum.protocol.ProblemTypes;
import fr.idnum.protocol.enrollment.ActivationRefusal;
import fr.idnum.protocol.enrollment.IdentityAttributes;
import fr.idnum.protocol.enrollment.InternalApi;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.config.RequestConfig;
import org.jboss.logging.Logger;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * {@link EnrollmentClient} over HTTP: {@code POST {url}/api/v1/internal/activations} with the service
 * client's bearer token and an {@code Idempotency-Key}. Every failure to get an answer becomes
 * {@link Redemption.Unavailable}, never an exception, so the device API can answer 503 cleanly.
 */
public class HttpEnrollmentClient implements EnrollmentClient {

    /** Set to true by the enrollment service on the answer to a retried redemption ({@code InternalActivationResource}). */

    /** The user attributes the enrollment service may set: the verified identity, nothing else. */

    private static final Logger LOG = Logger.getLogger(HttpEnrollmentClient.class);

    record Settings(String url, String clientId, String issuer, Duration timeout, Duration pushTimeout) {
    }

    private final KeycloakSession session;
    private final Settings settings;
    private final ServiceTokens tokens;
    private final Reachability reachability;

    HttpEnrollmentClient(KeycloakSession session, Settings settings, ServiceTokens tokens, Reachability reachability) {
        this.session = session;
        this.settings = settings;
        this.tokens = tokens;
        this.reachability = reachability;
    }

    @Override
    public boolean reachable() {
        return reachability.reachable();
    }

    @Override
    public Redemption redeem(String subject, String activationCode, String idempotencyKey) {
        if (tokens == null) {
            return new Redemption.Unavailable("no issuer configured for Keycloak's service token");
        }
        try {
            // Safe to send twice: the enrollment service answers a retry with the same key the same way.
            return post(InternalApi.ACTIVATIONS, Map.of("subject", subject, "activationCode", activationCode),
                    Map.of(InternalApi.IDEMPOTENCY_KEY, idempotencyKey), this::read);
        } catch (TokenUnavailable e) {
            return new Redemption.Unavailable(e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("idnum-enrollment: activation call failed: %s", e.getClass().getSimpleName());
            return new Redemption.Unavailable("the enrollment service did not answer");
        }
    }

    @Override
    public boolean notify(String subject, Notice notice, String deviceLabel) {
        if (tokens == null) {
            LOG.warnf("idnum-enrollment: notice %s not sent, no issuer configured for Keycloak's service token", notice);
            return false;
        }
        try {
            int status = post(InternalApi.CITIZEN_NOTICES, Map.of("subject", subject, "notice", notice.name(), "deviceLabel", deviceLabel),
                    Map.of(), SimpleHttpResponse::getStatus);
            if (status != 202) {
                LOG.warnf("idnum-enrollment: notice %s refused (HTTP %d)", notice, status);
            }
            return status == 202;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("idnum-enrollment: notice %s not sent: %s", notice, e.getClass().getSimpleName());
            return false;
        }
    }

    @Override
    public PushResult push(String registrationToken, String platform, String challengeId, long ttlSeconds) {
        if (tokens == null) {
            return PushResult.NOT_SENT;
        }
        try {
            return post(InternalApi.PUSH, Map.of("registrationToken", registrationToken,
                            "platform", platform.toUpperCase(java.util.Locale.ROOT), "challengeId", challengeId, "ttlSeconds", ttlSeconds),
                    Map.of(), response -> {
                        int status = response.getStatus();
                        PushResult result = PushResult.of(status, status == 410 ? text(parseQuietly(response), "type") : null);
                        if (result == PushResult.NOT_SENT) {
                            LOG.warnf("idnum-enrollment: push for a challenge refused (HTTP %d)", status);
                        }
                        return result;
                    }, settings.pushTimeout());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("idnum-enrollment: push for a challenge not sent: %s", e.getClass().getSimpleName());
            return PushResult.NOT_SENT;
        }
    }

    /** Reads an answer; may throw like the call itself. */
    private interface Reader<T> {
        T read(SimpleHttpResponse response) throws IOException;
    }

    /**
     * One call with the service token, tried a second time, once, when the first could not have been
     * processed: a pooled connection the service closed (it restarted), or a cached token it no longer
     * accepts (Keycloak's keys or the client's secret changed) — then with a fresh token.
     */
    private <T> T post(String path, Object body, Map<String, String> headers, Reader<T> reader) throws IOException {
        return post(path, body, headers, reader, settings.timeout());
    }

    private <T> T post(String path, Object body, Map<String, String> headers, Reader<T> reader, Duration timeout) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String token = tokens.get();
            var request = http(timeout).doPost(settings.url() + path).auth(token).json(body);
            headers.forEach(request::header);
            try (SimpleHttpResponse response = request.asResponse()) {
                int status = response.getStatus();
                if (status == 401 || status == 403) {
                    tokens.forget();
                    if (attempt == 1) {
                        continue;
                    }
                }
                return reader.read(response);
            } catch (IOException e) {
                if (attempt > 1 || !closedUnderUs(e)) {
                    throw e;
                }
            }
        }
    }

    private Redemption read(SimpleHttpResponse response) throws IOException {
        int status = response.getStatus();
        if (status == 200) {
            JsonNode body = response.asJson();
            Map<String, String> identity = new LinkedHashMap<>();
            for (String attribute : IdentityAttributes.ALL) {
                JsonNode value = body.get(attribute);
                if (value != null && value.isTextual()) {
                    identity.put(attribute, value.asText());
                }
            }
            return new Redemption.Redeemed(identity, "true".equalsIgnoreCase(response.getFirstHeader(InternalApi.REPLAYED)));
        }
        if (status == 401 || status == 403) {
            LOG.errorf("idnum-enrollment: the enrollment service refused Keycloak's service token (HTTP %d): check "
                    + "the client %s and its roles", status, settings.clientId());
            return new Redemption.Unavailable("the enrollment service refused Keycloak's credentials");
        }
        if (status >= 400 && status < 500) {
            JsonNode problem = parseQuietly(response);
            String type = text(problem, "type");
            JsonNode attempts = problem == null ? null : problem.get(ProblemTypes.ATTEMPTS_LEFT);
            return new Redemption.Refused(status, ActivationRefusal.ofType(type), String.valueOf(ProblemTypes.nameOf(type)),
                    text(problem, "detail"), attempts != null && attempts.canConvertToInt() ? attempts.asInt() : null,
                    text(problem, ProblemTypes.NOT_BEFORE));
        }
        LOG.warnf("idnum-enrollment: activation call answered HTTP %d", status);
        return new Redemption.Unavailable("the enrollment service answered HTTP " + status);
    }

    /** The connection was closed by the other side before any answer: nothing reached the service. */
    private static boolean closedUnderUs(IOException e) {
        return e instanceof NoHttpResponseException
                || (e instanceof SocketException && !(e instanceof ConnectException));
    }

    private SimpleHttp http() {
        return http(settings.timeout());
    }

    private SimpleHttp http(Duration timeout) {
        int millis = (int) timeout.toMillis();
        return SimpleHttp.create(session).withRequestConfig(RequestConfig.custom()
                .setConnectTimeout(millis).setSocketTimeout(millis).setConnectionRequestTimeout(millis).build());
    }

    private static JsonNode parseQuietly(SimpleHttpResponse response) {
        try {
            return response.asJson();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
