package dev.stowage.adapter.out.micrometer;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.stowage.application.port.out.QueueMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The application's reports as Micrometer meters, whichever database adapter stores the data.
 *
 * <p>Contributes {@link QueueMetrics} (the queue's {@code stowage.queue.*} counters, timers and
 * jobs-by-state gauges) to {@code Set<QueueMetrics>}; the assembler picks a contributed one, and
 * records nothing without one. The assembler must bind a {@link MeterRegistry}.
 */
public final class MicrometerModule extends AbstractModule {

    @Override
    protected void configure() {
        requireBinding(MeterRegistry.class);
    }

    @ProvidesIntoSet
    @Singleton
    QueueMetrics queueMetrics(MeterRegistry registry) {
        return new MicrometerQueueMetrics(registry);
    }
}
