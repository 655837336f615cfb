package fr.idnum.keycloak.push;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The threads that send sign-in pushes, off the request threads: a push waits on the enrollment service (up to its
 * push timeout), and a worker thread held for it is one a citizen's browser cannot have. Each push runs in its own
 * Keycloak session and transaction. Bounded: {@value #THREADS} threads and {@value #QUEUE} waiting pushes per node;
 * beyond that a push is not sent and its challenge says so (the app can still pull it, the page tells the citizen to
 * open the app), rather than queueing for longer than a challenge lives.
 */
final class PushSenders implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PushSenders.class);

    static final int THREADS = 8;
    static final int QUEUE = 2_000;

    /** One push to send, in the session it is given. */
    interface Job {
        void run(KeycloakSession session);

        /** It could not even be queued: record that, in the session it is given. */
        void notSent(KeycloakSession session);
    }

    private final ThreadPoolExecutor pool;
    private volatile KeycloakSessionFactory sessions;

    PushSenders() {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "idnum-push-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    void start(KeycloakSessionFactory factory) {
        this.sessions = factory;
    }

    /** Queues {@code job}; never blocks the caller. */
    void submit(Job job) {
        KeycloakSessionFactory factory = sessions;
        if (factory == null) {
            throw new IllegalStateException("push senders used before the server started");
        }
        Executor executor = pool;
        try {
            executor.execute(() -> {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, job::run);
                } catch (RuntimeException e) {
                    LOG.warnf("idnum-push: a push job failed: %s", e.getClass().getSimpleName());
                    // Where, for whoever turns DEBUG on (the message of an unexpected failure is not shown at WARN).
                    LOG.debug("idnum-push: the push job's failure", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warnf("idnum-push: %d pushes already waiting; this one is not sent (the app can still pull it)", QUEUE);
            KeycloakModelUtils.runJobInTransaction(factory, job::notSent);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
