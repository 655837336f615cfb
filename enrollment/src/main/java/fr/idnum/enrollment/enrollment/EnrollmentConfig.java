package fr.idnum.enrollment.enrollment;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Lifetimes of the enrollment lifecycle. */
@ConfigMapping(prefix = "idnum.enrollment")
public interface EnrollmentConfig {

    /** How long an enrollment may stay unverified (DRAFT to AWAITING_VERIFICATION) before it expires. */
    @WithDefault("P30D")
    Duration unverifiedLifetime();
}
