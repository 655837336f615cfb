package fr.idnum.enrollment.identity;

/** The INSEE official geographic code (COG) as identity rules need it. */
public interface GeographicReference {

    String FRANCE = "99100";

    boolean isKnownCommune(String code);

    boolean isKnownCountry(String code);
}
