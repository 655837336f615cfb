package fr.idnum.simulator.device;

import java.util.Optional;

import fr.idnum.protocol.Challenges;

/**
 * What the app learns from fetching its pending challenge: the challenge, when one waits (checked against the realm's
 * keys), and whether the push service no longer knows the phone's push token (the answer's
 * {@link fr.idnum.protocol.DeviceApi#PUSH_TOKEN_STATUS_HEADER}, or the signed claim of the challenge), in which case
 * the app sends a new token with the code the citizen types next.
 */
public record PendingFetch(Optional<Challenges.Challenge> challenge, boolean pushTokenUnregistered) {
}
