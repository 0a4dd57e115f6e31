package dev.stowage.adapter.out.sqlite;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.testing.contract.JobTemplatesContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The job templates contract on a real database file. */
class SqliteJobTemplatesTest extends JobTemplatesContract {
    @TempDir
    Path dir;
    private TestEngine test;

    @Override
    protected JobTemplates newTemplates() {
        test = TestEngine.started(dir);
        return new SqliteJobTemplates(test.db);
    }

    @Override
    protected void closeTemplates(JobTemplates templates) {
        test.close();
    }
}
