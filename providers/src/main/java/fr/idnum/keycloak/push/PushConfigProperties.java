package fr.idnum.keycloak.push;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The push step's settings as the admin console lists them. */
final class PushConfigProperties {

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(PushConfig.CHALLENGE_LIFETIME).type(ProviderConfigProperty.INTEGER_TYPE)
            .label("Challenge lifetime (s)").defaultValue(PushConfig.DEFAULT_CHALLENGE_LIFETIME)
            .helpText("How long the phone has to answer, 10 to 600 seconds").add()
            .property().name(PushConfig.NUMBER_MATCHING).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Number matching").defaultValue(true)
            .helpText("The browser shows a two-digit number the citizen must type on the phone: an unsolicited push cannot be approved by a tap (it does not stop a real-time relay, which shows the number too)").add()
            .property().name(PushConfig.MAX_WAITS).type(ProviderConfigProperty.INTEGER_TYPE)
            .label("Waiting requests per sign-in").defaultValue(PushConfig.DEFAULT_MAX_WAITS)
            .helpText("Requests of one sign-in that may wait at once for the phone's answer on one server (the waiting page holds one); more are refused with 429").add()
            .property().name(PushConfig.RESEND_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
            .label("Resend interval (s)").defaultValue(PushConfig.DEFAULT_RESEND_INTERVAL)
            .helpText("Least time between two 'resend the notification'").add()
            .property().name(PushConfig.MAX_CHALLENGES).type(ProviderConfigProperty.INTEGER_TYPE)
            .label("Requests per citizen per quarter hour").defaultValue(PushConfig.DEFAULT_MAX_CHALLENGES)
            .helpText("Sign-in requests one citizen's phone may receive in any 15 minutes, sliding (against push fatigue)").add()
            .property().name(PushConfig.MAX_CHALLENGES_PER_SOURCE).type(ProviderConfigProperty.INTEGER_TYPE)
            .label("Requests per source address per quarter hour").defaultValue(PushConfig.DEFAULT_MAX_CHALLENGES_PER_SOURCE)
            .helpText("Sign-in requests one source address may start in any 15 minutes, all citizens together").add()
            .property().name("default.reference.value").type(ProviderConfigProperty.STRING_TYPE)
            .label("amr values").defaultValue("pin pop mfa")
            .helpText("Authentication method references this step adds to the amr claim, space separated").add()
            .property().name("default.reference.maxAge").type(ProviderConfigProperty.INTEGER_TYPE)
            .label("amr max age (s)").defaultValue(600)
            .helpText("How long the step counts for amr").add()
            .build();

    private PushConfigProperties() {
    }
}
