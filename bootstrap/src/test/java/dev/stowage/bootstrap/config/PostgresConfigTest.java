package dev.stowage.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.bootstrap.config.ConfigLoader.Sources;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code stowage.database.backend} and {@code stowage.database.postgres.*}, read and checked like every key. */
class PostgresConfigTest {
    private static final String PASSWORD = "pg-4b2f8e-not-to-be-seen";

    private static StowageConfig load(Map<String, String> env) {
        return ConfigLoader.load(new Sources(Optional.empty(), env, Map.of()));
    }

    private static InvalidConfigException refused(Map<String, String> env) {
        try {
            load(env);
        } catch (InvalidConfigException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    private static Map<String, String> postgres(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("STOWAGE_DATABASE_BACKEND", "postgres",
                "STOWAGE_DATABASE_POSTGRES_URL", "jdbc:postgresql://db.internal:5432/stowage",
                "STOWAGE_DATABASE_POSTGRES_USER", "stowage",
                "STOWAGE_DATABASE_POSTGRES_PASSWORD", PASSWORD));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void sqliteIsTheDefaultAndThePostgresBlockIsThenNotRequired() {
        StowageConfig c = load(Map.of());
        assertThat(c.onPostgres()).isFalse();
        assertThat(c.postgres()).isEmpty();
    }

    @Test
    void postgresIsReadIntoItsSettingsRecordWithItsDefaults() {
        StowageConfig c = load(postgres("STOWAGE_DATABASE_POSTGRES_WAKE_UPS", "polling"));
        PostgresSettings pg = c.postgres().orElseThrow();
        assertThat(c.onPostgres()).isTrue();
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://db.internal:5432/stowage");
        assertThat(pg.user()).isEqualTo("stowage");
        assertThat(pg.password()).isEqualTo(PASSWORD);
        assertThat(pg.poolSize()).isEqualTo(10);
        assertThat(pg.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pg.wakeUps()).isEqualTo(PostgresSettings.WakeUps.POLLING);
        assertThat(pg.migrateOnStart()).isTrue();
    }

    @Test
    void theConfigurationsTextNeverShowsThePassword() {
        StowageConfig c = load(postgres());
        assertThat(c.toString()).doesNotContain(PASSWORD).contains("password=******");
    }

    @Test
    void badValuesAreReportedOnTheirKeysAndThePasswordNowhere() {
        InvalidConfigException e = refused(postgres("STOWAGE_DATABASE_BACKEND", "oracle"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("stowage.database.backend: 'oracle' is not one of [sqlite, postgres]"));

        e = refused(postgres("STOWAGE_DATABASE_POSTGRES_URL", "jdbc:mysql://x/y",
                "STOWAGE_DATABASE_POSTGRES_POOL_SIZE", "1",
                "STOWAGE_DATABASE_POSTGRES_CONNECTION_TIMEOUT", "ten",
                "STOWAGE_DATABASE_POSTGRES_WAKE_UPS", "smoke-signals"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("stowage.database.postgres.url: 'jdbc:mysql://x/y' is not a jdbc:postgresql: URL"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("stowage.database.postgres.pool-size: '1' is not"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("stowage.database.postgres.connection-timeout: 'ten'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("stowage.database.postgres.wake-ups: 'smoke-signals' is not one of"));
        assertThat(String.join("\n", e.problems()) + e.getMessage()).doesNotContain(PASSWORD);

        e = refused(postgres("STOWAGE_DATABASE_POSTGRES_URL", "jdbc:postgresql://db/s?password=" + PASSWORD));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("stowage.database.postgres.url: "
                + "'(not shown)' carries a password parameter"));
        assertThat(String.join("\n", e.problems()) + e.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void choosingPostgresRequiresItsUrlAndUser() {
        InvalidConfigException e = refused(Map.of("STOWAGE_DATABASE_BACKEND", "postgres"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("stowage.database.postgres.url: '' is not"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("stowage.database.postgres.user: must be set when stowage.database.backend is postgres"));
    }

    @Test
    void onSqliteOnlyGivenAndWrongPostgresValuesAreReported() {
        InvalidConfigException e = refused(Map.of("STOWAGE_DATABASE_POSTGRES_POOL_SIZE", "0"));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("stowage.database.postgres.pool-size: '0' is not"));
    }
}
