package fr.idnum.enrollment.recovery;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import fr.idnum.enrollment.messaging.MailSender;
import fr.idnum.enrollment.messaging.SmsGateway;
import org.jboss.logging.Logger;

/** Sends the {@link RecoveryNotice}s, once the change they announce is committed. */
@ApplicationScoped
public class RecoveryNotices {

    /** Citizens read times in France's legal time (metropolitan; overseas citizens are told "heure de Paris"). */
    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    public static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH'h'mm", Locale.FRENCH).withZone(PARIS);
    public static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("MMMM d, yyyy 'at' HH:mm", Locale.ENGLISH).withZone(PARIS);

    private static final Logger LOG = Logger.getLogger(RecoveryNotices.class);

    private final SmsGateway sms;
    private final MailSender mail;

    RecoveryNotices(SmsGateway sms, MailSender mail) {
        this.sms = sms;
        this.mail = mail;
    }

    /**
     * The number changed after the identity check: the old number and the e-mail are told. {@code postedFrom}: when
     * the code posted in the same move starts to work (empty: the code in force did not change). Both notices are
     * tried even if one channel fails: the other may be the one the real citizen reads.
     */
    public void numberChanged(String oldNumber, String newNumber, String email, Optional<Instant> postedFrom) {
        RuntimeException failure = null;
        try {
            sms.send(oldNumber, RecoveryNotice.SMS_NUMBER_CHANGED);
        } catch (RuntimeException e) {
            failure = e;
        }
        RecoveryNotice notice = postedFrom.isPresent() ? RecoveryNotice.NUMBER_CHANGED_CODE_POSTED : RecoveryNotice.NUMBER_CHANGED;
        try {
            send(email, notice, lastDigits(newNumber), postedFrom.orElse(Instant.EPOCH));
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            LOG.warnf("A number-change notice could not be sent (%s)", failure.getClass().getSimpleName());
            throw failure;
        }
    }

    /** A code posted for another reason than a number change: the e-mail is told, and from when it works. */
    public void codePosted(String email, Instant postedFrom) {
        send(email, RecoveryNotice.CODE_POSTED, "", postedFrom);
    }

    private void send(String email, RecoveryNotice notice, String numberEnd, Instant postedFrom) {
        mail.send(email, notice.subject(), notice.text(numberEnd, FRENCH.format(postedFrom), ENGLISH.format(postedFrom)));
    }

    private static String lastDigits(String number) {
        return number.substring(Math.max(0, number.length() - 2));
    }
}
