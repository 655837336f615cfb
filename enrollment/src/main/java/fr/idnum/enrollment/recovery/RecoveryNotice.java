package fr.idnum.enrollment.recovery;

/**
 * What a citizen is told, at once, when the way to their identity changes after the identity check: the mobile
 * number changed, or a new activation code is in the post. They go to channels the change did not touch (the old
 * number, the e-mail), so that a change the citizen did not make is noticed during the cooling-off. French first,
 * then English. Never a code.
 */
public enum RecoveryNotice {

    /** The number changed and a new activation code is posted (the code in force had gone to the old phone). */
    NUMBER_CHANGED_CODE_POSTED("Votre numéro de téléphone a été changé / Your phone number was changed", """
            Bonjour,

            Le numéro de téléphone de votre Identité Numérique a été changé pour le numéro se terminant par %1$s.
            Votre ancien code d'activation ne fonctionne plus. Un nouveau code vous est envoyé par courrier à votre
            adresse postale ; il ne pourra être utilisé qu'à partir du %2$s (heure de Paris).
            Si ce n'est pas vous, contactez-nous immédiatement : votre Identité Numérique sera suspendue et aucun
            téléphone ne pourra être activé.

            Hello,

            The phone number of your Identité Numérique was changed to the number ending in %1$s.
            Your previous activation code no longer works. A new code is on its way to your postal address by letter;
            it can only be used from %3$s (Paris time).
            If this was not you, contact us at once: your Identité Numérique will be suspended and no phone can be
            activated.
            """),

    /** The number changed; the code in force (already posted) stays. */
    NUMBER_CHANGED("Votre numéro de téléphone a été changé / Your phone number was changed", """
            Bonjour,

            Le numéro de téléphone de votre Identité Numérique a été changé pour le numéro se terminant par %1$s.
            Si ce n'est pas vous, contactez-nous immédiatement : votre Identité Numérique sera suspendue et aucun
            téléphone ne pourra être activé.

            Hello,

            The phone number of your Identité Numérique was changed to the number ending in %1$s.
            If this was not you, contact us at once: your Identité Numérique will be suspended and no phone can be
            activated.
            """),

    /** A code posted for another reason (re-activation, resend or reissue of a posted code). */
    CODE_POSTED("Un nouveau code d'activation vous est envoyé par courrier / A new activation code is on its way by post", """
            Bonjour,

            Un nouveau code d'activation Identité Numérique vous est envoyé par courrier à votre adresse postale. Il
            remplace le précédent et ne pourra être utilisé qu'à partir du %2$s (heure de Paris).
            Si vous n'avez rien demandé, contactez-nous immédiatement : votre Identité Numérique sera suspendue et
            aucun téléphone ne pourra être activé.

            Hello,

            A new Identité Numérique activation code is on its way to your postal address by letter. It replaces the
            previous one and can only be used from %3$s (Paris time).
            If you asked for nothing, contact us at once: your Identité Numérique will be suspended and no phone can
            be activated.
            """);

    /** To the old number: short (one SMS), French then English. */
    static final String SMS_NUMBER_CHANGED = "Identité Numérique : le numéro de votre compte a été changé. Si ce n'est pas"
            + " vous, contactez-nous immédiatement. / Your account's phone number was changed. If this was not you,"
            + " contact us at once.";

    private final String subject;
    private final String text;

    RecoveryNotice(String subject, String text) {
        this.subject = "Identité Numérique : " + subject;
        this.text = text;
    }

    public String subject() {
        return subject;
    }

    /** {@code newNumberEnd}: the last two digits only; the dates: when a posted code starts to work. */
    String text(String newNumberEnd, String notBeforeFrench, String notBeforeEnglish) {
        return text.formatted(newNumberEnd, notBeforeFrench, notBeforeEnglish);
    }
}
