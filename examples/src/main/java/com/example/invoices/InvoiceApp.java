package com.example.invoices;

import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.queue.Job;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An application that embeds Stowage: a worker in the process renders invoices as jobs, the run's
 * summary is filed as a document, and a backup of it all goes to the folder {@code <data>/backups}.
 * Usage: {@code java -jar examples/target/stowage-example.jar [DATA_DIR]} (default: a new temporary folder).
 */
public final class InvoiceApp {
    public static void main(String[] args) throws Exception {
        Path data = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("stowage-example");
        try (Stowage stowage = Stowage.builder().dataDir(data).build()) {
            stowage.start();

            // A handler runs each "render" job of the queue "invoices"; what it returns completes the job.
            var workers = stowage.workers("invoice-worker");
            workers.register("invoices", "render", job -> {
                job.progress(50, "laying out");
                System.out.println("rendering " + job.payload() + " (job " + job.job().id() + ")");
                return Optional.of(JsonText.of("{\"pages\":1}"));
            });
            workers.start();

            // Each enqueue is durable when it returns; awaitFinished waits for the worker to finish it.
            var queue = stowage.queue();
            List<Job> jobs = new ArrayList<>();
            for (int invoice = 1; invoice <= 3; invoice++) {
                jobs.add(queue.enqueue("invoices", "render", "{\"invoice\":" + invoice + "}"));
            }
            var summary = new StringBuilder();
            for (Job job : jobs) {
                Job done = queue.awaitFinished(job.id(), Duration.ofMinutes(1));
                summary.append("job ").append(done.id()).append(' ').append(done.state())
                        .append(' ').append(done.result().map(JsonText::json).orElse("-")).append('\n');
            }
            System.out.print(summary);

            // The summary becomes a document of the user "accounting": its bytes, then its record.
            Document report = stowage.documents().upload("accounting", "invoices-" + jobs.get(0).id() + ".txt",
                    "text/plain", new ByteArrayInputStream(summary.toString().getBytes(StandardCharsets.UTF_8)));
            System.out.println("document " + report.id() + " '" + report.name() + "' " + report.size()
                    + " bytes, sha256 " + report.sha256().hex());

            // A backup of the database and every blob, taken while the app runs, then read back and checked.
            var backups = stowage.backups();
            Backup backup = backups.create("example");
            System.out.println("backup " + backup.id() + " " + backup.status() + " " + backup.totalBytes()
                    + " bytes at " + backup.location() + ", verify: " + backups.verify(backup.id()).detail());
        }
    }
}
