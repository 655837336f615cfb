package fr.idnum.e2e.support;

import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;

/** Citizens whose identity has been verified, created through the admin API as an operator would. */
public final class Citizens {

    /** Meets the realm's password policy (12+ characters, upper, lower, digit). */
    public static final String PASSWORD = "Citoyen-Test-2026";

    private Citizens() {
    }

    /** Born in Paris 7e, with a usage name. Returns the username. */
    public static String bornInFrance(ManagedRealm realm) {
        return create(realm, Map.of(
                "given_names", "Marie Anne Élise",
                "birth_family_name", "DUPONT",
                "usage_name", "MARTIN",
                "gender", "female",
                "birthdate", "1985-04-12",
                "birthplace", "75107",
                "birthcountry", "99100"));
    }

    /** Born in Spain with a presumed birth date ("présumé né en 1979"). Returns the username. */
    public static String bornAbroad(ManagedRealm realm) {
        return create(realm, Map.of(
                "given_names", "José Luis",
                "birth_family_name", "GARCIA LÓPEZ",
                "gender", "male",
                "birthdate", "1979-00-00",
                "birthcountry", "99134"));
    }

    /**
     * Returns the username, which is the e-mail address: the realm uses the e-mail as identifier
     * (registrationEmailAsUsername), for accounts made by an operator as for those citizens create.
     */
    public static String create(ManagedRealm realm, Map<String, String> identity) {
        String username = "citizen-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
        UserBuilder user = UserBuilder.create(username)
                .email(username)
                .enabled(true)
                .password(PASSWORD);
        identity.forEach(user::attribute);
        UserRepresentation representation = user.build();
        representation.setEmailVerified(true);
        try (Response response = realm.admin().users().create(representation)) {
            if (response.getStatus() != 201) {
                throw new AssertionError("User creation refused: HTTP " + response.getStatus() + " " + response.readEntity(String.class));
            }
        }
        return username;
    }
}
