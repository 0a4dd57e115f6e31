/**
 * The in-process worker runtime: the API an application embedding Stowage uses to run jobs.
 *
 * <ul>
 *   <li>{@link dev.stowage.application.worker.WorkerRuntime} runs
 *       {@link dev.stowage.application.worker.JobHandler}s (one per job type), configured by
 *       {@link dev.stowage.application.worker.WorkerOptions}; a handler sees its job through a
 *       {@link dev.stowage.application.worker.JobContext}. The runtime implements {@code Managed},
 *       so the assembly starts and stops it with everything else.</li>
 *   <li>{@link dev.stowage.application.worker.JobHandlerPlugin} packages handlers for a service
 *       rather than an embedding application: {@code stowage serve} finds plugins with
 *       {@link java.util.ServiceLoader} and runs the handlers of the queues it is told to serve.</li>
 *   <li>It works through the queue's use cases ({@code WorkJobsUseCase}, {@code AdministerQueuesUseCase})
 *       like any remote worker, and waits on the process's one
 *       {@link dev.stowage.application.service.queue.WorkSignal}, which the queue's services ring.</li>
 *   <li>Inside: one dispatcher thread per queue, job threads reused through an
 *       {@code IdleFirstQueue}, and one {@code Completer} thread that records finished jobs in
 *       groups.</li>
 * </ul>
 */
package dev.stowage.application.worker;
