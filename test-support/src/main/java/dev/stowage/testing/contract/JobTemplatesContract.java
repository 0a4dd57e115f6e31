package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.TemplateName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobTemplates} promises. An adapter's test extends it and builds a fresh, empty store. */
public abstract class JobTemplatesContract {
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    protected JobTemplates templates;

    /** A new, empty store. Called before every test. */
    protected abstract JobTemplates newTemplates();

    /** Releases what {@link #newTemplates} opened. Called after every test. */
    protected void closeTemplates(JobTemplates templates) {
    }

    @BeforeEach
    void createTemplates() {
        templates = newTemplates();
    }

    @AfterEach
    void dropTemplates() {
        closeTemplates(templates);
    }

    @Test
    void saveCreatesThenFindReturnsIt() {
        JobTemplate quick = template("Quick Preview", "{\"size\":256}", T0);

        assertThat(templates.save(quick)).isTrue();

        assertThat(templates.find(quick.name())).contains(quick);
    }

    @Test
    void saveReplacesButKeepsTheCreationTime() {
        templates.save(template("Quick Preview", "{\"size\":256}", T0));
        Instant later = T0.plus(Duration.ofDays(1));
        JobTemplate changed = template("Quick Preview", "{\"size\":512}", later);

        assertThat(templates.save(changed)).isFalse();

        JobTemplate stored = templates.find(changed.name()).orElseThrow();
        assertThat(stored.payload()).isEqualTo(JsonText.of("{\"size\":512}"));
        assertThat(stored.updatedAt()).isEqualTo(later);
        assertThat(stored.createdAt()).isEqualTo(T0);
    }

    @Test
    void findOfAnUnknownNameIsEmpty() {
        assertThat(templates.find(new TemplateName("Nothing"))).isEmpty();
    }

    @Test
    void listIsByName() {
        templates.save(template("Quick Preview", "{}", T0));
        templates.save(template("Complete Processing", "{}", T0));
        templates.save(template("Archive", "{}", T0));

        assertThat(templates.list()).extracting(t -> t.name().value())
                .containsExactly("Archive", "Complete Processing", "Quick Preview");
    }

    @Test
    void deleteSaysWhetherThereWasOne() {
        templates.save(template("Quick Preview", "{}", T0));

        assertThat(templates.delete(new TemplateName("Quick Preview"))).isTrue();
        assertThat(templates.delete(new TemplateName("Quick Preview"))).isFalse();
        assertThat(templates.find(new TemplateName("Quick Preview"))).isEmpty();
        assertThat(templates.list()).isEmpty();
    }

    /** A template with the given name, payload and time (as both created-at and updated-at). */
    protected static JobTemplate template(String name, String payload, Instant at) {
        return new JobTemplate(new TemplateName(name), "settings for " + name, new QueueName("media"),
                new JobType("render"), JsonText.of(payload), 5, Optional.of(4), Optional.of(Duration.ofSeconds(20)),
                Optional.of("ana"), at, at);
    }
}
