package dev.stowage.domain.queue;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a job listing of a store stopped: the last job's creation time and id. The listing runs
 * newest first by (created-at, id), and the next page starts strictly before this pair.
 *
 * <p>The cursor is {@code jobs1:} and then, in URL-safe base64 without padding, the UTF-8 of
 * {@code <created-at>:<id>}, the time in microseconds since the epoch as the queue's tables keep it.
 * The SQLite and the PostgreSQL stores both write this cursor, so a copy of the data from one to the
 * other pages alike.
 *
 * @param createdAtMicros the job's creation time in microseconds since the epoch
 */
public record JobListPosition(long createdAtMicros, JobId id) {
    private static final String PREFIX = "jobs1:";

    public JobListPosition {
        Objects.requireNonNull(id, "id");
    }

    /** The position of {@code job}: a page that ends with it continues right after it. */
    public static JobListPosition of(Job job) {
        return new JobListPosition(EpochTime.micros(job.createdAt()), job.id());
    }

    /** This position as the cursor a page hands out. */
    public Cursor cursor() {
        String raw = createdAtMicros + ":" + id.value();
        return new Cursor(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Decodes a cursor of the job listing.
     *
     * @throws InvalidInputException when it is not one: another prefix, not base64, no separator, a
     *         time that is not a whole number, or an id that is not a job id
     */
    public static JobListPosition of(Cursor cursor) {
        try {
            String value = cursor.value();
            if (!value.startsWith(PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            String raw = new String(Base64.getUrlDecoder().decode(value.substring(PREFIX.length())), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("separator");
            }
            return new JobListPosition(Long.parseLong(raw.substring(0, colon)), new JobId(raw.substring(colon + 1)));
        } catch (IllegalArgumentException | InvalidInputException e) {
            // NumberFormatException is an IllegalArgumentException too
            throw new InvalidInputException("cursor '" + cursor + "' was not issued by this job listing");
        }
    }
}
