package dev.stowage.adapter.out.sqlite;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The document cache's meters, {@code stowage.cache.*} tagged {@code cache=documents}, read from
 * Caffeine's own statistics when the registry is scraped (nothing is counted twice on the hot path).
 */
final class DocumentCacheMetrics {
    static final String PREFIX = "stowage.cache.";
    static final Tags TAGS = Tags.of("cache", "documents");

    private DocumentCacheMetrics() {
    }

    static void bind(MeterRegistry registry, Cache<?, ?> cache) {
        FunctionCounter.builder(PREFIX + "gets", cache, c -> c.stats().hitCount())
                .tags(TAGS).tag("result", "hit")
                .description("Lookups answered from the cache")
                .register(registry);
        FunctionCounter.builder(PREFIX + "gets", cache, c -> c.stats().missCount())
                .tags(TAGS).tag("result", "miss")
                .description("Lookups that went to the database")
                .register(registry);
        FunctionCounter.builder(PREFIX + "evictions", cache, c -> c.stats().evictionCount())
                .tags(TAGS)
                .description("Entries evicted to stay within the size bound")
                .register(registry);
        Gauge.builder(PREFIX + "size", cache, Cache::estimatedSize)
                .tags(TAGS)
                .description("Entries in the cache now (by id and by name)")
                .baseUnit("entries")
                .register(registry);
    }
}
