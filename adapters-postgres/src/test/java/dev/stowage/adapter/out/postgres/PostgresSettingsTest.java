package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stowage.application.settings.InvalidSettingsException;
import dev.stowage.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The settings' rules, and the password kept out of every text: toString, errors, health, logs. */
class PostgresSettingsTest {
    private static final String PASSWORD = "pw-7d1e9c0b-never-shown";
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level level;

    @BeforeEach
    void captureEveryLog() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        level = root.getLevel();
        // every level, the pool's and the driver's debug lines included
        root.setLevel(Level.ALL);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void restore() {
        root.detachAppender(logs);
        root.setLevel(level);
    }

    private String everythingLogged() {
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : logs.list) {
            all.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                all.append(ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return all.toString();
    }

    private static String withTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void toStringShowsEverythingButThePassword() {
        PostgresSettings s = PostgresSettings.defaults("jdbc:postgresql://db:5432/stowage", "app", PASSWORD);
        assertThat(s.toString()).doesNotContain(PASSWORD).contains("password=******", "user=app", "db:5432");
        assertThat(PostgresSettings.defaults("jdbc:postgresql://db/s", "app", "").toString()).contains("password=,");
    }

    @Test
    void badValuesAreRefusedOneViolationEachAndAPasswordInTheUrlIsNeverEchoed() {
        assertThatThrownBy(() -> new PostgresSettings("mysql://x", "", PASSWORD, 1, Duration.ofMillis(1),
                PostgresSettings.WakeUps.NOTIFY, true))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.component())
                        .containsExactlyInAnyOrder("url", "user", "poolSize", "connectionTimeout"));
        String url = "jdbc:postgresql://db/s?user=app&password=" + PASSWORD;
        assertThatThrownBy(() -> PostgresSettings.defaults(url, "app", ""))
                .isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(withTrace(e)).doesNotContain(PASSWORD).contains("password"));
    }

    @Test
    void aRefusedLoginOrAnUnreachableServerNeverShowsThePasswordInErrorsOrLogs() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        PostgresSettings unreachable = new PostgresSettings("jdbc:postgresql://127.0.0.1:" + closedPort + "/x", "app",
                PASSWORD, 2, Duration.ofSeconds(1), PostgresSettings.WakeUps.NOTIFY, false);
        PgEngine engine = new PgEngine(unreachable);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(engine::start);
        engine.stop();
        assertThat(failure).isInstanceOf(dev.stowage.domain.error.StorageUnavailableException.class);
        assertThat(withTrace(failure)).doesNotContain(PASSWORD);
        assertThat(everythingLogged()).doesNotContain(PASSWORD);
    }

    @Test
    void aWorkingEngineNeverLogsNorReportsThePassword() {
        TestPostgres.Database db = PgTestDatabase.migrated("secrets");
        // the embedded server trusts loopback logins, so any password is accepted and sent
        PostgresSettings settings = PostgresSettings.defaults(db.url(), db.user(), PASSWORD);
        PgEngine engine = new PgEngine(settings);
        PgWakeUps wakeUps = new PgWakeUps(settings);
        engine.start();
        wakeUps.start();
        try {
            assertThat(new PgHealth(engine).check().up()).isTrue();
            assertThat(new PgHealth(engine).check().details().toString()).doesNotContain(PASSWORD);
            assertThat(new PgDatabaseAdmin(engine).info().toString()).doesNotContain(PASSWORD);
        } finally {
            wakeUps.stop();
            engine.stop();
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(everythingLogged()).doesNotContain(PASSWORD);
    }
}
