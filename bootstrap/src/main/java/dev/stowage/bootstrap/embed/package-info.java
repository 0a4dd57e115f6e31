/**
 * The Java API of an embedded Stowage: typed views over the use cases, handed out by
 * {@link dev.stowage.bootstrap.assembly.Stowage}.
 *
 * <ul>
 *   <li>{@link dev.stowage.bootstrap.embed.JobQueue} ({@code stowage.queue()}): enqueue, look at and
 *       act on jobs, steer queues. Jobs run on the worker runtimes of {@code stowage.workers(…)}.</li>
 *   <li>{@link dev.stowage.bootstrap.embed.Documents} ({@code stowage.documents()}): users' files.</li>
 *   <li>{@link dev.stowage.bootstrap.embed.Programs} ({@code stowage.programs()}): versioned configs
 *       with a master image.</li>
 *   <li>{@link dev.stowage.bootstrap.embed.Backups} ({@code stowage.backups()}): take, check, rotate,
 *       move and restore backups.</li>
 * </ul>
 *
 * <p>Each view has the operations of its use cases with their typed arguments, and, for the
 * operations an application starts with, an overload that takes plain strings for what the caller
 * writes by hand: queue names, job types, JSON text, user ids, document and program names, MIME
 * types. A string is checked by its value type's constructor, as if the caller had made the value,
 * so a bad one gets that type's {@link dev.stowage.domain.error.InvalidInputException} and nothing
 * is stored. Ids stay typed: Stowage hands them out. What the views leave out (templates, tokens,
 * resumable uploads, imports, the consistency check) is reached through
 * {@code stowage.instance(SomeUseCase.class)}.
 */
package dev.stowage.bootstrap.embed;
