package fr.idnum.enrollment.identity;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The identity data a citizen types when starting an enrollment, as on their identity document. Formats
 * are checked here; rules that need today's date or the INSEE reference are checked by {@link IdentityRules}.
 */
public record DeclaredIdentity(
        @NotNull DocumentType documentType,
        @NotBlank @Size(max = 16) String documentNumber,
        LocalDate documentIssueDate,
        @NotNull LocalDate documentExpiryDate,
        @NotNull Gender gender,
        @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 64) @Pattern(regexp = NAME, message = NAME_RULE) String> givenNames,
        @NotBlank @Size(max = 256) @Pattern(regexp = NAMES, message = NAME_RULE) String birthName,
        @Size(max = 256) @Pattern(regexp = NAMES, message = NAME_RULE) String usageName,
        @NotNull LocalDate birthDate,
        @NotBlank @Pattern(regexp = COUNTRY, message = COUNTRY_RULE) String birthCountry,
        @Pattern(regexp = COMMUNE, message = "must be the INSEE code of the birth commune (5 characters)") String birthPlace,
        @NotBlank @Pattern(regexp = COUNTRY, message = COUNTRY_RULE) String nationality,
        @NotNull @Valid PostalAddress address,
        @NotBlank @Size(max = 32) String mobilePhone,
        @NotBlank @Email @Size(max = 254) String email) {

    static final String LETTERS = "A-Za-zÀ-ÖØ-öø-ÿŒœŸ";
    /** One name: letters (French accents included), hyphen, apostrophe. */
    static final String NAME = "^[" + LETTERS + "'’-]+$";
    /** Names separated by single spaces. */
    static final String NAMES = "^[" + LETTERS + "'’-]+(?: [" + LETTERS + "'’-]+)*$";
    static final String NAME_RULE = "letters, hyphen and apostrophe only, names separated by single spaces";
    static final String COUNTRY = "^99[0-9]{3}$";
    static final String COUNTRY_RULE = "must be an INSEE country code (99 and 3 digits, France is 99100)";
    static final String COMMUNE = "^(?:2[AB]|[0-9]{2})[0-9]{3}$";
}
