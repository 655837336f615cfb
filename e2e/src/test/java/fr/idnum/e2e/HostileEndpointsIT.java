package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;

import fr.idnum.e2e.support.Agent;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.KeycloakServiceClient;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The table-driven hostile-input suite of issue 14 (docs/security-tests.md): every operation of the enrollment
 * service's OpenAPI document and every device API endpoint, each sent every class of hostile request (wrong types,
 * missing and unknown members, 10 000-character strings, a 16 MiB body, control, bidi and NFD characters in names,
 * Cyrillic and Greek look-alikes, impossible dates, injection strings, bytes in no Unicode encoding, wrong content
 * types, methods not offered, path traversal in ids, a huge query string). Each answer must be a 4xx, never a 5xx; a
 * 4xx with a body must be {@code application/problem+json}; a method the device API does not offer on one of its
 * endpoints is a 405 {@code method-not-allowed} with {@code Allow: POST}, a path it does not have a 404
 * {@code not-found}; and no answer may echo the caller's token or a code planted in the request. Prints
 * {@code [hostile] cases=N 4xx=N 5xx=N} and writes its counts for the campaign's totals ({@link CampaignTally}).
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class HostileEndpointsIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    /** Planted in every body as a code or PIN: an answer that echoes it would echo a secret. */
    private static final String SECRET = "731902";
    private static final String LONG = "A".repeat(10_000);
    private static final int SIXTEEN_MIB = 16 * 1024 * 1024;
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final CampaignTally TALLY = new CampaignTally();
    private static final List<String> DEVICE_PATHS = List.of(DeviceApi.ACTIVATION, DeviceApi.PUSH_TOKEN,
            DeviceApi.DEACTIVATION, DeviceApi.PIN_CHANGE, DeviceApi.SIGN_IN_UNLOCK, DeviceApi.PENDING_CHALLENGE,
            DeviceApi.CHALLENGE_ANSWER);

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** One hostile request: where it goes, which class of hostility, and the request itself. */
    record Case(String target, String hostility, HttpRequest request) {
    }

    record Outcome(Case hostile, int status, String contentType, String allow, String body) {
        boolean problem() {
            return contentType.startsWith(PROBLEM_JSON);
        }
    }

    @Test
    void noHostileRequestIsAServerErrorOrEchoesASecret() throws Exception {
        String service = EnrollmentService.get().url();
        String username = Citizens.create(realm, Map.of());
        PhoneApp phone = PhoneApp.at(URI.create(TestEnvironment.ISSUER), URI.create(service), Clock.systemUTC());
        phone.login(username, Citizens.PASSWORD);
        String citizenToken = phone.accessToken();
        String serviceToken = KeycloakServiceClient.token(realm);
        // Staff tokens (signed in at eidas2 with their own phones), so that the agent's and the administrator's
        // operations read the hostile bodies instead of refusing the caller first.
        String agentToken = Agent.signedIn(realm, "identity-verifier").accessToken();
        String adminToken = Agent.signedIn(realm, "enrollment-admin").accessToken();
        List<String> secrets = List.of(citizenToken, serviceToken, agentToken, adminToken, SECRET);

        List<Case> cases = new ArrayList<>();
        Map<String, Object> paths = JSONObjectUtils.getJSONObject(openApi(service), "paths");
        assertTrue(paths.size() > 10, "the OpenAPI document lists the service's paths: " + paths.keySet());
        for (Map.Entry<String, Object> path : new TreeMap<>(paths).entrySet()) {
            String token = path.getKey().startsWith("/api/v1/internal/") ? serviceToken
                    : path.getKey().startsWith("/api/v1/agent/") ? agentToken
                    : path.getKey().startsWith("/api/v1/admin/") ? adminToken
                    : citizenToken;
            @SuppressWarnings("unchecked")
            Set<String> offered = new java.util.TreeSet<>(((Map<String, Object>) path.getValue()).keySet());
            offered.retainAll(Set.of("get", "post", "put", "patch", "delete"));
            cases.addAll(enrollmentCases(service, path.getKey(), offered, token));
        }
        for (String path : DEVICE_PATHS) {
            cases.addAll(deviceCases(DeviceApi.endpoint(URI.create(TestEnvironment.ISSUER), path).toString(), citizenToken));
        }

        List<Outcome> outcomes = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        for (Case hostile : cases) {
            try {
                outcomes.add(send(hostile));
            } catch (java.io.IOException e) {
                // A server may answer 413 and close before the client has sent 16 MiB: a refusal, not an answer to check.
                closed.add(hostile.hostility() + " " + hostile.target() + ": " + e);
            }
        }

        Map<String, Integer> byStatus = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            byStatus.merge(String.valueOf(outcome.status()), 1, Integer::sum);
            String line = outcome.status() + " " + (outcome.contentType().isEmpty() ? "(no type)" : outcome.contentType())
                    + " " + outcome.hostile().hostility() + " " + outcome.hostile().target();
            if (outcome.status() < 400 || outcome.status() >= 500) {
                wrong.add("not a 4xx: " + line + " " + abbreviated(outcome.body()));
            } else if (!outcome.body().isBlank() && !outcome.problem()) {
                wrong.add("a 4xx that is not a problem: " + line + " " + abbreviated(outcome.body()));
            }
            deviceRoutingRefusal(outcome).ifPresent(wrong::add);
            if (secrets.stream().anyMatch(outcome.body()::contains)) {
                wrong.add("echoes a secret: " + line);
            }
        }
        long clientErrors = outcomes.stream().filter(o -> o.status() >= 400 && o.status() < 500).count();
        long serverErrors = outcomes.stream().filter(o -> o.status() >= 500).count();
        closed.stream().filter(c -> !c.startsWith("16 MiB body")).forEach(c -> wrong.add("connection failed: " + c));
        wrong.forEach(w -> System.out.println("[hostile] " + w));
        System.out.println("[hostile] closed by the server while sending: " + closed.size());
        System.out.println("[hostile] statuses " + byStatus);
        System.out.println("[hostile] cases=" + (outcomes.size() + closed.size()) + " 4xx=" + clientErrors + " 5xx=" + serverErrors
                + " closed=" + closed.size());
        TALLY.cases(outcomes.size() + closed.size());
        for (long i = 0; i < serverErrors; i++) {
            TALLY.serverError();
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * Sends {@code hostile}, once more on a new connection if the pooled one was closed under it: after a 413 the
     * server closes the connection, and the client may have picked it for the next request already.
     */
    private Outcome send(Case hostile) throws Exception {
        HttpResponse<String> reply;
        try {
            reply = http.send(hostile.request(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closedUnderUs) {
            if (hostile.hostility().equals("16 MiB body")) {
                throw closedUnderUs;
            }
            reply = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(hostile.request(), HttpResponse.BodyHandlers.ofString());
        }
        return new Outcome(hostile, reply.statusCode(), reply.headers().firstValue("Content-Type").orElse(""),
                reply.headers().firstValue("Allow").orElse(""), reply.body());
    }

    @Test
    void aPathTheIdnumApiDoesNotHaveIsOurNotFoundProblem() throws Exception {
        String base = TestEnvironment.ISSUER + "/idnum/";
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        for (String path : List.of("", "nothing", "push", "push/status/more", "status/x", "enrollment-status",
                "device-activation", "hub-return/x", "logout/x")) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                        HttpResponse.BodyHandlers.ofString());
                cases++;
                if (reply.statusCode() >= 500) {
                    TALLY.serverError();
                }
                boolean ours = reply.statusCode() == 404 && reply.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM_JSON)
                        && reply.body().contains("\"type\":\"" + DeviceProblems.TYPE_BASE + DeviceProblems.NOT_FOUND + "\"");
                if (!ours) {
                    wrong.add(method + " /idnum/" + path + " -> " + reply.statusCode() + " " + abbreviated(reply.body()));
                }
            }
        }
        TALLY.cases(cases);
        assertEquals(List.of(), wrong, "every unknown path under /idnum/ is our 404 not-found problem");
    }

    @AfterAll
    static void tally() {
        TALLY.write(HostileEndpointsIT.class);
    }

    /**
     * A method the device API does not offer on one of its endpoints, or a path it does not have: our problem, not
     * Keycloak's own {@code {"error":"HTTP 405 Method Not Allowed"}} (docs/device-api.md, "Problems").
     */
    private static java.util.Optional<String> deviceRoutingRefusal(Outcome outcome) {
        String hostility = outcome.hostile().hostility();
        if (!outcome.hostile().target().startsWith("device ")
                || !(hostility.startsWith("method not offered") || hostility.startsWith("path traversal"))) {
            return java.util.Optional.empty();
        }
        boolean method = hostility.startsWith("method not offered");
        if (!method && outcome.status() != 404) {
            return java.util.Optional.empty(); // a traversal the HTTP layer refuses itself: the rules above apply
        }
        int status = method ? 405 : 404;
        String type = DeviceProblems.TYPE_BASE + (method ? DeviceProblems.METHOD_NOT_ALLOWED : DeviceProblems.NOT_FOUND);
        boolean right = outcome.status() == status && outcome.problem() && outcome.body().contains("\"type\":\"" + type + "\"")
                && (!method || outcome.allow().equals("POST"));
        return right ? java.util.Optional.empty() : java.util.Optional.of("not a " + status + " " + type
                + (method ? " with Allow: POST" : "") + ": " + outcome.status() + " " + outcome.contentType() + " Allow="
                + outcome.allow() + " " + hostility + " " + outcome.hostile().target() + " " + abbreviated(outcome.body()));
    }

    private List<Case> enrollmentCases(String service, String template, Set<String> offered, String token) {
        List<Case> cases = new ArrayList<>();
        String concrete = service + template.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        String target = "enrollment " + template;
        for (String method : offered) {
            String verb = method.toUpperCase();
            if (!Set.of("POST", "PUT", "PATCH").contains(verb)) {
                cases.add(new Case(target + " " + verb, "huge query string", request(concrete + "?q=" + "A".repeat(20_000), verb, token,
                        null, null)));
                continue;
            }
            bodies().forEach((hostility, body) -> cases.add(new Case(target + " " + verb, hostility,
                    request(concrete, verb, token, "application/json", body))));
            cases.add(new Case(target + " " + verb, "16 MiB body", request(concrete, verb, token, "application/json",
                    "{\"reason\":\"" + "A".repeat(SIXTEEN_MIB) + "\"}")));
            cases.add(new Case(target + " " + verb, "bytes in no Unicode encoding", sending(concrete, verb, token, "application/json",
                    HttpRequest.BodyPublishers.ofByteArray(new byte[]{0, 0, 0, '{', 's', 'u', 'b', 'j'}))));
            cases.add(new Case(target + " " + verb, "text/plain", request(concrete, verb, token, "text/plain", "{\"reason\":\"x\"}")));
            cases.add(new Case(target + " " + verb, "application/xml", request(concrete, verb, token, "application/xml",
                    "<reason>x</reason>")));
            cases.add(new Case(target + " " + verb, "no content type", request(concrete, verb, token, null, "{\"reason\":\"x\"}")));
            cases.add(new Case(target + " " + verb, "huge query string", request(concrete + "?q=" + "A".repeat(20_000), verb, token,
                    "application/json", "{}")));
        }
        for (String verb : METHODS) {
            if (!offered.contains(verb.toLowerCase())) {
                cases.add(new Case(target + " " + verb, "method not offered", request(concrete, verb, token,
                        "application/json", "{}")));
            }
        }
        if (template.contains("{")) {
            for (String traversal : List.of("..%2F..%2Fq%2Fopenapi", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..;", "%00", "%C0%AE%C0%AE")) {
                String escaped = service + template.replaceFirst("\\{[^}]+}", traversal).replaceAll("\\{[^}]+}",
                        UUID.randomUUID().toString());
                String verb = offered.contains("get") ? "GET" : offered.iterator().next().toUpperCase();
                cases.add(new Case(target + " " + verb, "path traversal " + traversal, request(escaped, verb, token,
                        "application/json", "{}")));
            }
        }
        return cases;
    }

    private List<Case> deviceCases(String endpoint, String token) {
        String target = "device " + endpoint.substring(endpoint.indexOf("/idnum/"));
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(target, "not a JWS", request(endpoint, "POST", token, DeviceApi.JOSE_MEDIA_TYPE, "' OR 1=1 --")));
        cases.add(new Case(target, "10 000 characters", request(endpoint, "POST", token, DeviceApi.JOSE_MEDIA_TYPE, LONG)));
        cases.add(new Case(target, "control and bidi characters", request(endpoint, "POST", token, DeviceApi.JOSE_MEDIA_TYPE,
                "eyJ\u0000\u001b[2J\u202e.e30.AAAA")));
        cases.add(new Case(target, "JSON claims unsigned", request(endpoint, "POST", token, DeviceApi.JOSE_MEDIA_TYPE,
                "{\"pin\":\"" + SECRET + "\",\"activation_code\":\"" + SECRET + "\"}")));
        cases.add(new Case(target, "16 MiB body", request(endpoint, "POST", token, DeviceApi.JOSE_MEDIA_TYPE, "A".repeat(SIXTEEN_MIB))));
        cases.add(new Case(target, "application/json", request(endpoint, "POST", token, "application/json", "{}")));
        cases.add(new Case(target, "no content type", request(endpoint, "POST", token, null, "a.b.c")));
        cases.add(new Case(target, "huge query string", request(endpoint + "?q=" + "A".repeat(20_000), "POST", token,
                DeviceApi.JOSE_MEDIA_TYPE, "a.b.c")));
        for (String verb : List.of("GET", "PUT", "PATCH", "DELETE")) {
            cases.add(new Case(target, "method not offered " + verb, request(endpoint, verb, token, DeviceApi.JOSE_MEDIA_TYPE, "a.b.c")));
        }
        cases.add(new Case(target, "path traversal", request(endpoint + "%2F..%2F..%2F..%2Faccount", "POST", token,
                DeviceApi.JOSE_MEDIA_TYPE, "a.b.c")));
        return cases;
    }

    /** The bodies of every JSON endpoint, by class of hostility; each names the members of every body type. */
    private static Map<String, String> bodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("wrong types", "{\"reason\":12345,\"mobilePhone\":true,\"code\":[1],\"mode\":{\"a\":1},\"subject\":1.5,"
                + "\"activationCode\":123456,\"documentSeen\":\"true\",\"givenNames\":\"Marie\",\"birthDate\":19850412,"
                + "\"address\":\"12 rue\",\"notice\":0,\"ttlSeconds\":\"60\",\"platform\":1}");
        bodies.put("array body", "[1,2,3]");
        bodies.put("scalar body", "\"" + SECRET + "\"");
        bodies.put("null body", "null");
        bodies.put("missing members", "{}");
        bodies.put("unknown members", "{\"unknown\":\"x\",\"__proto__\":{\"admin\":true},\"state\":\"ACTIVE\",\"code\":\"" + SECRET + "\"}");
        bodies.put("10 000-character strings", "{\"reason\":\"" + LONG + "\",\"mobilePhone\":\"" + LONG + "\",\"code\":\"" + LONG
                + "\",\"subject\":\"" + LONG + "\",\"birthName\":\"" + LONG + "\",\"givenNames\":[\"" + LONG + "\"],"
                + "\"activationCode\":\"" + LONG + "\",\"deviceLabel\":\"" + LONG + "\",\"registrationToken\":\"" + LONG + "\"}");
        bodies.put("control, bidi and NFD characters", "{\"birthName\":\"Dupont\\u0000\",\"givenNames\":[\"\\u202eMarie\"],"
                + "\"usageName\":\"E\\u0301lise\",\"reason\":\"a\\u001b[2Jb\",\"mobilePhone\":\"06\\u2066 12 34 56 78\","
                + "\"subject\":\"s\\u0000\",\"deviceLabel\":\"\\u0007\",\"address\":{\"line1\":\"12 rue\\u2028\",\"city\":\"Paris\\u0000\","
                + "\"postalCode\":\"75007\"},\"code\":\"" + SECRET + "\"}");
        // U+043E Cyrillic o, U+039C Greek capital mu, U+0430 Cyrillic a: names outside the identity rules' alphabet.
        bodies.put("Cyrillic and Greek look-alikes", "{\"birthName\":\"Dup\u043Ent\",\"givenNames\":[\"\u039Carie\"],"
                + "\"usageName\":\"\u0410\u0412\u0421\",\"email\":\"marie@ex\u0430mple.fr\",\"reason\":\"\u0455tolen\","
                + "\"code\":\"" + SECRET + "\"}");
        bodies.put("impossible dates", "{\"birthDate\":\"2023-02-30\",\"documentExpiryDate\":\"0000-01-01\","
                + "\"documentIssueDate\":\"+10000-01-01\",\"postmanVisitDate\":\"2023-02-30\",\"mode\":\"POSTMAN\"}");
        bodies.put("injection strings", "{\"reason\":\"' OR 1=1; DROP TABLE enrollment; --\",\"subject\":\"${jndi:ldap://x/a}\","
                + "\"birthName\":\"<script>alert(1)</script>\",\"mobilePhone\":\"06 12 34 56 78\\r\\nX-Injected: 1\","
                + "\"code\":\"{{7*7}}\",\"activationCode\":\"%s%n\",\"deviceLabel\":\"../../etc/passwd\"}");
        bodies.put("malformed JSON", "{\"reason\":\"x\",,}");
        bodies.put("duplicated member", "{\"reason\":\"a\",\"reason\":\"b\"}");
        bodies.put("deep nesting", "{\"reason\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        return bodies;
    }

    private static HttpRequest request(String uri, String method, String bearer, String contentType, String body) {
        return sending(uri, method, bearer, contentType,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest sending(String uri, String method, String bearer, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60)).method(method, body);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }

    private Map<String, Object> openApi(String service) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(service + "/q/openapi?format=json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        return JSONObjectUtils.parse(reply.body());
    }

    private static String abbreviated(String body) {
        String line = body.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
