package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.DatabaseSnapshots.ChangedPages;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * Random writes that change, grow and shrink a database's pages (inserts of rows of every size,
 * updates, deletes of ranges, now and then a VACUUM, which rewrites and shrinks the file), and the
 * page-by-page comparison of two snapshots, for the change tracking tests.
 */
final class PageWorkload {
    private PageWorkload() {
    }

    /** Settings that checkpoint every 10 ms, so that many tracked checkpoints fall between two freezes. */
    static SqliteSettings settings(Path dir) {
        return new SqliteSettings(dir.resolve("data").resolve("stowage.db"), SqliteSettings.Synchronous.NORMAL, 2,
                Duration.ofMillis(100), 3, Duration.ofMillis(10), true);
    }

    static void createTable(TestEngine test) {
        test.db.writeSession(s -> {
            s.execute("CREATE TABLE IF NOT EXISTS pages_test (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS pages_test_len ON pages_test (length(v))");
            return null;
        });
    }

    /** One random write transaction (or, rarely, a VACUUM). */
    static void step(TestEngine test, Random random) {
        int kind = random.nextInt(100);
        if (kind == 0) {
            test.engine.onWriter(s -> {
                s.execute("VACUUM");
                return null;
            });
            return;
        }
        test.db.writeSession(s -> {
            if (kind < 50) {
                PreparedStatement insert = s.prepared("INSERT INTO pages_test (v) VALUES (?)");
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    insert.setBytes(1, blob(random, random.nextInt(10) == 0 ? 20_000 : 600));
                    insert.executeUpdate();
                }
            } else if (kind < 80) {
                PreparedStatement update = s.prepared(
                        "UPDATE pages_test SET v = ? WHERE id = (SELECT id FROM pages_test ORDER BY id LIMIT 1 OFFSET ?)");
                update.setBytes(1, blob(random, random.nextInt(3000)));
                update.setLong(2, random.nextInt(Math.max(1, (int) count(s))));
                update.executeUpdate();
            } else {
                PreparedStatement delete = s.prepared("DELETE FROM pages_test WHERE id IN "
                        + "(SELECT id FROM pages_test ORDER BY id LIMIT ? OFFSET ?)");
                delete.setInt(1, 1 + random.nextInt(kind > 95 ? 60 : 6));
                delete.setLong(2, random.nextInt(Math.max(1, (int) count(s))));
                delete.executeUpdate();
            }
            return null;
        });
    }

    private static long count(Session s) throws SQLException {
        return s.queryLong("SELECT count(*) FROM pages_test");
    }

    private static byte[] blob(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] readAll(DatabaseSnapshots.Frozen frozen) throws Exception {
        byte[] bytes = new byte[Math.toIntExact(frozen.size())];
        frozen.read(0, bytes);
        return bytes;
    }

    /** SHA-256 of each page of {@code bytes}. */
    static byte[][] pageHashes(byte[] bytes, int pageSize) {
        byte[][] hashes = new byte[bytes.length / pageSize][];
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int p = 0; p < hashes.length; p++) {
                sha.update(bytes, p * pageSize, pageSize);
                hashes[p] = sha.digest();
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return hashes;
    }

    /** The pages, within both, whose hashes differ. */
    static BitSet differing(byte[][] earlier, byte[][] later) {
        var differ = new BitSet();
        for (int p = 0; p < Math.min(earlier.length, later.length); p++) {
            if (!Arrays.equals(earlier[p], later[p])) {
                differ.set(p);
            }
        }
        return differ;
    }

    /** The truly differing pages that {@code reported} leaves out: must be none. */
    static BitSet missed(BitSet differing, ChangedPages reported) {
        BitSet missed = (BitSet) differing.clone();
        missed.andNot(reported.pages());
        return missed;
    }
}
