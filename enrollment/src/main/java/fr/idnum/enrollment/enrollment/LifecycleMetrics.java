package fr.idnum.enrollment.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts committed moves of enrollments: Prometheus {@code idnum_enrollment_transitions_total{from,to}} ({@code from}
 * NONE for a new enrollment). Its rates are the service's business dashboard — enrollments started, phones
 * checked, identities verified or rejected, phones activated, expiries, suspensions — and a sudden change in one of
 * them (rejections, suspensions) is worth a look. Counted after the commit: a refused or rolled back move never is.
 */
@ApplicationScoped
class LifecycleMetrics {

    static final String METER = "idnum.enrollment.transitions";

    private final MeterRegistry registry;

    LifecycleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) EnrollmentStatusChanged change) {
        Counter.builder(METER).description("Committed moves of enrollments, by state before and after")
                .tag("from", change.from() == null ? "NONE" : change.from().name())
                .tag("to", change.to().name())
                .register(registry).increment();
    }
}
