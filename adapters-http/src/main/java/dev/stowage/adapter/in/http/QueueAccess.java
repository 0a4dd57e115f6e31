package dev.stowage.adapter.in.http;

import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.error.ForbiddenException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.token.QueueAction;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * Token scopes on the queue routes: what a token may do on which queue (see
 * {@link dev.stowage.domain.token.TokenScopes}). Administrators may do everything.
 *
 * <p>One rule decides between 403 and 404: a caller is never told that something exists which it
 * may not see. So a route that names a queue in its path (enqueue, claim) answers 403 when the
 * token lacks the action there: the caller named the queue itself and learns nothing. A route that
 * names a job by id answers 404, exactly as for a job that does not exist, when the token may not
 * read the job's queue; when it may read it but not do the action (a report from a token without
 * {@code work}), 403. Templates are seen by a token that may read or enqueue to their queue; the
 * others are 404.
 */
final class QueueAccess {
    private final Authenticator auth;
    private final ManageJobsUseCase jobs;

    QueueAccess(Authenticator auth, ManageJobsUseCase jobs) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    /**
     * The queue of the path ({@code {queue}}), when the caller may do {@code action} on it; 401,
     * 400 for a malformed name, or 403 otherwise, in that order.
     */
    QueueName pathQueue(Context ctx, QueueAction action) {
        Actor actor = auth.require(ctx);
        QueueName queue = new QueueName(ctx.pathParam("queue"));
        requireOnQueue(actor, action, queue);
        return queue;
    }

    /** The job of the path ({@code {id}}), when the caller may read its queue; 404 as for a missing job otherwise. */
    Job readableJob(Context ctx) {
        Actor actor = auth.require(ctx);
        JobId id = pathJob(ctx);
        Job job = jobs.get(id);
        if (!actor.may(QueueAction.READ, job.queue())) {
            throw hidden(id);
        }
        return job;
    }

    /**
     * The job of the path ({@code {id}}), when the caller may work on its queue. A token that may
     * work on every queue passes without the job being read; otherwise a missing or unreadable job
     * is 404 and a readable one on a queue the token may not work on is 403.
     */
    JobId workableJob(Context ctx) {
        Actor actor = auth.require(ctx);
        JobId id = pathJob(ctx);
        if (actor.mayEverywhere(QueueAction.WORK)) {
            return id;
        }
        Job job = jobs.get(id);
        if (actor.may(QueueAction.WORK, job.queue())) {
            return id;
        }
        if (actor.may(QueueAction.READ, job.queue())) {
            throw denied(QueueAction.WORK, job.queue());
        }
        throw hidden(id);
    }

    /** Whether {@code actor} sees {@code template}: it may read or enqueue to the template's queue. */
    static boolean sees(Actor actor, JobTemplate template) {
        return actor.may(QueueAction.READ, template.queue()) || actor.may(QueueAction.ENQUEUE, template.queue());
    }

    /** {@code template}, when {@code actor} sees it; 404 as for a missing template otherwise. */
    static JobTemplate visible(Actor actor, JobTemplate template) {
        if (!sees(actor, template)) {
            throw notFound("job template", template.name());
        }
        return template;
    }

    static void requireOnQueue(Actor actor, QueueAction action, QueueName queue) {
        if (!actor.may(action, queue)) {
            throw denied(action, queue);
        }
    }

    private static JobId pathJob(Context ctx) {
        return new JobId(ctx.pathParam("id"));
    }

    private static ForbiddenException denied(QueueAction action, QueueName queue) {
        return new ForbiddenException("this token may not " + action.word() + " on queue '" + queue
                + "': it needs the scope '" + action.word() + ":" + queue + "' or '" + action.word() + ":*'");
    }

    private static NotFoundException hidden(JobId id) {
        return notFound("job", id);
    }

    /** The very message of a missing thing, so that a hidden one cannot be told apart. */
    private static NotFoundException notFound(String what, Object id) {
        return NotFoundException.of(what, id);
    }
}
