package fr.idnum.enrollment.identity;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.enrollment.problem.Problem.FieldError;

/**
 * The rules of an Identité Numérique identity that depend on today's date or on reference data, and the
 * normalisation of what is stored. All refusals are collected so the citizen can fix everything at once.
 */
public final class IdentityRules {

    public static final int ADULT_AGE = 18;
    /** A residence permit is accepted when it is valid for more than 5 years ("titre de séjour supérieur à 5 ans"). */
    public static final Period MINIMUM_RESIDENCE_PERMIT_VALIDITY = Period.ofYears(5);
    static final int OLDEST_PLAUSIBLE_AGE = 130;
    /**
     * No document we accept is valid longer: identity cards issued to adults from 2004 to 2013 run 15 years, passports
     * and today's cards 10, residence cards 10 (a permanent one is renewed every 10). An expiry further away is a typo.
     */
    static final Period LONGEST_DOCUMENT_VALIDITY = Period.ofYears(15);

    private final GeographicReference cog;

    public IdentityRules(GeographicReference cog) {
        this.cog = cog;
    }

    /** Checks the declared identity against {@code today} and returns it normalised, or throws with every refusal. */
    public IdentityData check(DeclaredIdentity declared, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        String documentNumber = declared.documentNumber().trim().toUpperCase(Locale.ROOT);
        checkDocument(declared, documentNumber, today, errors);
        checkBirth(declared, today, errors);
        checkNationality(declared, errors);
        String mobile = FrenchMobileNumber.toE164(declared.mobilePhone()).orElse(null);
        if (mobile == null) {
            errors.add(new FieldError("mobilePhone", "must be a French mobile number (06, 07 or an overseas mobile)"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        IdentityData identity = normalised(declared, documentNumber, mobile);
        checkStoredLengths(identity, errors);
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return identity;
    }

    /** The longest e-mail address the database keeps (V1: varchar(254), RFC 5321's limit on a path). */
    static final int MAX_STORED_EMAIL = 254;

    /** The longest names the database keeps (V1: varchar(256)), after joining given names and upper-casing. */
    static final int MAX_STORED_NAME = 256;

    /**
     * Limits on what is stored, not on each typed part: ten given names of 64 letters joined by spaces, or a name
     * whose upper case is longer than itself ("ß" becomes "SS"), would not fit the columns and fail at commit.
     */
    private static void checkStoredLengths(IdentityData identity, List<FieldError> errors) {
        if (identity.givenNames.length() > MAX_STORED_NAME) {
            errors.add(new FieldError("givenNames", "are too long together (at most " + MAX_STORED_NAME + " characters with spaces)"));
        }
        if (identity.birthName.length() > MAX_STORED_NAME) {
            errors.add(new FieldError("birthName", "is too long (at most " + MAX_STORED_NAME + " characters in capitals)"));
        }
        if (identity.usageName != null && identity.usageName.length() > MAX_STORED_NAME) {
            errors.add(new FieldError("usageName", "is too long (at most " + MAX_STORED_NAME + " characters in capitals)"));
        }
        // Lower-casing may lengthen: "İ" becomes "i" and a combining dot.
        if (identity.email.length() > MAX_STORED_EMAIL) {
            errors.add(new FieldError("email", "is too long (at most " + MAX_STORED_EMAIL + " characters in lower case)"));
        }
    }

    private static void checkDocument(DeclaredIdentity d, String number, LocalDate today, List<FieldError> errors) {
        if (!d.documentType().acceptsNumber(number)) {
            errors.add(new FieldError("documentNumber", "is not a valid " + d.documentType() + " number"));
        }
        if (!d.documentExpiryDate().isAfter(today)) {
            errors.add(new FieldError("documentExpiryDate", "the document must be valid: it expired or expires today"));
        } else if (d.documentExpiryDate().isAfter(today.plus(LONGEST_DOCUMENT_VALIDITY))) {
            errors.add(new FieldError("documentExpiryDate", "is not plausible: no document is valid for more than 15 years"));
        }
        if (d.documentIssueDate() != null) {
            if (d.documentIssueDate().isAfter(today)) {
                errors.add(new FieldError("documentIssueDate", "must not be in the future"));
            } else if (d.documentIssueDate().isBefore(d.birthDate())) {
                errors.add(new FieldError("documentIssueDate", "is not plausible: it is before the birth date"));
            }
            if (!d.documentIssueDate().isBefore(d.documentExpiryDate())) {
                errors.add(new FieldError("documentIssueDate", "must be before the expiry date"));
            }
        }
        if (d.documentType() == DocumentType.RESIDENCE_PERMIT) {
            if (d.documentIssueDate() == null) {
                errors.add(new FieldError("documentIssueDate", "is required for a residence permit"));
            } else if (!d.documentIssueDate().plus(MINIMUM_RESIDENCE_PERMIT_VALIDITY).isBefore(d.documentExpiryDate())) {
                errors.add(new FieldError("documentExpiryDate", "a residence permit must be valid for more than 5 years"));
            }
        }
    }

    private void checkBirth(DeclaredIdentity d, LocalDate today, List<FieldError> errors) {
        if (d.birthDate().isAfter(today)) {
            errors.add(new FieldError("birthDate", "must not be in the future"));
        } else if (d.birthDate().plusYears(ADULT_AGE).isAfter(today)) {
            errors.add(new FieldError("birthDate", "an Identité Numérique is for adults: you must be 18 or older"));
        } else if (d.birthDate().plusYears(OLDEST_PLAUSIBLE_AGE).isBefore(today)) {
            errors.add(new FieldError("birthDate", "is not plausible"));
        }
        if (!cog.isKnownCountry(d.birthCountry())) {
            errors.add(new FieldError("birthCountry", "is not an INSEE country code"));
        } else if (GeographicReference.FRANCE.equals(d.birthCountry())) {
            if (d.birthPlace() == null || d.birthPlace().isBlank()) {
                errors.add(new FieldError("birthPlace", "is required when born in France"));
            } else if (!cog.isKnownCommune(d.birthPlace())) {
                errors.add(new FieldError("birthPlace", "is not an INSEE commune code"));
            }
        } else if (d.birthPlace() != null && !d.birthPlace().isBlank()) {
            errors.add(new FieldError("birthPlace", "must be empty when born abroad"));
        }
    }

    private void checkNationality(DeclaredIdentity d, List<FieldError> errors) {
        if (!cog.isKnownCountry(d.nationality())) {
            errors.add(new FieldError("nationality", "is not an INSEE country code"));
        } else if (!cog.isCountryInUse(d.nationality())) {
            errors.add(new FieldError("nationality", "is a former state: give the nationality your document states today"));
        } else if (d.documentType().isFrenchDocument() && !GeographicReference.FRANCE.equals(d.nationality())) {
            errors.add(new FieldError("nationality", "a French identity card or passport proves French nationality (99100)"));
        } else if (!d.documentType().isFrenchDocument() && GeographicReference.FRANCE.equals(d.nationality())) {
            errors.add(new FieldError("nationality", "a residence permit is held by a foreign national"));
        }
    }

    /** A family name as it is stored, so that what an agent or an administrator types finds what was declared. */
    public static String normalisedName(String name) {
        return name.trim().toUpperCase(Locale.FRENCH);
    }

    private static IdentityData normalised(DeclaredIdentity d, String documentNumber, String mobile) {
        IdentityData identity = new IdentityData();
        identity.documentType = d.documentType();
        identity.documentNumber = documentNumber;
        identity.documentIssueDate = d.documentIssueDate();
        identity.documentExpiryDate = d.documentExpiryDate();
        identity.gender = d.gender();
        identity.givenNames = String.join(" ", d.givenNames().stream().map(String::trim).toList());
        identity.birthName = normalisedName(d.birthName());
        identity.usageName = d.usageName() == null || d.usageName().isBlank() ? null : normalisedName(d.usageName());
        identity.birthDate = d.birthDate();
        identity.birthCountry = d.birthCountry();
        identity.birthPlace = GeographicReference.FRANCE.equals(d.birthCountry()) ? d.birthPlace() : null;
        identity.nationality = d.nationality();
        identity.addressLine1 = d.address().line1().trim();
        identity.addressLine2 = d.address().line2() == null || d.address().line2().isBlank() ? null : d.address().line2().trim();
        identity.postalCode = d.address().postalCode();
        identity.city = d.address().city().trim();
        identity.mobilePhone = mobile;
        identity.email = d.email().trim().toLowerCase(Locale.ROOT);
        return identity;
    }
}
