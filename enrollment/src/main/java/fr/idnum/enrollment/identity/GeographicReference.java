package fr.idnum.enrollment.identity;

/** The INSEE official geographic code (COG) as identity rules need it. */
public interface GeographicReference {

    String FRANCE = "99100";

    boolean isKnownCommune(String code);

    /** Any INSEE country code, including those of former states (a birth country). */
    boolean isKnownCountry(String code);

    /** A code INSEE still uses, state or territory (a nationality: no one holds a Czechoslovak document today). */
    boolean isCountryInUse(String code);
}
