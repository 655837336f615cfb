package fr.idnum.enrollment.messaging;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * What citizens read, from the bundles {@code messages/citizen_fr.properties} and {@code citizen_en.properties}: SMS
 * in French only (an SMS carries no language negotiation), e-mails and letters in French then English, one message
 * for both (the service does not know which language the citizen reads). Placeholders are
 * {@link java.util.Formatter}'s ({@code %1$s}), not {@code MessageFormat}'s, so French apostrophes need no escaping;
 * both languages of a key get the same arguments.
 *
 * <p>Plain resource bundles rather than Qute's {@code @MessageBundle}: the texts are long multi-line letters whose
 * wording is fixed by the seeds, composed of both languages at once rather than picked by a locale.
 */
public final class CitizenTexts {

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final ResourceBundle FRENCH = bundle(Locale.FRENCH);
    private static final ResourceBundle ENGLISH = bundle(Locale.ENGLISH);

    private CitizenTexts() {
    }

    /** The French text of {@code key} (SMS). */
    public static String french(String key, Object... args) {
        return FRENCH.getString(key).formatted(args);
    }

    /** An e-mail's or a letter's text: the French one, a blank line, then the English one. */
    public static String frenchThenEnglish(String key, Object... args) {
        return french(key, args) + "\n" + english(key, args);
    }

    /** A subject or a one-line text in both languages: {@code français / English}. */
    public static String frenchSlashEnglish(String key, Object... args) {
        return french(key, args) + " / " + english(key, args);
    }

    private static String english(String key, Object... args) {
        return ENGLISH.getString(key).formatted(args);
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("messages.citizen", locale, CitizenTexts.class.getClassLoader(), NO_FALLBACK);
    }
}
