package fr.idnum.enrollment.messaging;

import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

/**
 * SMS through a generic HTTP gateway: {@code POST {"to", "text", "sender"}} as JSON with a bearer API key.
 * Anything but a 2xx is a {@link MessageNotSentException}. Neither the text (it carries codes) nor the key
 * ever reaches a log line or an exception message.
 */
public class HttpSmsGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(HttpSmsGateway.class);

    /** The gateway's request body. */
    record Submission(String to, String text, String sender) {
    }

    private final JsonProviderPost gateway;
    private final String sender;

    public HttpSmsGateway(URI endpoint, String apiKey, String sender, Duration connectTimeout, Duration requestTimeout,
                          ObjectMapper json) {
        this.gateway = new JsonProviderPost("SMS", "gateway", endpoint, apiKey, connectTimeout, requestTimeout, json);
        this.sender = sender;
    }

    static HttpSmsGateway from(MessagingConfig.Sms.Http config, ObjectMapper json) {
        URI url = config.url().orElseThrow(() -> new IllegalStateException(
                "idnum.messaging.sms.provider=http needs idnum.messaging.sms.http.url (IDNUM_SMS_URL)"));
        String apiKey = config.apiKey().orElseThrow(() -> new IllegalStateException(
                "idnum.messaging.sms.provider=http needs idnum.messaging.sms.http.api-key (IDNUM_SMS_API_KEY)"));
        return new HttpSmsGateway(url, apiKey, config.sender(), config.connectTimeout(), config.requestTimeout(), json);
    }

    @Override
    public void send(String e164Number, String text) {
        gateway.post(new Submission(e164Number, text, sender));
        LOG.debugf("SMS accepted by the gateway for a number ending in %s", lastDigits(e164Number));
    }

    private static String lastDigits(String number) {
        return number.length() <= 2 ? "**" : number.substring(number.length() - 2);
    }
}
