package dev.stowage.bootstrap.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.service.HealthService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Set;

/**
 * What every assembly shares: the clock, one meter registry (Prometheus, with JVM metrics) bound
 * both as {@link MeterRegistry} and {@link PrometheusMeterRegistry}, the health use case, and the
 * sets that adapters contribute to.
 */
final class CoreModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(JvmMetrics.class);
        Multibinder.newSetBinder(binder(), HealthIndicator.class);
        bind(Clock.class).toInstance(Clock.systemUTC());
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry prometheus() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    MeterRegistry meters(PrometheusMeterRegistry prometheus) {
        return prometheus;
    }

    @Provides
    @Singleton
    CheckHealthUseCase health(Set<HealthIndicator> indicators) {
        return new HealthService(indicators);
    }

    @Provides
    @Singleton
    JvmMetrics jvmMetrics(PrometheusMeterRegistry registry) {
        return new JvmMetrics(registry);
    }

    /** Binds the JVM meters first of all and releases the GC listener last of all. */
    static final class JvmMetrics implements Managed {
        private final MeterRegistry registry;
        private JvmGcMetrics gc;

        JvmMetrics(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public int phase() {
            return -100;
        }

        @Override
        public String name() {
            return "jvm-metrics";
        }

        @Override
        public void start() {
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
        }

        @Override
        public void stop() {
            if (gc != null) {
                gc.close();
            }
        }
    }
}
