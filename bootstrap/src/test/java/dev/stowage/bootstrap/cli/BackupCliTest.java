package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code stowage backup ...} on a real data folder and the folder target. */
class BackupCliTest extends CliDataTest {

    @Test
    void createListShowVerifyExportImportRotateAndRestoreIntoANewFolder() throws Exception {
        Path source = dir.resolve("plan.bin");
        byte[] bytes = new byte[200_000];
        new SplittableRandom(2).nextBytes(bytes);
        Files.write(source, bytes);
        Map<String, Object> doc = jsonObject(ok("doc", "put", source.toString(), "--owner", "ana", "--quiet", "--json").out());
        assertThat(doc.get("id")).isNotNull();

        Map<String, Object> created = jsonObject(ok("backup", "create", "--label", "nightly", "--verify", "--json").out());
        String id = (String) created.get("id");
        assertThat(created).containsEntry("status", "COMPLETE").containsEntry("label", "nightly");
        assertThat(((Map<?, ?>) created.get("lastVerification")).get("ok")).isEqualTo(true);
        String second = ok("backup", "create").out().strip();

        CliRun list = ok("backup", "ls");
        assertThat(list.out().lines().findFirst().orElseThrow()).matches("ID +CREATED +LABEL +STATUS +SIZE +WRITTEN +VERIFIED");
        assertThat(list.out()).contains(id, second, "nightly", "manual");
        @SuppressWarnings("unchecked")
        var all = (List<Map<String, Object>>) Json.parse(ok("backup", "ls", "--json").out().strip());
        assertThat(all).extracting(b -> b.get("id")).containsExactly(second, id);
        assertThat(ok("backup", "show", id).out()).contains("nightly", "rows documents", "last verify");

        assertThat(ok("backup", "verify", second, "--sample", "50").out()).contains("passed verify (50% sample)");
        assertThat(run("backup", "verify", second, "--sample", "0").exitCode()).isEqualTo(2);

        Path archive = dir.resolve("nightly.tar.gz");
        CliRun exported = ok("backup", "export", id, "-o", archive.toString(), "--gzip");
        assertThat(exported.err()).contains("exporting: 100%");
        assertThat(archive).isRegularFile();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }

        assertThat(ok("backup", "rm", id).out()).contains("Deleted backup " + id);
        assertThat(fails("backup", "rm", id).err()).contains("no backup " + id);
        assertThat(ok("backup", "import", archive.toString(), "--quiet").out().strip()).isEqualTo(id);
        assertThat(fails("backup", "import", archive.toString(), "--quiet").err()).contains("stowage: ");

        Map<String, Object> dry = jsonObject(ok("backup", "rotate", "--keep-last", "1", "--dry-run", "--json").out());
        assertThat(dry).containsEntry("dryRun", true);
        assertThat((List<?>) dry.get("deleted")).hasSize(1);
        assertThat(Json.parse(ok("backup", "ls", "--json").out().strip())).asList().hasSize(2);
    }

    @Test
    void restoreIntoANewFolderGivesAFolderThatServesTheData() throws Exception {
        Path source = dir.resolve("a.txt");
        Files.writeString(source, "kept in the backup");
        String docId = (String) jsonObject(ok("doc", "put", source.toString(), "--owner", "ana", "--quiet", "--json").out()).get("id");
        String id = ok("backup", "create").out().strip();

        Path restored = dir.resolve("restored");
        CliRun r = ok("backup", "restore", id, "--into", restored.toString());
        assertThat(r.out()).contains("Restored backup " + id + " into " + restored.toAbsolutePath().normalize());

        Path copy = dir.resolve("copy.txt");
        CliRun got = CliRun.of("doc", "get", docId, "--owner", "ana", "-o", copy.toString(), "--quiet",
                "--data-dir", restored.toString());
        assertThat(got.exitCode()).as(got.transcript()).isZero();
        assertThat(copy).hasContent("kept in the backup");
    }

    @Test
    void restoreInPlaceIsRefusedWhileAServiceHoldsTheDataFolder() throws Exception {
        String id = ok("backup", "create").out().strip();
        try (Stowage running = Stowage.builder().dataDir(dataDir()).build()) {
            running.start();
            CliRun refused = fails("backup", "restore", id);
            assertThat(refused.err()).contains("running Stowage service");
        }
        assertThat(ok("backup", "restore", id).out()).contains("Restored backup " + id);
    }

    @Test
    void rotateNeedsARuleAndAnUnknownBackupIsNotFound() {
        assertThat(run("backup", "rotate").exitCode()).isEqualTo(2);
        assertThat(fails("backup", "show", "01ARZ3NDEKTSV4RRFFQ69G5FAV").err()).contains("not found");
        assertThat(run("backup", "show", "../../etc").exitCode()).isEqualTo(2);
    }
}
