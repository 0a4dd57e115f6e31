package dev.stowage.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BinderTest {

    /** A record of the kind adapters declare: one range, checked in its compact constructor. */
    record PoolSettings(int poolSize, int spareThreads) {
        static final Allowed.Whole POOL_SIZE = Allowed.whole(1, 8);

        PoolSettings {
            SettingsCheck.of(PoolSettings.class).in("poolSize", poolSize, POOL_SIZE)
                    .in("spareThreads", spareThreads, POOL_SIZE).done();
        }
    }

    @Test
    void componentsAreReadFromTheirKebabCaseKeysAndViolationsGoBackToThem() {
        var binder = new Binder(ConfigFactory.parseString("stowage.pool { pool-size = 9, threads = 0 }"),
                Set.of("stowage.pool.pool-size", "stowage.pool.threads"));
        var pool = binder.block("stowage.pool").key("spareThreads", "threads");
        assertThat(pool.bind(PoolSettings.class, () -> new PoolSettings(pool.integer("pool-size", PoolSettings.POOL_SIZE),
                pool.integer("threads", PoolSettings.POOL_SIZE)))).isNull();
        assertThatThrownBy(binder::throwIfProblems).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
                        "stowage.pool.pool-size: '9' is not a whole number between 1 and 8 (from String: 1)",
                        "stowage.pool.threads: '0' is not a whole number between 1 and 8 (from String: 1)"));
    }

    @Test
    void aComponentWithoutAKeyIsAMistakeOfTheBindingFoundOnEveryLoad() {
        var binder = new Binder(ConfigFactory.parseString("stowage.pool { pool-size = 2 }"), Set.of("stowage.pool.pool-size"));
        var pool = binder.block("stowage.pool");
        assertThatThrownBy(() -> pool.bind(PoolSettings.class, () -> new PoolSettings(2, 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PoolSettings.spareThreads has no configuration key: stowage.pool.spare-threads");
    }

    @Test
    void kebabCase() {
        assertThat(Binder.kebab("readPoolSize")).isEqualTo("read-pool-size");
        assertThat(Binder.kebab("port")).isEqualTo("port");
    }
}
