package fr.idnum.enrollment.recovery;

import java.util.Locale;

import fr.idnum.enrollment.messaging.CitizenTexts;

/**
 * What a citizen is told, at once, when the way to their identity changes after the identity check: the mobile
 * number changed, or a new activation code is in the post. They go to channels the change did not touch (the old
 * number, the e-mail), so that a change the citizen did not make is noticed during the cooling-off. French first,
 * then English. Never a code.
 */
public enum RecoveryNotice {

    /** The number changed and a new activation code is posted (the code in force had gone to the old phone). */
    NUMBER_CHANGED_CODE_POSTED,

    /** The number changed; the code in force (already posted) stays. */
    NUMBER_CHANGED,

    /** A code posted for another reason (re-activation, resend or reissue of a posted code). */
    CODE_POSTED;

    /** To the old number: short (one SMS), French then English. */
    static final String SMS_NUMBER_CHANGED = CitizenTexts.frenchSlashEnglish("sms.number-changed");

    /** {@code mail.number-changed-code-posted}, ...: where its texts are in the bundles. */
    private String key() {
        return "mail." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String subject() {
        return CitizenTexts.frenchSlashEnglish(key() + ".subject");
    }

    /** {@code newNumberEnd}: the last two digits only; the dates: when a posted code starts to work. */
    String text(String newNumberEnd, String notBeforeFrench, String notBeforeEnglish) {
        return CitizenTexts.frenchThenEnglish(key() + ".text", newNumberEnd, notBeforeFrench, notBeforeEnglish);
    }
}
