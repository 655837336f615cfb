package fr.idnum.keycloak.replay;

import java.time.Clock;
import java.time.Duration;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Deletes the {@link UsedDeviceRequest} rows whose request could no longer be accepted anyway, on a schedule. Every
 * node schedules it, one of them runs it per interval (Keycloak's cluster-aware runner, as for its own expired
 * events); each run deletes what expired since the last one, a few seconds' worth of state-changing requests.
 */
final class ExpiredRequestsPurge implements ScheduledTask {

    static final String TASK_NAME = "idnum-used-device-requests-purge";

    private static final Logger LOG = Logger.getLogger(ExpiredRequestsPurge.class);

    private final Clock clock;

    ExpiredRequestsPurge(Clock clock) {
        this.clock = clock;
    }

    /** Schedules the purge once the server is ready; a zero or negative interval turns it off. */
    static void schedule(KeycloakSessionFactory factory, Duration interval, Clock clock) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .schedule(new ClusterAwareScheduledTaskRunner(factory, new ExpiredRequestsPurge(clock), interval.toMillis()),
                                interval.toMillis(), TASK_NAME));
            }
        });
    }

    @Override
    public void run(KeycloakSession session) {
        int purged = UsedDeviceRequests.of(session).purgeExpired(clock.instant());
        LOG.debugf("Purged %d expired device request ids", purged);
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }
}
