package fr.idnum.keycloak.claims;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The FranceConnect+ {@code birthplace} rule: the INSEE COG code of the birth commune for a citizen born
 * in France, an empty string for one born abroad (the hub checks {@code birthplace} only when
 * {@code birthcountry} is {@code 99100}), nothing when the birth country itself is unknown.
 */
public final class BirthplaceClaim {

    public static final String FRANCE = "99100";

    private static final Pattern COMMUNE_CODE = Pattern.compile("^(?:2[AB]|[0-9]{2})[0-9]{3}$");
    private static final Pattern COUNTRY_CODE = Pattern.compile("^99[0-9]{3}$");

    private BirthplaceClaim() {
    }

    public static Optional<String> value(String birthCountry, String birthPlace) {
        if (birthCountry == null || !COUNTRY_CODE.matcher(birthCountry).matches()) {
            return Optional.empty();
        }
        if (!FRANCE.equals(birthCountry)) {
            return Optional.of("");
        }
        // Born in France without a valid commune code: emit nothing rather than a value the hub rejects.
        return birthPlace != null && COMMUNE_CODE.matcher(birthPlace).matches()
                ? Optional.of(birthPlace)
                : Optional.empty();
    }
}
