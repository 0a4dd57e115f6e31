package dev.stowage.testing.contract;

import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobWorkStore;
import java.util.Objects;

/**
 * The job queue's five ports over the same jobs, as one adapter's test hands them to a contract
 * ({@link JobStoreFixture#newStores}), with what closes them after the test.
 */
public record JobStores(JobEnqueueStore enqueue, JobWorkStore work, JobManageStore manage, JobAdminStore admin,
                        JobImportStore imports, AutoCloseable closer) implements AutoCloseable {
    public JobStores {
        Objects.requireNonNull(enqueue, "enqueue");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(manage, "manage");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(imports, "imports");
        Objects.requireNonNull(closer, "closer");
    }

    /** Every port from one store that plays all five roles; {@code closer} runs after the test. */
    public static <S extends JobEnqueueStore & JobWorkStore & JobManageStore & JobAdminStore & JobImportStore>
            JobStores of(S store, AutoCloseable closer) {
        return new JobStores(store, store, store, store, store, closer);
    }

    /** Every port from one store that plays all five roles and holds nothing to close. */
    public static <S extends JobEnqueueStore & JobWorkStore & JobManageStore & JobAdminStore & JobImportStore>
            JobStores of(S store) {
        return of(store, () -> { });
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
