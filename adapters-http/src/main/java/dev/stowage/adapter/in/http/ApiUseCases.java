package dev.stowage.adapter.in.http;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.ResumableUploadsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.legacy.ImportProgramsUseCase;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.BulkJobsUseCase;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.in.queue.ManageTemplatesUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.Optional;

/** The use cases the JSON API calls, gathered so that the server takes one argument for them. */
final class ApiUseCases {
    final ManageTokensUseCase tokens;
    final EnqueueJobsUseCase enqueue;
    final WorkJobsUseCase work;
    final ManageJobsUseCase jobs;
    final AdministerQueuesUseCase queues;
    final ManageTemplatesUseCase templates;
    final BulkJobsUseCase bulk;
    final StoreDocumentsUseCase store;
    final ManageDocumentsUseCase documents;
    final ResumableUploadsUseCase uploads;
    /** Empty when the assembly has no program store: the program routes are then not served. */
    final Optional<ManageProgramsUseCase> programs;
    /** Empty when the assembly has no program store: the import route is then not served either. */
    final Optional<ImportProgramsUseCase> programImports;
    /** Empty when the assembly has no backup service: the backup routes are then not served. */
    final Optional<ManageBackupsUseCase> backups;

    @Inject
    ApiUseCases(ManageTokensUseCase tokens, EnqueueJobsUseCase enqueue, WorkJobsUseCase work, ManageJobsUseCase jobs,
                AdministerQueuesUseCase queues, ManageTemplatesUseCase templates, BulkJobsUseCase bulk,
                StoreDocumentsUseCase store,
                ManageDocumentsUseCase documents, ResumableUploadsUseCase uploads,
                Optional<ManageProgramsUseCase> programs, Optional<ImportProgramsUseCase> programImports,
                Optional<ManageBackupsUseCase> backups) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.enqueue = Objects.requireNonNull(enqueue, "enqueue");
        this.work = Objects.requireNonNull(work, "work");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.bulk = Objects.requireNonNull(bulk, "bulk");
        this.store = Objects.requireNonNull(store, "store");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.programs = Objects.requireNonNull(programs, "programs");
        this.programImports = Objects.requireNonNull(programImports, "programImports");
        this.backups = Objects.requireNonNull(backups, "backups");
    }
}
