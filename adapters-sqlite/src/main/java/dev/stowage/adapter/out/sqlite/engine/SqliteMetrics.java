package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** The engine's meters, all named {@code stowage.sqlite.*}. */
final class SqliteMetrics {
    static final String PREFIX = "stowage.sqlite.";

    private final MeterRegistry registry;
    private final Timer writeTransaction;
    private final DistributionSummary batchSize;
    private final Counter commits;
    private final Counter busyRetries;
    private final Map<CheckpointMode, Counter> checkpoints = new EnumMap<>(CheckpointMode.class);

    SqliteMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.writeTransaction = Timer.builder(PREFIX + "write.transaction")
                .description("Time of one (group) write transaction, from waiting for the write lock to COMMIT")
                .register(registry);
        this.batchSize = DistributionSummary.builder(PREFIX + "group.commit.batch.size")
                .description("Callers whose work shared one write transaction")
                .register(registry);
        this.commits = Counter.builder(PREFIX + "commits")
                .description("Write transactions committed")
                .register(registry);
        this.busyRetries = Counter.builder(PREFIX + "busy.retries")
                .description("Retries after the database was locked by another connection or process")
                .register(registry);
        for (CheckpointMode mode : CheckpointMode.values()) {
            checkpoints.put(mode, Counter.builder(PREFIX + "checkpoints")
                    .description("WAL checkpoints run")
                    .tag("mode", mode.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    /** Registers a gauge that reads {@code state}, held strongly so it lives as long as the registry. */
    <S> void gauge(String name, String description, String unit, S state, ToDoubleFunction<S> value) {
        Gauge.builder(PREFIX + name, state, value)
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(registry);
    }

    void committed(long nanos, int callers) {
        writeTransaction.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(callers);
        commits.increment();
    }

    void busyRetry() {
        busyRetries.increment();
    }

    void checkpoint(CheckpointMode mode) {
        checkpoints.get(mode).increment();
    }
}
