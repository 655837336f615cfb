package fr.idnum.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the bench adds to the realm for its run, through the admin API, and takes away after ({@link #close}):
 * two confidential relying parties of its own (authorization code + PKCE S256), the second with a browser-flow
 * override made of Keycloak's built-in username-password form and OTP form (the password + OTP baseline); the
 * push step's per-citizen and per-source request limits raised (one source address sends every sign-in here);
 * one-time codes made reusable within their 30 s period (a virtual citizen signs in several times a period);
 * and the citizens it creates. Leftovers of an interrupted run are removed first.
 */
public final class BenchRealm implements AutoCloseable {

    public static final String CLIENT_ID = "idnum-bench";
    public static final String OTP_CLIENT_ID = "idnum-bench-otp";
    public static final String OTP_FLOW = "idnum bench password otp";
    /** Where nothing listens: the bench reads the redirect with the code, never follows it. */
    public static final String REDIRECT_URI = "http://127.0.0.1:9/bench/callback";
    /** The realm's browser flow and the provider id of our push step in it. */
    static final String BROWSER_FLOW = "idnum browser";
    static final String PUSH_PROVIDER = "idnum-push";
    static final List<String> PUSH_LIMITS = List.of("idnum.push.max-challenges-per-quarter-hour", "idnum.push.max-challenges-per-source");
    static final String UNLIMITED = "1000000";
    static final List<String> OTP_POLICY = List.of("otpPolicyType", "otpPolicyAlgorithm", "otpPolicyInitialCounter", "otpPolicyDigits",
            "otpPolicyLookAheadWindow", "otpPolicyPeriod", "otpPolicyCodeReusable");

    private final AdminApi admin;
    private final String secret;
    private final Map<String, String> clientIds = new HashMap<>();
    private final Queue users = new Queue();
    private Map<String, Object> pushConfig;
    private Map<String, String> previousPushLimits;
    private Map<String, Object> previousOtpPolicy;

    private BenchRealm(AdminApi admin) {
        this.admin = admin;
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The realm made ready for the bench; close it to put the realm back as it was. */
    public static BenchRealm prepare(AdminApi admin) {
        BenchRealm realm = new BenchRealm(admin);
        realm.removeLeftovers();
        try {
            realm.createOtpFlow();
            realm.createClients();
            realm.raisePushLimits();
            realm.allowCodeReuse();
        } catch (RuntimeException e) {
            realm.close();
            throw e;
        }
        return realm;
    }

    public String clientSecret() {
        return secret;
    }

    public AdminApi admin() {
        return admin;
    }

    /** Remembers a user to delete at {@link #close}. */
    void created(String userId) {
        users.add(userId);
    }

    private void removeLeftovers() {
        for (String clientId : List.of(CLIENT_ID, OTP_CLIENT_ID)) {
            for (Object client : admin.list("/clients?clientId=" + AdminApi.encode(clientId))) {
                admin.delete("/clients/" + ((Map<?, ?>) client).get("id"));
            }
        }
        flowId().ifPresent(id -> admin.delete("/authentication/flows/" + id));
    }

    private java.util.Optional<String> flowId() {
        return admin.list("/authentication/flows").stream().map(f -> (Map<?, ?>) f)
                .filter(f -> OTP_FLOW.equals(f.get("alias"))).map(f -> (String) f.get("id")).findFirst();
    }

    private void createOtpFlow() {
        admin.create("/authentication/flows", Map.of("alias", OTP_FLOW, "description",
                "Bench baseline: Keycloak's username-password form, then its OTP form", "providerId", "basic-flow",
                "topLevel", true, "builtIn", false));
        String flow = "/authentication/flows/" + AdminApi.encode(OTP_FLOW) + "/executions";
        admin.create(flow + "/execution", Map.of("provider", "auth-username-password-form"));
        admin.create(flow + "/execution", Map.of("provider", "auth-otp-form"));
        for (Object execution : admin.list(flow)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> required = new LinkedHashMap<>((Map<String, Object>) execution);
            required.put("requirement", "REQUIRED");
            admin.put(flow, required);
        }
    }

    private void createClients() {
        clientIds.put(CLIENT_ID, admin.create("/clients", client(CLIENT_ID, Map.of())));
        clientIds.put(OTP_CLIENT_ID, admin.create("/clients", client(OTP_CLIENT_ID,
                Map.of("browser", flowId().orElseThrow(() -> new IllegalStateException("the OTP flow was not created"))))));
    }

    private Map<String, Object> client(String clientId, Map<String, String> flowOverrides) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("name", "Bench (" + clientId + ")");
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", secret);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("redirectUris", List.of(REDIRECT_URI));
        client.put("defaultClientScopes", List.of("basic", "acr", "amr"));
        client.put("attributes", Map.of("pkce.code.challenge.method", "S256", "use.refresh.tokens", "false", "id.token.signed.response.alg", "RS256"));
        client.put("authenticationFlowBindingOverrides", flowOverrides);
        return client;
    }

    @SuppressWarnings("unchecked")
    private void raisePushLimits() {
        String configId = admin.list("/authentication/flows/" + AdminApi.encode(BROWSER_FLOW) + "/executions").stream()
                .map(e -> (Map<String, Object>) e)
                .filter(e -> PUSH_PROVIDER.equals(e.get("providerId")) && e.get("authenticationConfig") != null)
                .map(e -> (String) e.get("authenticationConfig")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no configured " + PUSH_PROVIDER + " step in '" + BROWSER_FLOW + "'"));
        pushConfig = admin.get("/authentication/config/" + configId);
        Map<String, Object> values = new LinkedHashMap<>((Map<String, Object>) pushConfig.get("config"));
        previousPushLimits = new HashMap<>();
        for (String limit : PUSH_LIMITS) {
            previousPushLimits.put(limit, (String) values.get(limit));
            values.put(limit, UNLIMITED);
        }
        Map<String, Object> raised = new LinkedHashMap<>(pushConfig);
        raised.put("config", values);
        admin.put("/authentication/config/" + configId, raised);
    }

    /** Keycloak replaces the realm's OTP policy as a whole (only when its type is given): every field goes back. */
    private void allowCodeReuse() {
        Map<String, Object> realm = admin.get("");
        previousOtpPolicy = new LinkedHashMap<>();
        for (String field : OTP_POLICY) {
            if (realm.get(field) != null) {
                previousOtpPolicy.put(field, realm.get(field));
            }
        }
        Map<String, Object> reusable = new LinkedHashMap<>(previousOtpPolicy);
        reusable.put("otpPolicyCodeReusable", true);
        admin.put("", reusable);
    }

    /** Deletes the citizens and clients, puts the limits and the OTP policy back; goes on past a failed step. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        users.drain(id -> run(failures, () -> admin.delete("/users/" + id)));
        clientIds.values().forEach(id -> run(failures, () -> admin.delete("/clients/" + id)));
        clientIds.clear();
        run(failures, () -> flowId().ifPresent(id -> admin.delete("/authentication/flows/" + id)));
        if (pushConfig != null) {
            run(failures, this::restorePushLimits);
        }
        if (previousOtpPolicy != null) {
            Map<String, Object> previous = previousOtpPolicy;
            run(failures, () -> admin.put("", previous));
            previousOtpPolicy = null;
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("The realm was not entirely put back");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    @SuppressWarnings("unchecked")
    private void restorePushLimits() {
        Map<String, Object> values = new LinkedHashMap<>((Map<String, Object>) pushConfig.get("config"));
        previousPushLimits.forEach((key, value) -> {
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
        });
        Map<String, Object> restored = new LinkedHashMap<>(pushConfig);
        restored.put("config", values);
        admin.put("/authentication/config/" + pushConfig.get("id"), restored);
        pushConfig = null;
    }

    private static void run(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /** The users to delete, filled from many threads. */
    private static final class Queue {
        private final ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();

        void add(String id) {
            ids.add(id);
        }

        void drain(java.util.function.Consumer<String> action) {
            for (String id; (id = ids.poll()) != null; ) {
                action.accept(id);
            }
        }
    }
}
