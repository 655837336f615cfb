package fr.idnum.enrollment.notice;

import java.util.Locale;

import fr.idnum.enrollment.messaging.CitizenTexts;

/**
 * Security notices a citizen gets by e-mail when something happens to the phone that signs for them, so that
 * an activation or a lock they did not cause is noticed (French first, then English). Keycloak decides when;
 * this service owns the citizen's address and the wording (messages/citizen_*.properties).
 */
public enum CitizenNotice {

    PHONE_ACTIVATED,
    PHONE_REPLACED,
    PHONE_LOCKED,
    PHONE_REMOVED,
    SIGN_IN_LOCKED;

    /** {@code mail.phone-activated}, ...: where its texts are in the bundles. */
    private String key() {
        return "mail." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String subject() {
        return CitizenTexts.frenchSlashEnglish(key() + ".subject");
    }

    public String text(String deviceLabel) {
        return CitizenTexts.frenchThenEnglish(key() + ".text", deviceLabel);
    }
}
