package dev.stowage.domain.backup;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which backups to keep: the newest {@code keepLast}, and (when set) none older than
 * {@code maxAge}. The newest verified backup is always kept, whatever the policy says.
 */
public record RotationPolicy(int keepLast, Optional<Duration> maxAge) {
    public RotationPolicy {
        dev.stowage.domain.common.Checks.range(keepLast, 1, 10_000, "backups to keep");
        Objects.requireNonNull(maxAge, "maxAge");
    }
}
