package fr.idnum.enrollment.enrollment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import fr.idnum.enrollment.identity.DocumentType;
import fr.idnum.enrollment.identity.Gender;

/** What the citizen reads back about their own enrollment. */
public record EnrollmentView(
        UUID id,
        EnrollmentState state,
        Instant createdAt,
        Instant expiresAt,
        VerificationMode verificationMode,
        LocalDate postmanVisitDate,
        DocumentType documentType,
        String documentNumber,
        LocalDate documentExpiryDate,
        Gender gender,
        String givenNames,
        String birthName,
        String usageName,
        LocalDate birthDate,
        String birthCountry,
        String birthPlace,
        String nationality,
        String mobilePhone,
        String email) {

    static EnrollmentView of(Enrollment e) {
        var i = e.identity;
        return new EnrollmentView(e.id, e.state, e.createdAt, e.expiresAt, e.verificationMode, e.postmanVisitDate,
                i.documentType, i.documentNumber, i.documentExpiryDate, i.gender, i.givenNames, i.birthName, i.usageName,
                i.birthDate, i.birthCountry, i.birthPlace, i.nationality, i.mobilePhone, i.email);
    }
}
