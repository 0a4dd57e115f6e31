package dev.stowage.testing;

import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.TemplateName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** {@link JobTemplates} in a map, for tests and the embedded in-memory mode. Thread-safe. */
public final class InMemoryJobTemplates implements JobTemplates {
    private final TreeMap<String, JobTemplate> byName = new TreeMap<>();

    @Override
    public synchronized boolean save(JobTemplate template) {
        Objects.requireNonNull(template, "template");
        JobTemplate earlier = byName.get(template.name().value());
        JobTemplate stored = earlier == null ? template
                : new JobTemplate(template.name(), template.description(), template.queue(), template.type(),
                        template.payload(), template.priority(), template.maxAttempts(), template.estimatedDuration(),
                        template.createdBy(), earlier.createdAt(), template.updatedAt());
        byName.put(template.name().value(), stored);
        return earlier == null;
    }

    @Override
    public synchronized Optional<JobTemplate> find(TemplateName name) {
        return Optional.ofNullable(byName.get(name.value()));
    }

    @Override
    public synchronized List<JobTemplate> list() {
        return List.copyOf(byName.values());
    }

    @Override
    public synchronized boolean delete(TemplateName name) {
        return byName.remove(name.value()) != null;
    }
}
