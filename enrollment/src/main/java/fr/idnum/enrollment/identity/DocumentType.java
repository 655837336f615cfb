package fr.idnum.enrollment.identity;

import java.util.regex.Pattern;

/** Identity documents accepted for an Identité Numérique, with the number format each one carries. */
public enum DocumentType {
    /** French national identity card: 12 digits (cards issued until 2021) or 9 letters/digits (since 2021). */
    NATIONAL_ID_CARD("^(?:[0-9]{12}|[A-Z0-9]{9})$"),
    /** French passport: 2 digits, 2 letters, 5 digits. */
    PASSPORT("^[0-9]{2}[A-Z]{2}[0-9]{5}$"),
    /** French residence permit (titre de séjour): 10 characters (AGDREF number). */
    RESIDENCE_PERMIT("^[A-Z0-9]{10}$");

    private final Pattern numberFormat;

    DocumentType(String numberFormat) {
        this.numberFormat = Pattern.compile(numberFormat);
    }

    public boolean acceptsNumber(String number) {
        return number != null && numberFormat.matcher(number).matches();
    }

    /** Only French documents prove French nationality; a residence permit is held by a foreign national. */
    public boolean isFrenchDocument() {
        return this != RESIDENCE_PERMIT;
    }
}
