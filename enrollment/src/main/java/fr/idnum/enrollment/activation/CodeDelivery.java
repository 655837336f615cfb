package fr.idnum.enrollment.activation;

import fr.idnum.enrollment.onetimecode.CountedSend;

/**
 * How a freshly issued activation code reaches the citizen, decided in the transaction that issued it and carried
 * out once it committed ({@link ActivationCodeDelivery}): the citizen never holds a code the database does not.
 * The rule (docs/threat-model.md, "Recovery after the identity check"): a code reaches only a channel the
 * identity check proved — the phone shown to the agent, the registered letter the checked person opens, the
 * verified postal address. The code never appears in {@link #toString()}.
 */
public sealed interface CodeDelivery {

    /** The channel's name, as the admin API answers it ({@code sms}, {@code registered-letter}, {@code letter}). */
    String channel();

    /** The code's send as counted when it was issued: taken back if the provider refuses it. */
    CountedSend counted();

    /** By SMS to the number proven at enrollment: before or at an in-person check (the agent sees the code). */
    record Sms(String mobilePhone, String code, boolean first, CountedSend counted) implements CodeDelivery {
        @Override
        public String channel() {
            return "sms";
        }

        @Override
        public String toString() {
            return "Sms[first=" + first + "]";
        }
    }

    /** By registered electronic letter, opened only to the person the provider identifies: after a remote check. */
    record ByRegisteredLetter(RegisteredCode code) implements CodeDelivery {
        @Override
        public String channel() {
            return "registered-letter";
        }

        @Override
        public CountedSend counted() {
            return code.counted();
        }
    }

    /** By post to the verified address, with an e-mail notice: after the check, on a lost or changed phone. */
    record Post(PostedCode code, String email) implements CodeDelivery {
        @Override
        public String channel() {
            return "letter";
        }

        @Override
        public CountedSend counted() {
            return code.counted();
        }

        @Override
        public String toString() {
            return "Post[" + code + "]";
        }
    }
}
