package dev.stowage.application.service.queue;

import dev.stowage.application.port.in.queue.ManageTemplatesUseCase;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.domain.common.MicrosClock;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.TemplateName;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Keeps named job templates. The service stamps their times; a replaced template keeps its created-at. */
public final class ManageTemplatesService implements ManageTemplatesUseCase {
    private final JobTemplates templates;
    private final Clock clock;

    public ManageTemplatesService(JobTemplates templates, Clock clock) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.clock = MicrosClock.of(clock); // the queue's tables keep microseconds
    }

    /** Stores the template with updated-at now (created-at too when new); the caller's times are ignored. */
    @Override
    public JobTemplate save(JobTemplate template) {
        Objects.requireNonNull(template, "template");
        Instant now = clock.instant();
        templates.save(new JobTemplate(template.name(), template.description(), template.queue(), template.type(),
                template.payload(), template.priority(), template.maxAttempts(), template.estimatedDuration(),
                template.createdBy(), now, now));
        return get(template.name());
    }

    @Override
    public JobTemplate get(TemplateName name) {
        Objects.requireNonNull(name, "name");
        return templates.find(name).orElseThrow(() -> NotFoundException.of("job template", name));
    }

    @Override
    public List<JobTemplate> list() {
        return templates.list();
    }

    @Override
    public void delete(TemplateName name) {
        Objects.requireNonNull(name, "name");
        if (!templates.delete(name)) {
            throw NotFoundException.of("job template", name);
        }
    }
}
