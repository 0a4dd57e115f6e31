package dev.stowage.bootstrap.backup;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** A real data folder (SQLite file, blob folder, backup folder) and helpers to fill and compare it. */
final class BackupFixture implements AutoCloseable {
    static final Actor ANA = Actor.user(new UserId("ana"));
    static final QueueName QUEUE = new QueueName("renders");
    static final JobType TYPE = new JobType("render");

    final Path dataDir;
    final Stowage stowage;
    private final SplittableRandom random = new SplittableRandom(7);
    private int documents;

    private BackupFixture(Path dataDir, Path backupsDir, boolean http) {
        this.dataDir = dataDir;
        var builder = Stowage.builder().dataDir(dataDir).set("stowage.backups.dir", backupsDir.toString());
        this.stowage = http ? builder.set("stowage.http.port", "0").withHttp().build() : builder.build();
        stowage.start();
    }

    /** A started instance on {@code dataDir} whose backups go to {@code backupsDir}. */
    static BackupFixture open(Path dataDir, Path backupsDir) {
        return new BackupFixture(dataDir, backupsDir, false);
    }

    /** The same, serving HTTP on a loopback port of its own ({@code stowage.httpPort()}). */
    static BackupFixture serving(Path dataDir, Path backupsDir) {
        return new BackupFixture(dataDir, backupsDir, true);
    }

    ManageBackupsUseCase backups() {
        return stowage.instance(ManageBackupsUseCase.class);
    }

    BackupTarget target() {
        return stowage.instance(BackupTarget.class);
    }

    Document upload(int bytes) {
        byte[] content = new byte[bytes];
        random.nextBytes(content);
        return upload("doc-" + (documents++), content);
    }

    Document upload(String name, byte[] content) {
        return stowage.instance(StoreDocumentsUseCase.class).upload(ANA,
                UploadCommand.of(new DocumentName(name), new FileName(name + ".bin"), MimeType.OCTET_STREAM),
                new ByteArrayInputStream(content));
    }

    void enqueue(String payload) {
        stowage.instance(EnqueueJobsUseCase.class).enqueue(EnqueueCommand.of(QUEUE, TYPE, JsonText.of(payload)));
    }

    @Override
    public void close() {
        stowage.close();
    }

    /** Every row of every Stowage table in {@code db} except {@code skip}, by table, in rowid-free primary order. */
    static Map<String, List<List<Object>>> rows(Path db, String... skip) throws SQLException {
        var tables = new TreeMap<String, List<List<Object>>>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            var names = new ArrayList<String>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            names.removeAll(Arrays.asList(skip));
            for (String table : names) {
                var rows = new ArrayList<List<Object>>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        var row = new ArrayList<Object>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.add(v instanceof byte[] b ? Arrays.toString(b) : v);
                        }
                        rows.add(row);
                    }
                }
                tables.put(table, rows);
            }
        }
        return tables;
    }
}
