package dev.stowage.domain.backup;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A marker at a backup target saying that some process is writing a backup or pruning objects.
 * Both kinds write their lock first and list the others after, so of a backup and a prune that
 * start together at least one sees the other: a prune that sees a live backup lock deletes no
 * object (the backup may be counting on one it found present), and a backup that sees a live prune
 * lock waits or gives up. A lock older than the grace the reader uses is taken as left by a crash.
 *
 * @param id    1-64 of {@code [A-Za-z0-9._-]}: a file name and object key
 * @param owner who holds it, for operators (host and process id), no secrets
 */
public record TargetLock(String id, Kind kind, Instant at, String owner) {
    public enum Kind { BACKUP, PRUNE }

    public TargetLock {
        Checks.token(id, "lock id", 64);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Checks.text(owner, "lock owner", 200);
    }

    /** The lock as every target stores it: {@code {"id","kind","at","owner"}}. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("kind", kind.name());
        json.put("at", at.toString());
        json.put("owner", owner);
        return Json.write(json);
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws RuntimeException of some kind when the text is not such a lock (a target skips it)
     */
    public static TargetLock parse(String text) {
        Map<String, Object> json = Json.parseObject(text, "lock");
        return new TargetLock((String) json.get("id"), Kind.valueOf((String) json.get("kind")),
                Instant.parse((String) json.get("at")), (String) json.get("owner"));
    }
}
