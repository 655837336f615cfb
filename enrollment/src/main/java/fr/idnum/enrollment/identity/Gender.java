package fr.idnum.enrollment.identity;

/** As on the identity document, in the values FranceConnect+ expects. */
public enum Gender {
    FEMALE, MALE
}
