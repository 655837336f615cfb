package fr.idnum.enrollment.problem;

import java.sql.SQLException;
import java.util.Set;

/**
 * Recognises a failure that says the database cannot be reached (down, restarting, the network cut, no connection to
 * be had from the pool) rather than a fault of the request or of the code. Such a request is answered 503 with
 * {@code Retry-After} ({@link ProblemMappers}), and the scheduled jobs wait for their next run instead of logging an
 * error each time.
 */
public final class DatabaseUnavailable {

    static final String PROBLEM_TYPE = "service-unavailable";
    static final String RETRY_AFTER_SECONDS = "5";

    /**
     * SQLSTATE class 08 (connection exception) and the server's own "going away" states: admin shutdown, crash
     * shutdown, cannot connect now (starting up or in recovery), too many connections.
     */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");
    /** Agroal's message when no connection could be had within the acquisition timeout (it gives no SQLSTATE). */
    private static final String POOL_TIMEOUT = "Sorry, acquisition timeout!";

    private DatabaseUnavailable() {
    }

    /** Looked for along the whole cause chain: commit failures and Hibernate's exceptions wrap the driver's. */
    public static boolean isCause(Throwable e) {
        return unavailability(e) != null;
    }

    /** The class and SQLSTATE of the failure that says so, never its message. */
    public static String describe(Throwable e) {
        Throwable cause = unavailability(e);
        if (cause == null) {
            return e.getClass().getSimpleName();
        }
        return cause instanceof SQLException sql && sql.getSQLState() != null
                ? cause.getClass().getSimpleName() + " (SQLSTATE " + sql.getSQLState() + ")"
                : cause.getClass().getSimpleName() + (POOL_TIMEOUT.equals(cause.getMessage()) ? " (connection pool timeout)" : "");
    }

    /**
     * Along the causes and the suppressed exceptions: a commit that fails on a dead connection is a
     * {@code RollbackException} whose driver failure is suppressed, not a cause.
     */
    private static Throwable unavailability(Throwable e) {
        return unavailability(e, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private static Throwable unavailability(Throwable e, Set<Throwable> seen) {
        for (Throwable cause = e; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof org.hibernate.exception.JDBCConnectionException
                    || cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLNonTransientConnectionException) {
                return cause;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || SERVER_UNAVAILABLE.contains(state))) {
                    return cause;
                }
                if (state == null && POOL_TIMEOUT.equals(sql.getMessage())) {
                    return cause;
                }
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                Throwable found = unavailability(suppressed, seen);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
