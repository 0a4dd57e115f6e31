package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.Verification;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BackupCatalog} promises. An adapter's test extends this class and says only how
 * to make a fresh, empty catalog.
 *
 * <p>"Newest first" is by creation time; in these tests ids grow with creation time too, so a
 * catalog that orders by id also passes.
 */
public abstract class BackupCatalogContract {

    /** A new, empty catalog. Called once per test. */
    protected abstract BackupCatalog newCatalog();

    protected final Fixtures fx = new Fixtures();
    protected BackupCatalog catalog;

    @BeforeEach
    void makeCatalog() {
        catalog = newCatalog();
    }

    @Test
    void aSavedBackupIsFound() {
        Backup backup = fx.backup(fx.at(0)).label("before upgrade").build();
        catalog.save(backup);

        assertThat(catalog.find(backup.id())).contains(backup);
        assertThat(catalog.find(new BackupId(fx.nextId()))).isEmpty();
    }

    @Test
    void savingAgainReplacesTheRecord() {
        Backup started = fx.backup(fx.at(0)).status(BackupStatus.IN_PROGRESS).build();
        catalog.save(started);
        Backup done = started.withStatus(BackupStatus.COMPLETE).withVerification(new Verification(fx.at(90), true, 100, "ok"));

        catalog.save(done);
        catalog.save(done);

        assertThat(catalog.find(started.id())).contains(done);
        assertThat(catalog.list()).containsExactly(done);
    }

    @Test
    void listsEveryBackupNewestFirst() {
        Backup first = fx.backup(fx.at(0)).build();
        Backup second = fx.backup(fx.at(3600)).status(BackupStatus.FAILED).build();
        Backup third = fx.backup(fx.at(7200)).build();
        for (Backup b : List.of(second, third, first)) {
            catalog.save(b);
        }

        assertThat(catalog.list()).containsExactly(third, second, first);
    }

    @Test
    void anEmptyCatalogListsNothing() {
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void deleteSaysWhetherThereWasARecord() {
        Backup kept = fx.backup(fx.at(0)).build();
        Backup dropped = fx.backup(fx.at(1)).build();
        catalog.save(kept);
        catalog.save(dropped);

        assertThat(catalog.delete(dropped.id())).isTrue();
        assertThat(catalog.find(dropped.id())).isEmpty();
        assertThat(catalog.delete(dropped.id())).isFalse();
        assertThat(catalog.list()).containsExactly(kept);
    }
}
