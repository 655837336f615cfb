package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.keycloak.common.util.StringPropertyReplacer;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.util.JsonSerialization;

/**
 * The realm exactly as {@code realm-config/} ships it, with its {@code ${ENV}} placeholders resolved the
 * way {@code kc.sh --import-realm} resolves them, from the values of {@link TestEnvironment}.
 */
public class IdnumRealmConfig implements RealmConfig {

    public static final String REALM_RESOURCE = "/realm/idnum-realm.json";

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        return RealmBuilder.update(load(TestEnvironment.placeholders()));
    }

    static RealmRepresentation load(Map<String, String> placeholders) {
        try (InputStream in = IdnumRealmConfig.class.getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the test classpath (idnum-realm-config)");
            }
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String resolved = StringPropertyReplacer.replaceProperties(json, placeholders::get);
            return JsonSerialization.readValue(resolved, RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
