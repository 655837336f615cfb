package fr.idnum.enrollment.admin;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.identity.FrenchMobileNumber;
import fr.idnum.enrollment.input.CalendarDates;
import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.enrollment.problem.Problem.FieldError;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * An administrator's search: any combination of state, owner, birth name with birth date, and mobile number
 * (at least one, so nobody lists every citizen by accident), newest first, one page at a time. Names and
 * numbers are normalised the way they are stored, so "dupont" and "06 12 34 56 78" find what was declared.
 */
public record EnrollmentSearch(EnrollmentState state, String ownerSubject, String birthName, LocalDate birthDate,
                               String mobilePhone) {

    public static final int MAX_PAGE_SIZE = 100;
    /** Beyond it, page × size would overflow the int offset Panache computes (a 500 instead of an empty page). */
    public static final int MAX_PAGE = Integer.MAX_VALUE / MAX_PAGE_SIZE;
    public static final int DEFAULT_PAGE_SIZE = 20;

    /** One page of summaries, and how many match in all. */
    public record Results(int page, int size, long total, List<EnrollmentSummary> items) {
    }

    /** Checks and normalises the raw query parameters, or throws with every invalid one. */
    public static EnrollmentSearch of(String state, String ownerSubject, String birthName, String birthDate, String mobilePhone) {
        List<FieldError> errors = new ArrayList<>();
        EnrollmentState parsedState = null;
        if (present(state)) {
            try {
                parsedState = EnrollmentState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "is not an enrollment state"));
            }
        }
        LocalDate parsedBirthDate = null;
        if (present(birthDate)) {
            parsedBirthDate = CalendarDates.parse(birthDate).orElse(null);
            if (parsedBirthDate == null) {
                errors.add(new FieldError("birthDate", CalendarDates.RULE));
            }
        }
        if (present(birthName) != present(birthDate)) {
            errors.add(new FieldError(present(birthName) ? "birthDate" : "birthName", "birth name and birth date go together"));
        }
        String mobile = null;
        if (present(mobilePhone)) {
            mobile = FrenchMobileNumber.toE164(mobilePhone).orElse(null);
            if (mobile == null) {
                errors.add(new FieldError("mobilePhone", "must be a French mobile number"));
            }
        }
        if (!present(state) && !present(ownerSubject) && !present(birthName) && !present(birthDate) && !present(mobilePhone)) {
            errors.add(new FieldError("query", "give at least one of state, subject, birthName with birthDate, mobilePhone"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return new EnrollmentSearch(parsedState, present(ownerSubject) ? ownerSubject.trim() : null,
                present(birthName) ? fr.idnum.enrollment.identity.IdentityRules.normalisedName(birthName) : null, parsedBirthDate, mobile);
    }

    /** The requested page; call inside a transaction. */
    public Results page(int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (state != null) {
            where.add("state = :state");
            params.put("state", state);
        }
        if (ownerSubject != null) {
            where.add("ownerSubject = :subject");
            params.put("subject", ownerSubject);
        }
        if (birthName != null) {
            where.add("identity.birthName = :birthName and identity.birthDate = :birthDate");
            params.put("birthName", birthName);
            params.put("birthDate", birthDate);
        }
        if (mobilePhone != null) {
            where.add("identity.mobilePhone = :mobile");
            params.put("mobile", mobilePhone);
        }
        PanacheQuery<Enrollment> query = Enrollment.find(String.join(" and ", where),
                Sort.descending("createdAt").and("id"), params);
        List<EnrollmentSummary> items = query.page(Page.of(page, size)).list().stream().map(EnrollmentSummary::of).toList();
        return new Results(page, size, query.count(), items);
    }

    /** Which criteria were used, for the log line (never their values: they are personal data). */
    public String criteria() {
        List<String> used = new ArrayList<>();
        if (state != null) {
            used.add("state");
        }
        if (ownerSubject != null) {
            used.add("subject");
        }
        if (birthName != null) {
            used.add("birth");
        }
        if (mobilePhone != null) {
            used.add("mobile");
        }
        return String.join("+", used);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
