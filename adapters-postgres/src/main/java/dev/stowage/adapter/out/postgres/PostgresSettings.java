package dev.stowage.adapter.out.postgres;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.time.Duration;
import java.util.Objects;

/**
 * How Stowage reaches its PostgreSQL database. {@link #toString()} never shows the password.
 *
 * @param url               a {@code jdbc:postgresql://host:port/database} URL; it must not carry a
 *                          password (put it in {@code password}, which is kept out of logs)
 * @param user              the role Stowage logs in as; it owns the tables the migrations create
 * @param password          the role's password; empty for trust or peer authentication. Never
 *                          logged, printed, nor put in an error message
 * @param poolSize          connections in the pool: {@link #POOL_SIZE}
 * @param connectionTimeout how long a caller waits for a free connection, and a new connection for
 *                          the server, before the database is reported unavailable: {@link #CONNECTION_TIMEOUT}
 * @param wakeUps           how idle workers learn of new jobs: {@link WakeUps#NOTIFY} by default
 * @param migrateOnStart    true to apply pending schema migrations when the engine starts
 */
public record PostgresSettings(String url, String user, String password, int poolSize, Duration connectionTimeout,
                               WakeUps wakeUps, boolean migrateOnStart) {

    /** 2 to 200 connections: one is held by claims while others enqueue; more than the server allows fails at start. */
    public static final Allowed.Whole POOL_SIZE = Allowed.whole(2, 200);
    /** 250ms (HikariCP's floor) to 10m. */
    public static final Allowed.Span CONNECTION_TIMEOUT = Allowed.span(Duration.ofMillis(250), Duration.ofMinutes(10));

    /** How a worker that found nothing learns that new jobs came in. */
    public enum WakeUps {
        /**
         * Every enqueue sends a {@code NOTIFY} in its own transaction, and one connection per
         * process {@code LISTEN}s and wakes the idle workers at once; the polling interval still
         * runs as a safety net. Needs session-level connections (direct, or a pooler in session mode).
         */
        NOTIFY,
        /**
         * No {@code LISTEN}: workers in other processes find new jobs on their polling interval (in
         * this process an enqueue still wakes them). For poolers in transaction mode (PgBouncer),
         * which do not deliver notifications.
         */
        POLLING
    }

    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(wakeUps, "wakeUps");
        SettingsCheck.of(PostgresSettings.class)
                .that(url.startsWith("jdbc:postgresql:"), "url", hasPasswordParameter(url) ? "(not shown)" : url,
                        "is not a jdbc:postgresql: URL")
                // a password in the URL would be shown wherever the URL is: refuse it, and do not echo the URL
                .that(!hasPasswordParameter(url), "url", "(not shown)",
                        "carries a password parameter; give it in password instead, which is never shown")
                .required("user", user)
                .in("poolSize", poolSize, POOL_SIZE)
                .in("connectionTimeout", connectionTimeout, CONNECTION_TIMEOUT)
                .done();
    }

    /** The recommended settings for a database: a pool of 10, 30 seconds' wait, NOTIFY wake-ups, migrations on start. */
    public static PostgresSettings defaults(String url, String user, String password) {
        return new PostgresSettings(url, user, password, 10, Duration.ofSeconds(30), WakeUps.NOTIFY, true);
    }

    /** The same settings with another wake-up mode. */
    public PostgresSettings withWakeUps(WakeUps mode) {
        return new PostgresSettings(url, user, password, poolSize, connectionTimeout, mode, migrateOnStart);
    }

    private static boolean hasPasswordParameter(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            if (pair.toLowerCase(java.util.Locale.ROOT).startsWith("password=")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "******")
                + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout + ", wakeUps=" + wakeUps
                + ", migrateOnStart=" + migrateOnStart + "]";
    }
}
