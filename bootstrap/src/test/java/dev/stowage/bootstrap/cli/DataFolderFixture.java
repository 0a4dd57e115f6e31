package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.TemplateName;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.testing.contract.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills a data folder with every kind of data a database copy must carry: jobs in every state, a
 * paused queue, a template, documents of two owners with their bytes, programs with a revision
 * that keeps an older image, tokens (one revoked), an upload session and a backup record.
 */
final class DataFolderFixture {
    static final QueueName MEDIA = new QueueName("media");

    private DataFolderFixture() {
    }

    /** Fills the folder of {@code tools} (started), making ids and times with {@code fx}. */
    static void fill(Stowage tools, Fixtures fx) {
        // jobs in every state
        List<Job> enqueued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            enqueued.add(tools.queue().enqueue("media", "render", "{\"n\":" + i + "}"));
        }
        JobWorkStore work = tools.instance(JobWorkStore.class);
        // an hour-long lease: no lease recovery changes the running job while a test still compares
        // the folder's answers before and after a copy
        List<Job> running = work.claim(MEDIA, new WorkerId("worker-1"), 3, Instant.now(),
                Optional.of(Duration.ofHours(1)));
        assertThat(running).hasSize(3);
        work.complete(running.get(0).id(), running.get(0).lease().orElseThrow().id(),
                Optional.of(JsonText.of("{\"ok\":true}")), Instant.now());
        Job failing = running.get(1);
        for (Job j = work.fail(failing.id(), failing.lease().orElseThrow().id(), "boom \u00e9", Instant.now(), 0.5);
             j.state() != JobState.FAILED; ) {
            List<Job> again = work.claim(MEDIA, new WorkerId("worker-2"), 1, Instant.now().plusSeconds(86_400),
                    Optional.empty());
            Job retried = again.stream().filter(x -> x.id().equals(failing.id())).findFirst().orElse(again.get(0));
            j = work.fail(retried.id(), retried.lease().orElseThrow().id(), "boom again", Instant.now(), 0.5);
        }
        tools.queue().cancel(enqueued.get(5).id());
        tools.queue().pause("media");
        tools.instance(JobTemplates.class).save(new JobTemplate(new TemplateName("thumbs"), "make thumbnails",
                MEDIA, new JobType("thumb"), JsonText.of("{\"size\":128}"), 5, Optional.of(3),
                Optional.of(Duration.ofSeconds(20)), Optional.of("ana"), fx.at(0), fx.at(1)));

        // documents with their bytes
        for (String owner : List.of("ana", "bob")) {
            for (int i = 0; i < 3; i++) {
                tools.documents().upload(owner, owner + "-file-" + i + ".txt", "text/plain",
                        new ByteArrayInputStream(("bytes of " + owner + " " + i).getBytes(StandardCharsets.UTF_8)));
            }
        }

        // programs: one with an image replaced by an update, so a revision keeps the first image
        BlobStore blobs = tools.instance(BlobStore.class);
        ProgramStore programs = tools.instance(ProgramStore.class);
        Program v1 = fx.program("Quick Preview").image(image(blobs, fx, "first")).build();
        programs.insert(v1);
        programs.update(fx.edit(v1).image(image(blobs, fx, "second")).description("now sharper").build(), 1);
        programs.insert(fx.program("Archive \u00c9t\u00e9").active(false).build());

        // tokens, one revoked; an upload session; a backup record
        TokenStore tokens = tools.instance(TokenStore.class);
        ApiToken kept = fx.token(fx.user("ana")).label("ci").build();
        ApiToken revoked = fx.token(fx.user("bob")).label("old laptop").build();
        tokens.insert(kept);
        tokens.insert(revoked);
        tokens.revoke(revoked.id(), fx.at(100));
        ResumableUpload upload = fx.upload(fx.user("ana")).build();
        tools.instance(UploadSessions.class).create(upload);
        tools.instance(BackupCatalog.class).save(fx.backup(fx.at(50)).label("nightly").build());
    }

    private static ProgramImage image(BlobStore blobs, Fixtures fx, String text) {
        byte[] bytes = ("image " + text).getBytes(StandardCharsets.UTF_8);
        BlobKey key = new BlobKey("programs/images/" + fx.nextId().toLowerCase(java.util.Locale.ROOT));
        var info = blobs.put(key, new ByteArrayInputStream(bytes), BlobStore.PutOptions.unlimited());
        return new ProgramImage(key, new MimeType("image/png"), info.size(), info.sha256(), 4, 3, Optional.empty());
    }
}
