package dev.stowage.adapter.in.http;

import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.StowageException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns failures into problem details. Domain errors map by their code's category; anything else is
 * an internal error whose message never reaches the client.
 *
 * <p>Status per category: NOT_FOUND 404, CONFLICT 409, FORBIDDEN 403, UNAUTHENTICATED 401,
 * INVALID 400 (TOO_LARGE 413), LIMIT 507 (the owner's storage allotment is spent: the request
 * itself is acceptable, so 413 would wrongly suggest that a smaller one would do), STORAGE:
 * STORAGE_FULL 507, STORAGE_UNAVAILABLE 503, STORAGE_CORRUPT 500.
 *
 * <p>Every detail and instance passes through {@link #redacted}: a message may quote what the
 * client sent (a value, a path), and what a client sent may be a secret it put in the wrong place,
 * which must not come back in a body that proxies and logs may keep.
 */
final class ProblemMapper {

    static final String TYPE_PREFIX = "urn:stowage:problem:";
    static final String REDACTED = "[redacted]";
    /**
     * Token-like text: Stowage's own tokens ({@code stw_...}), anything after a {@code Bearer} or
     * {@code Basic} scheme name, and any run of 32 or more letters, digits and {@code + _ = -} (base64url and hex secrets; a slash ends a run, so paths stay readable)
     * (ids, at 26 characters, stay readable).
     */
    private static final Pattern TOKEN_LIKE = Pattern.compile(
            "(?i)stw_[A-Za-z0-9_-]*|(?<=bearer |basic )[^\\s'\"]+|[A-Za-z0-9+_=-]{32,}");

    private ProblemMapper() {
    }

    static Problem fromDomain(StowageException e, String path) {
        ErrorCode code = e.code();
        // A storage failure's own message is for the operator (it may name files, buckets, devices):
        // the server logs it, the client gets what it can act on.
        String detail = switch (code) {
            case STORAGE_CORRUPT -> "Stored data failed an integrity check. The operator should run a consistency check or restore a backup.";
            case STORAGE_FULL -> "The storage is full; nothing was stored. Try again once the operator has made room.";
            case STORAGE_UNAVAILABLE -> "The storage is unavailable right now; nothing was changed. Try again later.";
            default -> e.getMessage();
        };
        return fromCode(code, detail, path);
    }

    /** The problem of {@code code} under its category's status, with {@code detail} (redacted) as given. */
    static Problem fromCode(ErrorCode code, String detail, String path) {
        return new Problem(TYPE_PREFIX + slug(code), titleOf(code), statusOf(code), redacted(detail), redacted(path),
                code.name());
    }

    static Problem http(int status, String title, String detail, String path) {
        return new Problem("about:blank", title, status, redacted(detail), redacted(path), null);
    }

    /** {@code text} with every token-like part replaced by {@value #REDACTED}; null stays null. */
    static String redacted(String text) {
        return text == null ? null : TOKEN_LIKE.matcher(text).replaceAll(REDACTED);
    }

    static Problem internal(String path) {
        return http(500, "Internal Server Error",
                "The server failed to handle this request. The failure has been logged.", path);
    }

    static int statusOf(ErrorCode code) {
        return switch (code.category()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
            case UNAUTHENTICATED -> 401;
            case INVALID -> code == ErrorCode.TOO_LARGE ? 413 : 400;
            case LIMIT -> 507;
            case STORAGE -> switch (code) {
                case STORAGE_FULL -> 507;
                case STORAGE_UNAVAILABLE -> 503;
                default -> 500;
            };
        };
    }

    private static String titleOf(ErrorCode code) {
        String words = code.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String slug(ErrorCode code) {
        return code.name().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
