package fr.idnum.protocol.enrollment;

import java.util.List;

/**
 * The verified identity a redemption hands to Keycloak, which keeps it as user attributes of these names (the
 * realm's user profile declares them, the claim mappers read them). Names as the OpenID Connect claims of the hub.
 */
public final class IdentityAttributes {

    public static final String GIVEN_NAMES = "given_names";
    public static final String BIRTH_FAMILY_NAME = "birth_family_name";
    public static final String USAGE_NAME = "usage_name";
    public static final String GENDER = "gender";
    public static final String BIRTHDATE = "birthdate";
    public static final String BIRTHPLACE = "birthplace";
    public static final String BIRTHCOUNTRY = "birthcountry";

    /** All of them, in the order of the redemption's answer. */
    public static final List<String> ALL = List.of(GIVEN_NAMES, BIRTH_FAMILY_NAME, USAGE_NAME, GENDER, BIRTHDATE, BIRTHPLACE,
            BIRTHCOUNTRY);

    private IdentityAttributes() {
    }
}
