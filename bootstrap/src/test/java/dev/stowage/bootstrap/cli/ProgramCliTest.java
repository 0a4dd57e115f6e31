package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.testing.program.ProgramServiceSuite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code stowage program ...} end to end on a real data folder: SQLite and blob files. */
class ProgramCliTest extends CliDataTest {

    @Test
    void aProgramLivesThroughEveryCommand() throws Exception {
        Map<String, Object> created = jsonObject(ok("program", "create", "scan", "--description", "<b>first</b>",
                "--config-json", "{\"passes\":1,\"roi\":[0,0,10]}", "--actor", "ana", "--json").out());
        String id = (String) created.get("id");
        assertThat(created).containsEntry("version", BigDecimal.ONE).containsEntry("updatedBy", "ana")
                .containsEntry("description", "<b>first</b>");

        byte[] png = ProgramServiceSuite.png(800, 400);
        Path image = Files.write(dir.resolve("master.png"), png);
        CliRun put = ok("program", "image", "put", "scan", image.toString(), "--actor", "ana");
        assertThat(put.out()).contains("now at version 2", "image/png, 800x400");
        assertThat(put.err()).contains("uploading: 100%");

        Path back = dir.resolve("back.png");
        assertThat(ok("program", "image", "get", id, "-o", back.toString()).out()).contains("Saved the image of program " + id);
        assertThat(Files.readAllBytes(back)).isEqualTo(png);
        Path thumb = dir.resolve("thumb.png");
        ok("program", "image", "thumbnail", "scan", "-o", thumb.toString(), "--quiet");
        BufferedImage preview = ImageIO.read(thumb.toFile());
        assertThat(preview.getWidth()).isEqualTo(256);
        assertThat(preview.getHeight()).isEqualTo(128);
        var captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true));
        try {
            ok("program", "image", "get", "scan", "-o", "-", "--quiet");
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toByteArray()).isEqualTo(png);

        ok("program", "update", "scan", "--config-json", "{\"passes\":2,\"roi\":[0,0]}", "--name", "scan HD",
                "--expect-version", "2", "--actor", "bo");
        assertThat(fails("program", "update", "scan HD", "--description", "lost", "--expect-version", "2").err())
                .contains("version");

        Map<String, Object> revisions = jsonObject(ok("program", "revisions", "scan HD", "--json").out());
        List<Object> versions = ((List<?>) revisions.get("items")).stream().map(r -> ((Map<?, ?>) r).get("version"))
                .map(Object.class::cast).toList();
        assertThat(versions).containsExactly(new BigDecimal(2), BigDecimal.ONE);
        assertThat(ok("program", "revisions", "scan HD").out()).contains("Current version 3 by bo");

        Map<String, Object> diff = jsonObject(ok("program", "diff", id, "1", "3", "--json").out());
        assertThat(diff.get("configPatch").toString()).contains("replace", "/passes", "remove", "/roi/2");
        String diffText = ok("program", "diff", id, "1", "3").out();
        assertThat(diffText).contains("config:", "{\"op\":\"replace\",\"path\":\"/passes\",\"value\":2}",
                "name:", "\"scan\" -> \"scan HD\"", "image:");
        assertThat(ok("program", "diff", id, "3", "3").out()).contains("are the same");

        Map<String, Object> v1 = jsonObject(ok("program", "show", id, "--at-version", "1", "--json").out());
        assertThat(v1).containsEntry("name", "scan").containsEntry("updatedBy", "ana");
        assertThat(ok("program", "show", "scan HD").out()).contains("scan HD", "\"passes\":2");

        assertThat(ok("program", "restore", "scan HD", "1", "--actor", "cy").out()).contains("now at version 4");
        assertThat(jsonObject(ok("program", "show", "scan", "--json").out())).containsEntry("version", new BigDecimal(4))
                .containsEntry("updatedBy", "cy");

        ok("program", "deactivate", "scan");
        assertThat(ok("program", "ls", "--active").out()).contains("No programs.");
        assertThat(ok("program", "ls").out()).contains(id, "scan", "no");

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a picture", StandardCharsets.UTF_8);
        assertThat(fails("program", "image", "put", "scan", text.toString(), "--quiet").err()).contains("not an image");
        assertThat(jsonObject(ok("program", "show", "scan", "--json").out())).containsEntry("version", new BigDecimal(5));

        ok("fsck");
        assertThat(ok("program", "rm", "scan").out()).contains("Deleted program " + id);
        assertThat(fails("program", "show", "scan").err()).contains("'scan' not found");
        ok("fsck");
    }

    @Test
    void aNameClashOrAnOversizedConfigStoresNothing() throws Exception {
        ok("program", "create", "one");
        assertThat(fails("program", "create", "one").err()).contains("already exists");
        Path big = Files.writeString(dir.resolve("big.json"), "\"" + "x".repeat(300 * 1024) + "\"");
        assertThat(fails("program", "create", "two", "--config-file", big.toString()).err()).contains("program config");
        assertThat(jsonObject(ok("program", "ls", "--json").out()).get("items")).asList().hasSize(1);
    }
}
