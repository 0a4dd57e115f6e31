package dev.stowage.application.service.document;

import dev.stowage.application.port.in.document.CheckConsistencyUseCase.Finding;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.application.service.Periodic;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs {@link ConsistencyService#sweep()} periodically: what a crash or an abandoned upload leaves
 * behind (unreferenced blobs, temporary files, expired uploads) does not pile up. Only on the
 * {@link MaintenanceLeader} where several instances share the database.
 */
public final class DocumentSweeper implements Managed {
    private static final System.Logger LOG = System.getLogger(DocumentSweeper.class.getName());

    private final Periodic periodic;

    public DocumentSweeper(ConsistencyService consistency, Duration every, MaintenanceLeader leader) {
        Objects.requireNonNull(consistency, "consistency");
        Objects.requireNonNull(leader, "leader");
        this.periodic = new Periodic("document-sweeper", every, every, () -> leader.runIfLeader(() -> {
            for (Finding f : consistency.sweep()) {
                LOG.log(System.Logger.Level.INFO, "sweeper: " + f.kind() + " " + f.subject() + ": " + f.detail());
            }
        }));
    }

    @Override
    public int phase() {
        return 20;
    }

    @Override
    public String name() {
        return "document-sweeper";
    }

    @Override
    public void start() {
        periodic.start();
    }

    @Override
    public void stop() {
        periodic.stop();
    }
}
