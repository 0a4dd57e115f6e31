package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.JOB_TEMPLATES;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.TemplateName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;

/** Job templates in SQLite, one row per name. Few and rarely written, so plain jOOQ per call. */
final class SqliteJobTemplates implements JobTemplates {
    // microseconds (see EpochTime)
    private static final Field<Long> ESTIMATED_DURATION = JOB_TEMPLATES.ESTIMATED_DURATION;
    private static final Field<Long> CREATED_AT = JOB_TEMPLATES.CREATED_AT;
    private static final Field<Long> UPDATED_AT = JOB_TEMPLATES.UPDATED_AT;

    private final Db db;

    SqliteJobTemplates(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean save(JobTemplate t) {
        Objects.requireNonNull(t, "template");
        Long estimated = t.estimatedDuration().map(EpochTime::micros).orElse(null);
        return db.write(ctx -> {
            int replaced = ctx.update(JOB_TEMPLATES)
                    .set(JOB_TEMPLATES.DESCRIPTION, t.description())
                    .set(JOB_TEMPLATES.QUEUE, t.queue().value())
                    .set(JOB_TEMPLATES.TYPE, t.type().value())
                    .set(JOB_TEMPLATES.PAYLOAD, t.payload().json())
                    .set(JOB_TEMPLATES.PRIORITY, (long) t.priority())
                    .set(JOB_TEMPLATES.MAX_ATTEMPTS, t.maxAttempts().map(Integer::longValue).orElse(null))
                    .set(ESTIMATED_DURATION, estimated)
                    .set(JOB_TEMPLATES.CREATED_BY, t.createdBy().orElse(null))
                    .set(UPDATED_AT, EpochTime.micros(t.updatedAt()))
                    .where(JOB_TEMPLATES.NAME.eq(t.name().value()))
                    .execute();
            if (replaced > 0) {
                return false;
            }
            ctx.insertInto(JOB_TEMPLATES)
                    .set(JOB_TEMPLATES.NAME, t.name().value())
                    .set(JOB_TEMPLATES.DESCRIPTION, t.description())
                    .set(JOB_TEMPLATES.QUEUE, t.queue().value())
                    .set(JOB_TEMPLATES.TYPE, t.type().value())
                    .set(JOB_TEMPLATES.PAYLOAD, t.payload().json())
                    .set(JOB_TEMPLATES.PRIORITY, (long) t.priority())
                    .set(JOB_TEMPLATES.MAX_ATTEMPTS, t.maxAttempts().map(Integer::longValue).orElse(null))
                    .set(ESTIMATED_DURATION, estimated)
                    .set(JOB_TEMPLATES.CREATED_BY, t.createdBy().orElse(null))
                    .set(CREATED_AT, EpochTime.micros(t.createdAt()))
                    .set(UPDATED_AT, EpochTime.micros(t.updatedAt()))
                    .execute();
            return true;
        });
    }

    @Override
    public Optional<JobTemplate> find(TemplateName name) {
        Objects.requireNonNull(name, "name");
        return db.read(ctx -> ctx.select(columns()).from(JOB_TEMPLATES).where(JOB_TEMPLATES.NAME.eq(name.value()))
                .fetchOptional(SqliteJobTemplates::template));
    }

    @Override
    public List<JobTemplate> list() {
        return db.read(ctx -> ctx.select(columns()).from(JOB_TEMPLATES).orderBy(JOB_TEMPLATES.NAME)
                .fetch(SqliteJobTemplates::template));
    }

    @Override
    public boolean delete(TemplateName name) {
        Objects.requireNonNull(name, "name");
        return db.write(ctx -> ctx.deleteFrom(JOB_TEMPLATES).where(JOB_TEMPLATES.NAME.eq(name.value())).execute()) > 0;
    }

    private static List<Field<?>> columns() {
        return List.of(JOB_TEMPLATES.NAME, JOB_TEMPLATES.DESCRIPTION, JOB_TEMPLATES.QUEUE, JOB_TEMPLATES.TYPE,
                JOB_TEMPLATES.PAYLOAD, JOB_TEMPLATES.PRIORITY, JOB_TEMPLATES.MAX_ATTEMPTS, ESTIMATED_DURATION,
                JOB_TEMPLATES.CREATED_BY, CREATED_AT, UPDATED_AT);
    }

    private static JobTemplate template(Record r) {
        return new JobTemplate(new TemplateName(r.get(JOB_TEMPLATES.NAME)), r.get(JOB_TEMPLATES.DESCRIPTION),
                new QueueName(r.get(JOB_TEMPLATES.QUEUE)), new JobType(r.get(JOB_TEMPLATES.TYPE)),
                new JsonText(r.get(JOB_TEMPLATES.PAYLOAD)), Math.toIntExact(r.get(JOB_TEMPLATES.PRIORITY)),
                Optional.ofNullable(r.get(JOB_TEMPLATES.MAX_ATTEMPTS)).map(Math::toIntExact),
                Optional.ofNullable(r.get(ESTIMATED_DURATION)).map(EpochTime::durationOfMicros),
                Optional.ofNullable(r.get(JOB_TEMPLATES.CREATED_BY)),
                EpochTime.instantOfMicros(r.get(CREATED_AT)), EpochTime.instantOfMicros(r.get(UPDATED_AT)));
    }
}
