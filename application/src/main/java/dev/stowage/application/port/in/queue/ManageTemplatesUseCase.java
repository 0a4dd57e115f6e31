package dev.stowage.application.port.in.queue;

import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.TemplateName;
import java.util.List;

/** Use case: keep named job templates. */
public interface ManageTemplatesUseCase {

    /** Creates or replaces. @return the stored template */
    JobTemplate save(JobTemplate template);

    /** @throws dev.stowage.domain.error.NotFoundException when there is none of that name */
    JobTemplate get(TemplateName name);

    List<JobTemplate> list();

    /** @throws dev.stowage.domain.error.NotFoundException when there is none of that name */
    void delete(TemplateName name);
}
