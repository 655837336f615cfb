package fr.idnum.keycloak.enrollment;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.util.JsonSerialization;

/**
 * Fetches the service client's token (client credentials grant) from the configured token endpoint, with the JDK's
 * HTTP client: no Keycloak session is needed, so it can run off the request threads ({@link ServiceTokens}). The
 * URL is configured, never derived from a request: the client secret is sent there. Redirects are not followed.
 */
final class TokenEndpoint implements ServiceTokens.Fetcher {

    private static final Logger LOG = Logger.getLogger(TokenEndpoint.class);

    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    TokenEndpoint(String tokenUrl, String clientId, String clientSecret, Duration timeout, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public ServiceTokens.Token fetch() {
        if (tokenUrl == null || tokenUrl.isBlank()) {
            throw new TokenUnavailable("no token-url configured for Keycloak's service client");
        }
        String form = OAuth2Constants.GRANT_TYPE + "=" + OAuth2Constants.CLIENT_CREDENTIALS
                + "&" + OAuth2Constants.CLIENT_ID + "=" + encode(clientId)
                + "&" + OAuth2Constants.CLIENT_SECRET + "=" + encode(clientSecret);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Instant issuedAt = clock.instant();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TokenUnavailable("the token endpoint did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailable("interrupted while asking the token endpoint");
        }
        if (response.statusCode() != 200) {
            LOG.errorf("idnum-enrollment: the client %s could not get a token (HTTP %d)", clientId, response.statusCode());
            throw new TokenUnavailable("Keycloak's service client could not get a token");
        }
        try {
            JsonNode body = JsonSerialization.readValue(response.body(), JsonNode.class);
            String token = body.path("access_token").asText(null);
            if (token == null || token.isEmpty()) {
                throw new TokenUnavailable("the token endpoint answered no access token");
            }
            return new ServiceTokens.Token(token, issuedAt, issuedAt.plusSeconds(body.path("expires_in").asLong(30)));
        } catch (IOException e) {
            throw new TokenUnavailable("the token endpoint answered something unreadable");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
