/**
 * The job queue's services. The in-process worker runtime that embedders use is in
 * {@link dev.stowage.application.worker}.
 *
 * <ul>
 *   <li>{@link dev.stowage.application.service.queue.EnqueueJobsService},
 *       {@link dev.stowage.application.service.queue.WorkJobsService},
 *       {@link dev.stowage.application.service.queue.ManageJobsService},
 *       {@link dev.stowage.application.service.queue.AdministerQueuesService} and
 *       {@link dev.stowage.application.service.queue.ManageTemplatesService} implement the queue's use
 *       cases over the queue's role-sized ports ({@code JobEnqueueStore}, {@code JobWorkStore},
 *       {@code JobManageStore}, {@code JobAdminStore}) and {@code JobTemplates}: defaults, ids,
 *       limits, time from an injected clock, jitter from an injected random source.</li>
 *   <li>{@link dev.stowage.application.service.queue.WorkSignal} is the one in-process doorbell they
 *       share: whatever may give a waiting worker something to do rings it, so claims wait on events,
 *       not on a timer. A bounded fallback poll covers writers in other processes.</li>
 * </ul>
 *
 * <p>One {@code WorkSignal} must be shared by every service and runtime of a process; with separate
 * instances workers would only notice new work on the fallback poll.
 */
package dev.stowage.application.service.queue;
