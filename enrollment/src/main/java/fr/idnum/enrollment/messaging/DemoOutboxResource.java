package fr.idnum.enrollment.messaging;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.identity.FrenchMobileNumber;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.enrollment.problem.Problem;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.properties.IfBuildProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * What the recording stand-ins would have sent, for a person running the demo and for the end-to-end tests,
 * which run this service as a separate process and must read the SMS and activation codes somewhere.
 * Each list exists only while its channel <em>is</em> the recording stand-in; otherwise (always in
 * production, where {@link StandInGuard} forbids stand-ins) it answers 404. Read-only, and never logged:
 * the messages carry codes.
 * <p>
 * Left out of a production build altogether: built with {@code -D}{@value #BUILD_PROPERTY}{@code =false} (the
 * image's build, docs/operations.md), the jar has no such endpoint at all, whatever its runtime configuration.
 * The default build keeps it, since the run command and the end-to-end tests read the codes here.
 */
@IfBuildProperty(name = DemoOutboxResource.BUILD_PROPERTY, stringValue = "true", enableIfMissing = true)
@Path("/api/v1/demo/outbox")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class DemoOutboxResource {

    /** Build-time switch of this endpoint ({@code true} unless the build says otherwise). */
    public static final String BUILD_PROPERTY = "idnum.demo-outbox.enabled";

    /** An SMS that would have been sent. */
    public record OutboxSms(Instant at, String to, String text) {
    }

    /** An e-mail that would have been sent. */
    public record OutboxMail(Instant at, String to, String subject, String body) {
    }

    /** A letter that would have been posted: to whom, where, and what it says. */
    public record OutboxLetter(Instant at, String reference, String recipient, String line1, String line2,
                               String postalCode, String city, String text) {
    }

    /** A registered electronic letter that would have been sent: to which address, for whom, and what it says. */
    public record OutboxRegisteredLetter(Instant at, String reference, String to, String givenNames, String birthName,
                                         java.time.LocalDate birthDate, String subject, String text) {
    }

    /** A push that would have been sent, and the answer the stand-in gave; {@code sequence} counts them from 1. */
    public record OutboxPush(long sequence, Instant at, String to, PushMessage.Platform platform, String challengeId,
                             long ttlSeconds, PushOutcome.Status outcome) {
    }

    private final SmsGateway sms;
    private final MailSender mail;
    private final PushSender push;
    private final LetterSender letter;
    private final RecordingSmsGateway recordedSms;
    private final RecordingMailSender recordedMail;
    private final RecordingPushSender recordedPushes;
    private final RecordingLetterSender recordedLetters;
    private final RegisteredLetterSender registeredLetter;
    private final RecordingRegisteredLetterSender recordedRegisteredLetters;

    DemoOutboxResource(SmsGateway sms, MailSender mail, PushSender push, LetterSender letter, RecordingSmsGateway recordedSms,
                       RecordingMailSender recordedMail, RecordingPushSender recordedPushes,
                       RecordingLetterSender recordedLetters, RegisteredLetterSender registeredLetter,
                       RecordingRegisteredLetterSender recordedRegisteredLetters) {
        this.sms = sms;
        this.mail = mail;
        this.push = push;
        this.letter = letter;
        this.recordedSms = recordedSms;
        this.recordedMail = recordedMail;
        this.recordedPushes = recordedPushes;
        this.recordedLetters = recordedLetters;
        this.registeredLetter = registeredLetter;
        this.recordedRegisteredLetters = recordedRegisteredLetters;
    }

    @GET
    @Path("sms")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @Operation(summary = "SMS the recording stand-in kept (demo and end-to-end tests only), oldest first; "
            + "as a page in French, newest first, for a browser (Accept naming text/html)")
    @APIResponse(responseCode = "200", description = "The SMS, oldest first",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutboxSms[].class)),
                       @Content(mediaType = MediaType.TEXT_HTML)})
    @APIResponse(responseCode = "404", description = "SMS go to a real gateway: there is no outbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response sms(@QueryParam("to") @Parameter(description = "Only those sent to this number (E.164 or national form)") String to,
                        @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        requireStandIn(sms, RecordingSmsGateway.class, "SMS");
        List<OutboxSms> messages = (to == null ? recordedSms.all() : recordedSms.sentTo(asE164(to))).stream()
                .map(m -> new OutboxSms(m.at(), m.to(), m.text())).toList();
        // Only a client that names HTML gets the page (every browser does): scripts, curl and the tests keep the JSON.
        if (accept != null && accept.contains(MediaType.TEXT_HTML)) {
            return Response.ok(DemoOutboxPage.sms(messages, to == null ? null : asE164(to)), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Content-Security-Policy", DemoOutboxPage.CONTENT_SECURITY_POLICY)
                    .header("Cache-Control", "no-store")
                    .build();
        }
        return Response.ok(messages, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("mail")
    @Operation(summary = "E-mails the recording stand-in kept (demo and end-to-end tests only), oldest first")
    @APIResponse(responseCode = "200", description = "The e-mails, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutboxMail[].class)))
    @APIResponse(responseCode = "404", description = "E-mails go to a real SMTP server: there is no outbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<OutboxMail> mail(@QueryParam("to") @Parameter(description = "Only those sent to this address (any case)") String to) {
        requireStandIn(mail, RecordingMailSender.class, "E-mails");
        return (to == null ? recordedMail.all() : recordedMail.sentTo(to)).stream()
                .map(m -> new OutboxMail(m.at(), m.to(), m.subject(), m.text())).toList();
    }

    @GET
    @Path("letter")
    @Operation(summary = "Letters the recording stand-in kept (demo and end-to-end tests only), oldest first")
    @APIResponse(responseCode = "200", description = "The letters, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutboxLetter[].class)))
    @APIResponse(responseCode = "404", description = "Letters go to a real print-and-post provider: there is no outbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<OutboxLetter> letter(@QueryParam("reference") @Parameter(description = "Only those posted for this enrollment (its id)")
                                     String reference) {
        requireStandIn(letter, RecordingLetterSender.class, "Letters");
        return (reference == null ? recordedLetters.all() : recordedLetters.sentFor(reference)).stream()
                .map(l -> new OutboxLetter(l.at(), l.letter().reference(), l.letter().recipient(), l.letter().address().line1(),
                        l.letter().address().line2(), l.letter().address().postalCode(), l.letter().address().city(),
                        l.letter().text()))
                .toList();
    }

    @GET
    @Path("registered-letter")
    @Operation(summary = "Registered electronic letters the recording stand-in kept (demo and end-to-end tests only), oldest first")
    @APIResponse(responseCode = "200", description = "The registered letters, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutboxRegisteredLetter[].class)))
    @APIResponse(responseCode = "404", description = "Registered letters go to a real provider: there is no outbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<OutboxRegisteredLetter> registeredLetter(@QueryParam("to") @Parameter(description = "Only those sent to this address (any case)")
                                                         String to) {
        requireStandIn(registeredLetter, RecordingRegisteredLetterSender.class, "Registered letters");
        return (to == null ? recordedRegisteredLetters.all() : recordedRegisteredLetters.sentTo(to)).stream()
                .map(l -> new OutboxRegisteredLetter(l.at(), l.letter().reference(), l.letter().email(),
                        l.letter().addressee().givenNames(), l.letter().addressee().birthName(), l.letter().addressee().birthDate(),
                        l.letter().subject(), l.letter().text()))
                .toList();
    }

    @GET
    @Path("push")
    @Operation(summary = "Pushes the recording stand-in kept (demo and end-to-end tests only), oldest first")
    @APIResponse(responseCode = "200", description = "The pushes, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutboxPush[].class)))
    @APIResponse(responseCode = "400", description = "after is not a sequence number", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "Pushes go to FCM: there is no outbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<OutboxPush> push(@QueryParam("to") @Parameter(description = "Only those sent to this registration token") String to,
                                 @QueryParam("after") @Parameter(description = "Only those after the push of this sequence number "
                                         + "(what a reader watching every push asks for next: the last sequence it saw)") String after) {
        requireStandIn(push, RecordingPushSender.class, "Pushes");
        List<RecordingPushSender.RecordedPush> pushes;
        if (after != null) {
            long last = sequenceNumber(after);
            pushes = recordedPushes.after(last).stream().filter(p -> to == null || p.message().registrationToken().equals(to)).toList();
        } else {
            pushes = to == null ? recordedPushes.all() : recordedPushes.sentTo(to);
        }
        return pushes.stream()
                .map(p -> new OutboxPush(p.sequence(), p.at(), p.message().registrationToken(), p.message().platform(),
                        p.message().challengeId(), p.message().ttl().toSeconds(), p.outcome().status()))
                .toList();
    }

    private static long sequenceNumber(String after) {
        if (!after.matches("[0-9]{1,18}")) {
            throw new InvalidFieldsException(List.of(new Problem.FieldError(
                    "after", "must be the sequence number of a push: a whole number, 0 for all")));
        }
        return Long.parseLong(after);
    }

    /**
     * Typed by a person: {@code ?to=+33612345678} arrives as " 33612345678" (an unencoded '+' is a space in a
     * query), and the national form is accepted too.
     */
    static String asE164(String typed) {
        String number = typed.startsWith(" ") ? "+" + typed.strip() : typed.strip();
        return FrenchMobileNumber.toE164(number).orElse(number);
    }

    /**
     * Looks at the bean behind the channel, not at the setting: only what the service really uses may be
     * shown (a test that swaps in its own sender has no outbox here either).
     */
    private static void requireStandIn(Object channel, Class<?> standIn, String what) {
        if (!standIn.isInstance(MeteredChannels.unwrap(ClientProxy.unwrap(channel)))) {
            throw new DomainException(404, "no-outbox", "No outbox",
                    what + " are sent by a real provider: there is no outbox to read.");
        }
    }
}
