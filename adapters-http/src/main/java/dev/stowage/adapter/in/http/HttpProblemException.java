package dev.stowage.adapter.in.http;

import dev.stowage.domain.error.StowageException;
import java.util.Map;
import java.util.Objects;

/**
 * A domain error that HTTP reports under a more precise status than its category's: a version
 * mismatch that came from {@code If-Match} is 412, a missing {@code If-Match} is 428, an
 * unsatisfiable range is 416. The problem's type and code stay the domain error's.
 */
final class HttpProblemException extends RuntimeException {
    private final int status;
    private final StowageException error;
    private final Map<String, String> headers;

    HttpProblemException(int status, StowageException error, Map<String, String> headers) {
        super(error.getMessage(), null, false, false);
        this.status = status;
        this.error = Objects.requireNonNull(error, "error");
        this.headers = Map.copyOf(headers);
    }

    HttpProblemException(int status, StowageException error) {
        this(status, error, Map.of());
    }

    int status() {
        return status;
    }

    StowageException error() {
        return error;
    }

    Map<String, String> headers() {
        return headers;
    }
}
