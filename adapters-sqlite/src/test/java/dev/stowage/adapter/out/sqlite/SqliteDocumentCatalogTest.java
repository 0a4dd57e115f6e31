package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.testing.contract.DocumentCatalogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteDocumentCatalogTest extends DocumentCatalogContract {
    @TempDir
    Path dir;
    TestEngine test;

    @Override
    protected DocumentCatalog newCatalog() {
        test = TestEngine.started(dir);
        return new SqliteDocumentCatalog(test.db);
    }

    @AfterEach
    void stop() {
        test.close();
    }
}
