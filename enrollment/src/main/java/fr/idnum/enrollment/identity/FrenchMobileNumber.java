package fr.idnum.enrollment.identity;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A French mobile number, in national form (06 12 34 56 78) or international form (+33 6 12 34 56 78),
 * normalised to E.164. Overseas departments have their own country codes: 0690/0691 Guadeloupe (+590),
 * 0694 Guyane (+594), 0696/0697 Martinique (+596), 0692/0693 La Réunion and 0639 Mayotte (+262).
 */
public final class FrenchMobileNumber {

    private static final Pattern NATIONAL = Pattern.compile("^0([67][0-9]{8})$");
    private static final Pattern INTERNATIONAL = Pattern.compile("^(?:\\+|00)(33|262|590|594|596)([67][0-9]{8})$");
    private static final Map<String, String> OVERSEAS_PREFIXES = Map.of(
            "690", "590", "691", "590", "694", "594", "696", "596", "697", "596",
            "692", "262", "693", "262", "639", "262");

    private FrenchMobileNumber() {
    }

    public static Optional<String> toE164(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String compact = input.replaceAll("[\\s.\\-()]", "");
        Matcher national = NATIONAL.matcher(compact);
        if (national.matches()) {
            String subscriber = national.group(1);
            String countryCode = OVERSEAS_PREFIXES.getOrDefault(subscriber.substring(0, 3), "33");
            return Optional.of("+" + countryCode + subscriber);
        }
        Matcher international = INTERNATIONAL.matcher(compact);
        if (international.matches()) {
            String countryCode = international.group(1);
            String subscriber = international.group(2);
            String expected = OVERSEAS_PREFIXES.getOrDefault(subscriber.substring(0, 3), "33");
            return expected.equals(countryCode) ? Optional.of("+" + countryCode + subscriber) : Optional.empty();
        }
        return Optional.empty();
    }
}
