package fr.idnum.keycloak.delivery;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Threads that send messages (sign-in pushes, password-reset e-mails) off the request threads, once the request's
 * transaction committed: a send waits on another server, and a worker thread held for it is one a citizen's browser
 * cannot have (and, for the reset e-mail, a wait only existing accounts would show). Each job runs in its own Keycloak
 * session and transaction. Bounded: a fixed number of threads and of waiting jobs per node; beyond that a job is not
 * sent and {@link Job#notSent} records it, rather than queueing for longer than what it carries lives.
 */
public final class SenderPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SenderPool.class);

    /** One message to send, in the session it is given. */
    public interface Job {
        void run(KeycloakSession session);

        /** It could not even be queued: record that, in the session it is given. */
        void notSent(KeycloakSession session);
    }

    private final String name;
    private final int queue;
    private final ThreadPoolExecutor pool;
    private volatile KeycloakSessionFactory sessions;

    /** {@code name} prefixes the threads' names and the log lines. */
    public SenderPool(String name, int threads, int queue) {
        this.name = name;
        this.queue = queue;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    public void start(KeycloakSessionFactory factory) {
        this.sessions = factory;
    }

    /**
     * Queues {@code job} once {@code session}'s transaction committed (what the job reads, a challenge or an
     * authentication session, is written then); nothing if it rolled back. Never blocks the request.
     */
    public void afterCommit(KeycloakSession session, Job job) {
        afterCommit(session, this::submit, job);
    }

    /** The same, handing {@code job} to {@code submit} (a pool's {@link #submit}, or a test's list) after the commit. */
    public static void afterCommit(KeycloakSession session, Consumer<Job> submit, Job job) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                submit.accept(job);
            }

            @Override
            protected void rollbackImpl() {
                // Nothing was stored for the job to send.
            }
        });
    }

    /** Queues {@code job} now; never blocks the caller. */
    public void submit(Job job) {
        KeycloakSessionFactory factory = sessions;
        if (factory == null) {
            throw new IllegalStateException(name + " used before the server started");
        }
        Executor executor = pool;
        try {
            executor.execute(() -> {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, job::run);
                } catch (RuntimeException e) {
                    LOG.warnf("%s: a job failed: %s", name, e.getClass().getSimpleName());
                    // Where, for whoever turns DEBUG on (the message of an unexpected failure is not shown at WARN).
                    LOG.debug(name + ": the job's failure", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warnf("%s: %d jobs already waiting; this one is not sent", name, queue);
            KeycloakModelUtils.runJobInTransaction(factory, job::notSent);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
