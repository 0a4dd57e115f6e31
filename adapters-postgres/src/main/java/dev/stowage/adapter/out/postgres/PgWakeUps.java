package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.QueueWakeUps;
import dev.stowage.domain.queue.QueueName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's ear on the database: one dedicated connection that {@code LISTEN}s on
 * {@link PgJobStore#CHANNEL} and passes each notification on to its subscribers as news that the
 * queue may have work ({@link QueueWakeUps}; the application wakes its waiting workers), so that a
 * worker waiting in this process wakes as soon as another process (or this one) commits an
 * enqueue, instead of on its next fallback poll. The poll keeps running besides: a notification is a
 * hint, and one sent while the connection was down is lost, so after every reconnect every queue is
 * announced once.
 *
 * <p>In {@link PostgresSettings.WakeUps#POLLING} mode it does nothing: a pooler in transaction
 * mode cannot hold a {@code LISTEN}.
 */
final class PgWakeUps implements Managed, QueueWakeUps {
    private static final Logger log = LoggerFactory.getLogger(PgWakeUps.class);
    private static final int WAIT_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final PostgresSettings settings;
    private final List<Consumer<QueueName>> queueListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> anyListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean running;
    private volatile Connection connection;
    private Thread listener;

    PgWakeUps(PostgresSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void subscribe(Consumer<QueueName> queueMayHaveWork, Runnable anyQueueMayHaveWork) {
        queueListeners.add(Objects.requireNonNull(queueMayHaveWork, "queueMayHaveWork"));
        anyListeners.add(Objects.requireNonNull(anyQueueMayHaveWork, "anyQueueMayHaveWork"));
    }

    private void wakeAll() {
        anyListeners.forEach(Runnable::run);
    }

    @Override
    public int phase() {
        // after the engine (0), before the workers and servers that wait for jobs
        return 10;
    }

    @Override
    public String name() {
        return "postgres-wake-ups";
    }

    /** True when this process listens for notifications (NOTIFY mode, started). */
    boolean listening() {
        return running;
    }

    /** Notifications turned into signals so far; for tests and diagnostics. */
    long received() {
        return received.get();
    }

    @Override
    public synchronized void start() {
        if (settings.wakeUps() == PostgresSettings.WakeUps.POLLING || running) {
            return;
        }
        // the first LISTEN on the caller's thread: a database that cannot take one fails start-up here
        try {
            connection = listen();
        } catch (SQLException e) {
            throw PgErrors.translate(e);
        }
        running = true;
        listener = new Thread(this::run, "stowage-postgres-listen");
        listener.setDaemon(true);
        listener.start();
    }

    private Connection listen() throws SQLException {
        Connection c = PgEngine.directDataSource(settings).getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + PgJobStore.CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                Connection c = connection;
                if (c == null) {
                    c = listen();
                    connection = c;
                    // notifications sent while the connection was down are lost: look everywhere once
                    wakeAll();
                    log.info("Listening for job notifications again");
                    backoff = 100;
                }
                PGNotification[] notes = c.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                if (notes != null) {
                    for (PGNotification note : notes) {
                        wake(note.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Lost the connection that listens for job notifications ({}); workers poll until it is "
                        + "back", PgErrors.sqlCause(e).map(Throwable::getMessage).orElse(e.toString()));
                closeQuietly();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void wake(String payload) {
        received.incrementAndGet();
        QueueName queue;
        try {
            queue = new QueueName(payload);
        } catch (RuntimeException notAQueue) {
            // someone else's NOTIFY on our channel with a payload that names no queue: wake everyone
            wakeAll();
            return;
        }
        queueListeners.forEach(listener -> listener.accept(queue));
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        closeQuietly();
        try {
            listener.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("Closing the listening connection failed", e);
            }
        }
    }
}
