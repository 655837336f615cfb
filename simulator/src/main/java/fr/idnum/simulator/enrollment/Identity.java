package fr.idnum.simulator.enrollment;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity data the citizen types in the app to start an enrollment, as on their identity document, in the
 * shape of the enrollment service's {@code DeclaredIdentity}. Enum-like fields are the wire names
 * ({@code NATIONAL_ID_CARD}, {@code FEMALE}); INSEE codes for places.
 */
public record Identity(
        String documentType,
        String documentNumber,
        LocalDate documentIssueDate,
        LocalDate documentExpiryDate,
        String gender,
        List<String> givenNames,
        String birthName,
        String usageName,
        LocalDate birthDate,
        String birthCountry,
        String birthPlace,
        String nationality,
        Address address,
        String mobilePhone,
        String email) {

    public static final String FRANCE = "99100";

    public Identity {
        givenNames = givenNames == null ? null : List.copyOf(givenNames);
    }

    /**
     * Marie Dupont, born 12 April 1985 in Paris 7e, French identity card issued two years ago and valid eight more,
     * a French mobile: accepted by the enrollment service on any day, since its dates follow {@code clock}.
     */
    public static Identity example(Clock clock) {
        LocalDate today = LocalDate.now(clock);
        return new Identity("NATIONAL_ID_CARD", "X4RTBPFW4", today.minusYears(2), today.plusYears(8), "FEMALE",
                List.of("Marie", "Anne", "Élise"), "Dupont", "Martin", LocalDate.of(1985, 4, 12), FRANCE, "75107", FRANCE,
                new Address("12 rue de Grenelle", null, "75007", "Paris"), "06 12 34 56 78", "marie.dupont@example.fr");
    }

    /** {@link #example(Clock)} dated in France today. */
    public static Identity example() {
        return example(Clock.system(ZoneId.of("Europe/Paris")));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The request body of {@code POST /api/v1/enrollments}; absent optional fields are left out. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "documentType", documentType);
        put(json, "documentNumber", documentNumber);
        put(json, "documentIssueDate", documentIssueDate);
        put(json, "documentExpiryDate", documentExpiryDate);
        put(json, "gender", gender);
        put(json, "givenNames", givenNames);
        put(json, "birthName", birthName);
        put(json, "usageName", usageName);
        put(json, "birthDate", birthDate);
        put(json, "birthCountry", birthCountry);
        put(json, "birthPlace", birthPlace);
        put(json, "nationality", nationality);
        put(json, "address", address == null ? null : address.toJson());
        put(json, "mobilePhone", mobilePhone);
        put(json, "email", email);
        return json;
    }

    private static void put(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value instanceof LocalDate date ? date.toString() : value);
        }
    }

    /** Changes a few fields of an identity, e.g. {@code Identity.example().toBuilder().mobilePhone("07 ...").build()}. */
    public static final class Builder {
        private String documentType;
        private String documentNumber;
        private LocalDate documentIssueDate;
        private LocalDate documentExpiryDate;
        private String gender;
        private List<String> givenNames;
        private String birthName;
        private String usageName;
        private LocalDate birthDate;
        private String birthCountry;
        private String birthPlace;
        private String nationality;
        private Address address;
        private String mobilePhone;
        private String email;

        private Builder(Identity from) {
            documentType = from.documentType;
            documentNumber = from.documentNumber;
            documentIssueDate = from.documentIssueDate;
            documentExpiryDate = from.documentExpiryDate;
            gender = from.gender;
            givenNames = from.givenNames;
            birthName = from.birthName;
            usageName = from.usageName;
            birthDate = from.birthDate;
            birthCountry = from.birthCountry;
            birthPlace = from.birthPlace;
            nationality = from.nationality;
            address = from.address;
            mobilePhone = from.mobilePhone;
            email = from.email;
        }

        public Builder documentType(String value) { documentType = value; return this; }
        public Builder documentNumber(String value) { documentNumber = value; return this; }
        public Builder documentIssueDate(LocalDate value) { documentIssueDate = value; return this; }
        public Builder documentExpiryDate(LocalDate value) { documentExpiryDate = value; return this; }
        public Builder gender(String value) { gender = value; return this; }
        public Builder givenNames(String... values) { givenNames = List.of(values); return this; }
        public Builder birthName(String value) { birthName = value; return this; }
        public Builder usageName(String value) { usageName = value; return this; }
        public Builder birthDate(LocalDate value) { birthDate = value; return this; }
        public Builder birthCountry(String value) { birthCountry = value; return this; }
        public Builder birthPlace(String value) { birthPlace = value; return this; }
        public Builder nationality(String value) { nationality = value; return this; }
        public Builder address(Address value) { address = value; return this; }
        public Builder mobilePhone(String value) { mobilePhone = value; return this; }
        public Builder email(String value) { email = value; return this; }

        public Identity build() {
            return new Identity(documentType, documentNumber, documentIssueDate, documentExpiryDate, gender, givenNames,
                    birthName, usageName, birthDate, birthCountry, birthPlace, nationality, address, mobilePhone, email);
        }
    }
}
