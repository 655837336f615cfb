package fr.idnum.demorp.site;

import java.util.Locale;
import java.util.ResourceBundle;

/** The site's texts in one language (messages_fr / messages_en beside this class); French unless English is chosen. */
public final class Texts {

    public static final Locale FRENCH = Locale.FRENCH;
    public static final Locale ENGLISH = Locale.ENGLISH;

    private final Locale locale;
    private final ResourceBundle bundle;

    private Texts(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("fr.idnum.demorp.site.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** {@code en} gives English; anything else French. */
    public static Texts of(String language) {
        return new Texts("en".equals(language) ? ENGLISH : FRENCH);
    }

    public Locale locale() {
        return locale;
    }

    /** The text of {@code key}, {@code {0}}, {@code {1}}... replaced by {@code values} (not escaped: the page does it). */
    public String get(String key, Object... values) {
        String text = bundle.getString(key);
        for (int i = 0; i < values.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(values[i]));
        }
        return text;
    }
}
