package dev.stowage.application.port.out;

import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.TemplateName;
import java.util.List;
import java.util.Optional;

/** Saved job templates, by name. */
public interface JobTemplates {

    /**
     * Saves a template under its name, replacing any template of that name (its created-at is kept).
     *
     * @return true if created, false if it replaced an existing one
     */
    boolean save(JobTemplate template);

    /** The template, or empty. */
    Optional<JobTemplate> find(TemplateName name);

    /** Every template, by name. */
    List<JobTemplate> list();

    /** @return true if deleted, false if there was none */
    boolean delete(TemplateName name);
}
