package fr.idnum.enrollment.notice;

/**
 * Security notices a citizen gets by e-mail when something happens to the phone that signs for them, so that
 * an activation or a lock they did not cause is noticed (French first, then English). Keycloak decides when;
 * this service owns the citizen's address and the wording.
 */
public enum CitizenNotice {

    PHONE_ACTIVATED("Un téléphone a été activé / A phone was activated", """
            Bonjour,

            Le téléphone « %1$s » vient d'être activé pour vos connexions Identité Numérique.
            Si ce n'est pas vous, contactez-nous immédiatement : votre compte sera suspendu.

            Hello,

            The phone "%1$s" has just been activated for your Identité Numérique sign-ins.
            If this was not you, contact us at once: your account will be suspended.
            """),

    PHONE_REPLACED("Votre ancien téléphone a été désactivé / Your previous phone was deactivated", """
            Bonjour,

            Le téléphone « %1$s » vient d'être activé pour vos connexions Identité Numérique. Votre ancien
            téléphone ne peut plus valider de connexion.
            Si ce n'est pas vous, contactez-nous immédiatement : votre compte sera suspendu.

            Hello,

            The phone "%1$s" has just been activated for your Identité Numérique sign-ins. Your previous phone
            can no longer approve sign-ins.
            If this was not you, contact us at once: your account will be suspended.
            """),

    PHONE_LOCKED("Votre téléphone est bloqué / Your phone is locked", """
            Bonjour,

            Trop de codes secrets erronés ont été saisis sur le téléphone « %1$s » : il est bloqué et ne peut
            plus valider de connexion. Pour le réactiver, demandez un nouveau code d'activation.
            Si ce n'est pas vous, contactez-nous.

            Hello,

            Too many wrong secret codes were typed on the phone "%1$s": it is locked and can no longer approve
            sign-ins. To activate it again, ask for a new activation code.
            If this was not you, contact us.
            """),

    PHONE_REMOVED("Un téléphone a été retiré / A phone was removed", """
            Bonjour,

            Le téléphone « %1$s » a été retiré de votre Identité Numérique : il ne peut plus valider de
            connexion. Pour en activer un autre, demandez un nouveau code d'activation.
            Si ce n'est pas vous, contactez-nous immédiatement.

            Hello,

            The phone "%1$s" was removed from your Identité Numérique: it can no longer approve sign-ins.
            To activate another one, ask for a new activation code.
            If this was not you, contact us at once.
            """),

    SIGN_IN_LOCKED("Connexions bloquées à votre demande / Sign-ins locked at your request", """
            Bonjour,

            Depuis le téléphone « %1$s », vous avez signalé une demande de connexion qui n'était pas de vous.
            Toutes les connexions à votre Identité Numérique sont bloquées : personne ne peut se connecter à votre
            place. Quand vous le souhaitez, débloquez-les dans l'application avec votre code secret.
            Si vous n'avez rien signalé, contactez-nous immédiatement.

            Hello,

            From the phone "%1$s", you reported a sign-in request that was not yours. Every sign-in with your
            Identité Numérique is locked: nobody can sign in as you. Whenever you wish, unlock them in the app
            with your secret code.
            If you reported nothing, contact us at once.
            """);

    private final String subject;
    private final String text;

    CitizenNotice(String subject, String text) {
        this.subject = "Identité Numérique : " + subject;
        this.text = text;
    }

    public String subject() {
        return subject;
    }

    public String text(String deviceLabel) {
        return text.formatted(deviceLabel);
    }
}
