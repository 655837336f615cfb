package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import fr.idnum.enrollment.activation.ActivationCode;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.enrollment.VerificationMode;
import fr.idnum.enrollment.identity.DocumentType;
import fr.idnum.enrollment.identity.Gender;
import fr.idnum.enrollment.identity.IdentityData;
import fr.idnum.enrollment.identity.PostalAddress;

/**
 * Everything the service holds about one enrollment, as an administrator sees it (and as the citizen receives
 * it in an export): the identity (null once erased), the activation code's status (never the code or its
 * hashes), and where the enrollment stands against the retention rule.
 */
public record EnrollmentDetails(UUID id, String ownerSubject, EnrollmentState state, Instant createdAt, Instant updatedAt,
                                Instant expiresAt, VerificationMode verificationMode, LocalDate postmanVisitDate,
                                Identity identity, ActivationCodeStatus activationCode, Retention retention) {

    /** The identity as declared and normalised. */
    public record Identity(DocumentType documentType, String documentNumber, LocalDate documentIssueDate,
                           LocalDate documentExpiryDate, Gender gender, String givenNames, String birthName, String usageName,
                           LocalDate birthDate, String birthCountry, String birthPlace, String nationality,
                           PostalAddress address, String mobilePhone, String email) {

        static Identity of(IdentityData i) {
            return i == null ? null : new Identity(i.documentType, i.documentNumber, i.documentIssueDate,
                    i.documentExpiryDate, i.gender, i.givenNames, i.birthName, i.usageName, i.birthDate, i.birthCountry,
                    i.birthPlace, i.nationality, new PostalAddress(i.addressLine1, i.addressLine2, i.postalCode, i.city),
                    i.mobilePhone, i.email);
        }
    }

    /** The activation code in force: when issued, until when, wrong attempts, redemption. */
    public record ActivationCodeStatus(Instant issuedAt, Instant expiresAt, int failedAttempts, Instant redeemedAt) {

        static ActivationCodeStatus of(ActivationCode code) {
            return code == null ? null : new ActivationCodeStatus(code.issuedAt, code.expiresAt, code.failedAttempts, code.redeemedAt);
        }
    }

    /** When the enrollment ended, from when its identity may be erased, and when it was (nulls where not yet). */
    public record Retention(Instant endedAt, Instant erasableFrom, Instant erasedAt) {
    }

    static EnrollmentDetails of(Enrollment e, ActivationCode code, Retention retention) {
        return new EnrollmentDetails(e.id, e.ownerSubject, e.state, e.createdAt, e.updatedAt, e.expiresAt, e.verificationMode,
                e.postmanVisitDate, Identity.of(e.identity), ActivationCodeStatus.of(code), retention);
    }
}
