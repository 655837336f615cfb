package fr.idnum.desk.site;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The desk's texts (messages_fr beside this class): the desk is in French. */
public final class Texts {

    private static final Texts FRENCH = new Texts();

    private final ResourceBundle bundle = ResourceBundle.getBundle("fr.idnum.desk.site.messages", Locale.FRENCH,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

    private Texts() {
    }

    public static Texts french() {
        return FRENCH;
    }

    /** The text of {@code key}, {@code {0}}, {@code {1}}... replaced by {@code values} (not escaped: the page does it). */
    public String get(String key, Object... values) {
        String text = bundle.getString(key);
        for (int i = 0; i < values.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(values[i]));
        }
        return text;
    }

    /** The text of {@code key}, or {@code fallback} when the bundle has none (a value the service added later). */
    public String getOr(String key, String fallback) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return fallback;
        }
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }
}
