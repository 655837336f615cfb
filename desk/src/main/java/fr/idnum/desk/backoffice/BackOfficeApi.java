package fr.idnum.desk.backoffice;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.token.AccessToken;

import fr.idnum.protocol.ProblemTypes;

/**
 * The enrollment service's back-office APIs as the desk calls them, with the staff member's own access token (the
 * service checks their role and level on every call): the agent's look-up and finding
 * ({@code /api/v1/agent/enrollments}), the operator's search and state changes ({@code /api/v1/admin/enrollments}).
 * Refusals come back as {@link ApiProblem}s; nothing here logs a token, a code or a name.
 */
public final class BackOfficeApi {

    private static final String AGENT = "/api/v1/agent/enrollments";
    private static final String ADMIN = "/api/v1/admin/enrollments";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** The operator's actions on an enrollment, by the path segment the admin API gives each. */
    public enum Action {
        SUSPEND("suspend"),
        REINSTATE("reinstate"),
        REVOKE("revoke"),
        REQUIRE_REACTIVATION("require-reactivation");

        private final String path;

        Action(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        /** The action of this path segment, or null. */
        public static Action ofPath(String path) {
            for (Action action : values()) {
                if (action.path.equals(path)) {
                    return action;
                }
            }
            return null;
        }
    }

    private final URI base;
    private final HttpClient http;

    public BackOfficeApi(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** The enrollments awaiting an in-person check that match what the citizen shows (usually one, possibly none). */
    public ApiAnswer<List<Map<String, Object>>> findForCheck(AccessToken token, String activationCode, String birthName) {
        return send(token, HttpRequest.newBuilder(uri(AGENT + "?activationCode=" + encode(activationCode)
                + "&birthName=" + encode(birthName))).GET(), body -> ApiAnswer.Json.objects(JSONArrayUtils.parse(body)));
    }

    /** The agent's finding: verified (document seen and matching) or rejected with a reason. */
    public ApiAnswer<Map<String, Object>> recordCheck(AccessToken token, String enrollmentId, String activationCode,
                                                      boolean documentSeen, boolean identityMatches, String reason) {
        Map<String, Object> finding = new LinkedHashMap<>();
        finding.put("activationCode", activationCode);
        finding.put("documentSeen", documentSeen);
        finding.put("identityMatches", identityMatches);
        if (reason != null && !reason.isBlank()) {
            finding.put("reason", reason);
        }
        return post(token, AGENT + "/" + encode(enrollmentId) + "/check", finding);
    }

    /** The operator's search; {@code criteria} are the admin API's query parameters (blank ones left out). */
    public ApiAnswer<Map<String, Object>> search(AccessToken token, Map<String, String> criteria) {
        String query = criteria.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue().trim())).collect(Collectors.joining("&"));
        return send(token, HttpRequest.newBuilder(uri(ADMIN + "?" + query)).GET(), JSONObjectUtils::parse);
    }

    /** One enrollment as the operator reads it (the read is audited by the service). */
    public ApiAnswer<Map<String, Object>> view(AccessToken token, String enrollmentId) {
        return send(token, HttpRequest.newBuilder(uri(ADMIN + "/" + encode(enrollmentId))).GET(), JSONObjectUtils::parse);
    }

    /** Suspend, reinstate, revoke or require re-activation, with the operator's reason. */
    public ApiAnswer<Map<String, Object>> act(AccessToken token, String enrollmentId, Action action, String reason) {
        return post(token, ADMIN + "/" + encode(enrollmentId) + "/" + action.path(), Map.of("reason", reason == null ? "" : reason));
    }

    private ApiAnswer<Map<String, Object>> post(AccessToken token, String path, Map<String, Object> body) {
        return send(token, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body))), JSONObjectUtils::parse);
    }

    private interface BodyReader<T> {
        T read(String body) throws ParseException;
    }

    private <T> ApiAnswer<T> send(AccessToken token, HttpRequest.Builder request, BodyReader<T> reader) {
        HttpResponse<String> response;
        try {
            response = http.send(request.header("Authorization", "Bearer " + token.getValue())
                    .header("Accept", "application/json, " + ProblemTypes.MEDIA_TYPE).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new ApiAnswer.Refused<>(ApiProblem.unreachable());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiAnswer.Refused<>(ApiProblem.unreachable());
        }
        if (response.statusCode() / 100 == 2) {
            try {
                return new ApiAnswer.Done<>(response.statusCode(), reader.read(response.body()));
            } catch (ParseException | RuntimeException e) {
                return new ApiAnswer.Refused<>(problem(response.statusCode(), "", response));
            }
        }
        return new ApiAnswer.Refused<>(problem(response.statusCode(), response.body(), response));
    }

    /** Reads the problem document; an answer that is none (a proxy's page, an empty 401) keeps its status only. */
    static ApiProblem problem(int status, String body, HttpResponse<String> response) {
        Long retryAfter = response == null ? null : response.headers().firstValue("Retry-After").map(BackOfficeApi::seconds).orElse(null);
        Map<String, Object> json;
        try {
            json = body == null || body.isBlank() ? Map.of() : JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            json = Map.of();
        }
        Object attempts = json.get(ProblemTypes.ATTEMPTS_LEFT);
        List<String> fields = new ArrayList<>();
        for (Map<String, Object> error : ApiAnswer.Json.objects(json.get("errors"))) {
            fields.add(ApiAnswer.Json.string(error, "field"));
        }
        return new ApiProblem(status, ProblemTypes.nameOf(ApiAnswer.Json.string(json, "type")), ApiAnswer.Json.string(json, "title"),
                ApiAnswer.Json.string(json, "detail"), attempts instanceof Number n ? n.intValue() : null, retryAfter, List.copyOf(fields));
    }

    private static Long seconds(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private URI uri(String pathAndQuery) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        return URI.create(root + pathAndQuery);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
