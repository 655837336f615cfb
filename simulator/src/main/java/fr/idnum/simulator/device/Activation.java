package fr.idnum.simulator.device;

import java.time.Instant;

/** The realm's answer to a successful activation: the credential the phone now is. */
public record Activation(String credentialId, String deviceLabel, Instant activatedAt) {
}
