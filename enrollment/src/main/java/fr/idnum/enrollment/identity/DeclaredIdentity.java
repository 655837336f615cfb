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

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The identity data a citizen types when starting an enrollment, as on their identity document. Formats
 * are checked here; rules that need today's date or the INSEE reference are checked by {@link IdentityRules}.
 */
public record DeclaredIdentity(
        @NotNull DocumentType documentType,
        @Schema(description = "As printed; checked against the document type: identity card 12 digits (until 2021) or 9 letters"
                + "/digits, passport 2 digits 2 letters 5 digits, residence permit 10 letters/digits", example = "X4RTBPFW4")
        @NotBlank @Size(max = 16) String documentNumber,
        LocalDate documentIssueDate,
        @NotNull LocalDate documentExpiryDate,
        @NotNull Gender gender,
        @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 64) @Pattern(regexp = NAME, message = NAME_RULE) String> givenNames,
        @NotBlank @Size(max = 256) @Pattern(regexp = NAMES, message = NAME_RULE) String birthName,
        @Size(max = 256) @Pattern(regexp = NAMES, message = NAME_RULE) String usageName,
        @NotNull LocalDate birthDate,
        @Schema(example = "99100") @NotBlank @Pattern(regexp = COUNTRY, message = COUNTRY_RULE) String birthCountry,
        @Schema(description = "Required when born in France, empty otherwise", example = "75107")
        @Pattern(regexp = COMMUNE, message = "must be the INSEE code of the birth commune (5 characters)") String birthPlace,
        @Schema(example = "99100") @NotBlank @Pattern(regexp = COUNTRY, message = COUNTRY_RULE) String nationality,
        @NotNull @Valid PostalAddress address,
        @Schema(description = "A French mobile number, national (06, 07; overseas 0690/0691 +590, 0694 +594, 0696/0697 +596,"
                + " 0692/0693 and 0639 +262) or international (+33 6..., +262 639...); spaces, dots, hyphens and parentheses"
                + " are ignored; stored in E.164", example = "06 12 34 56 78")
        @NotBlank @Size(max = 32) String mobilePhone,
        @Schema(description = "ASCII only: an internationalised domain in its xn-- form", example = "marie.dupont@example.fr")
        @NotBlank @Email @Size(max = 254) @Pattern(regexp = EMAIL_ASCII, message = EMAIL_RULE) String email) {

    static final String LETTERS = "A-Za-zÀ-ÖØ-öø-ÿŒœŸ";
    /** One name: letters (French accents included), hyphen, apostrophe. */
    static final String NAME = "^[" + LETTERS + "'’-]+$";
    /** Names separated by single spaces. */
    static final String NAMES = "^[" + LETTERS + "'’-]+(?: [" + LETTERS + "'’-]+)*$";
    static final String NAME_RULE = "letters, hyphen and apostrophe only, names separated by single spaces";
    /**
     * Printable ASCII: a letter of another script that looks like a Latin one (Cyrillic "а" in "exаmple.fr") makes
     * another address, which an agent reading it cannot tell apart; and our mail channels need no SMTPUTF8.
     */
    static final String EMAIL_ASCII = "^[!-~]+$";
    static final String EMAIL_RULE = "must be written in ASCII (an internationalised domain in its xn-- form)";
    static final String COUNTRY = "^99[0-9]{3}$";
    static final String COUNTRY_RULE = "must be an INSEE country code (99 and 3 digits, France is 99100)";
    static final String COMMUNE = "^(?:2[AB]|[0-9]{2})[0-9]{3}$";
}
