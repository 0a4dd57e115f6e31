package dev.stowage.adapter.out.sqlite;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.testing.contract.UploadSessionsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteUploadSessionsTest extends UploadSessionsContract {
    @TempDir
    Path dir;
    TestEngine test;

    @Override
    protected UploadSessions newSessions() {
        test = TestEngine.started(dir);
        return new SqliteUploadSessions(test.db);
    }

    @AfterEach
    void stop() {
        test.close();
    }
}
