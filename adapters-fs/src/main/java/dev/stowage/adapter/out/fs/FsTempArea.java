package dev.stowage.adapter.out.fs;

import dev.stowage.application.port.out.Managed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The blob store's temporary area over a process's life: at start, what processes that are gone
 * left in it is removed at once (a restart after a crash reclaims the space before it serves); at
 * stop, this process's own folder goes, as nothing writes into it any more.
 */
final class FsTempArea implements Managed {
    private static final System.Logger LOG = System.getLogger(FsTempArea.class.getName());

    private final InstanceFolders folders;
    private final boolean reclaimAtStart;

    FsTempArea(InstanceFolders folders, boolean reclaimAtStart) {
        this.folders = Objects.requireNonNull(folders, "folders");
        this.reclaimAtStart = reclaimAtStart;
    }

    @Override
    public int phase() {
        return 0;
    }

    @Override
    public String name() {
        return "blob temporary area";
    }

    @Override
    public void start() {
        if (!reclaimAtStart) {
            return;
        }
        try {
            int removed = folders.removeDead();
            if (removed > 0) {
                LOG.log(System.Logger.Level.INFO, "removed " + removed
                        + " temporary files that stopped processes left in " + folders.parent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sweep the temporary area " + folders.parent(), e);
        }
    }

    @Override
    public void stop() {
        try {
            folders.release();
        } catch (IOException e) {
            // the next start sweeps the folder as dead; a stop never fails for it
            LOG.log(System.Logger.Level.WARNING, "could not remove this process's temporary folder: " + e.getMessage());
        }
    }
}
