package dev.stowage.adapter.in.http;

import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.VersionMismatchException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The document headers: entity tags, conditional requests, byte ranges, content digests and
 * {@code Content-Disposition}.
 *
 * <p>One strong entity tag per document version, {@code "v<version>"}, serves both the metadata and
 * the content: a version never changes once written, content replacement makes a new version, so
 * equal tags always mean equal bytes; and a client can pass the tag from any response to
 * {@code If-Match} on any write.
 */
final class HttpHeaders {
    private HttpHeaders() {
    }

    static String etag(Document d) {
        return etag(d.version());
    }

    /** The tag of any versioned resource (documents, programs) at {@code version}. */
    static String etag(long version) {
        return "\"v" + version + "\"";
    }

    /**
     * Whether an {@code If-Match} accepts the document at version {@code current}: {@code *}, or a
     * list holding its tag. A weak tag never matches (RFC 9110 strong comparison), nor does a tag
     * not of this server's form.
     */
    static boolean ifMatchAccepts(String header, long current) {
        String h = header.strip();
        if (h.equals("*")) {
            return true;
        }
        String mine = "\"v" + current + "\"";
        for (String part : h.split(",")) {
            if (part.strip().equals(mine)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an {@code If-None-Match} matches the document (weak comparison, as RFC 9110 says). */
    static boolean noneMatchHits(String header, Document d) {
        return noneMatchHits(header, etag(d));
    }

    /** Whether an {@code If-None-Match} matches the entity tag {@code mine} (weak comparison). */
    static boolean noneMatchHits(String header, String mine) {
        String h = header.strip();
        if (h.equals("*")) {
            return true;
        }
        for (String part : h.split(",")) {
            String tag = part.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(mine)) {
                return true;
            }
        }
        return false;
    }

    static VersionMismatchException stale(Document d, long expected) {
        return new VersionMismatchException("document '" + d.id() + "'", expected, d.version());
    }

    /**
     * The version {@code If-Match} names, for a change to {@code what} at version {@code current}:
     * 428 without one, 412 when it is not the current one.
     */
    static long requireIfMatch(io.javalin.http.Context ctx, String what, long current) {
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new HttpProblemException(428, new dev.stowage.domain.error.InvalidInputException(
                    "this change needs an If-Match header with the " + what + "'s ETag (" + etag(current)
                            + " is current), so that it cannot overwrite a change made meanwhile"));
        }
        if (!ifMatchAccepts(ifMatch, current)) {
            throw new HttpProblemException(412, new VersionMismatchException(what, versionNamed(ifMatch), current));
        }
        return current;
    }

    /** The version an {@code If-Match} named, for messages; 0 when it named none of ours. */
    static long versionNamed(String ifMatch) {
        String t = ifMatch.strip();
        if (t.startsWith("\"v") && t.endsWith("\"") && t.length() > 3) {
            try {
                return Long.parseLong(t.substring(2, t.length() - 1));
            } catch (NumberFormatException ignored) {
                return 0;
            }
        }
        return 0;
    }

    /** Runs a change whose version came from the client's If-Match: a mismatch is 412, not the generic 409. */
    static <T> T preconditioned(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (VersionMismatchException e) {
            throw new HttpProblemException(412, e);
        }
    }

    /**
     * The byte range a GET asks of an object of {@code size} bytes whose entity tag is {@code tag}:
     * empty for the whole object (no Range, several ranges, or an {@code If-Range} naming another
     * tag, since the client's partial copy is then stale); 416 when unsatisfiable.
     */
    static Optional<ByteRange> requestedRange(io.javalin.http.Context ctx, long size, String tag) {
        RangeRequest asked = range(ctx.header("Range"), size);
        String ifRange = ctx.header("If-Range");
        if (ifRange != null && !ifRange.strip().equals(tag)) {
            return Optional.empty();
        }
        if (asked instanceof Unsatisfiable u) {
            throw new HttpProblemException(416, new dev.stowage.domain.error.InvalidInputException(u.why()),
                    Map.of("Content-Range", "bytes */" + size));
        }
        return asked instanceof Single s ? Optional.of(s.range()) : Optional.empty();
    }

    /** The status and length headers of a whole ({@code range} empty) or partial answer of an object of {@code size} bytes. */
    static void lengthHeaders(io.javalin.http.Context ctx, Optional<ByteRange> range, long size) {
        if (range.isPresent()) {
            ByteRange r = range.get();
            ctx.status(206)
                    .header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size)
                    .header("Content-Length", Long.toString(r.length()));
        } else {
            ctx.header("Content-Length", Long.toString(size));
        }
    }

    /** What a {@code Range} header asks of an object of {@code size} bytes. */
    sealed interface RangeRequest permits Whole, Single, Unsatisfiable {
    }

    /** Serve the whole object: no Range, a unit other than bytes, or several ranges. */
    record Whole() implements RangeRequest {
    }

    record Single(ByteRange range) implements RangeRequest {
    }

    /** 416: malformed, or starting at or past the end. */
    record Unsatisfiable(String why) implements RangeRequest {
    }

    /**
     * Parses {@code Range: bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}. Several ranges are
     * answered with the whole object (200), as RFC 9110 allows: multipart answers buy clients little
     * and cost the server a way to be made to send the same bytes many times over.
     */
    static RangeRequest range(String header, long size) {
        if (header == null || header.isBlank()) {
            return new Whole();
        }
        String h = header.strip();
        int eq = h.indexOf('=');
        if (eq < 0) {
            return new Unsatisfiable("the Range header must look like 'bytes=first-last'");
        }
        if (!h.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
            return new Whole();
        }
        String spec = h.substring(eq + 1).strip();
        if (spec.contains(",")) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Unsatisfiable("the Range header must look like 'bytes=first-last'");
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        try {
            if (a.isEmpty()) {
                long suffix = digits(b);
                if (suffix == 0 || size == 0) {
                    return new Unsatisfiable("the range asks for no bytes of a " + size + "-byte document");
                }
                return new Single(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = digits(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
            if (last < first) {
                return new Unsatisfiable("the range ends before it starts");
            }
            if (first >= size) {
                return new Unsatisfiable("the range starts at byte " + first + ", past the end of the "
                        + size + "-byte document");
            }
            return new Single(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException e) {
            return new Unsatisfiable("the Range header must look like 'bytes=first-last' with decimal byte positions");
        }
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }

    /**
     * The checksum a client declared for an upload: {@code Content-Digest: sha-256=:<base64>:}
     * (RFC 9530), {@code Digest: sha-256=<base64>} (RFC 3230) or {@code X-Checksum-SHA256: <hex>}.
     * Other algorithms are ignored; two declarations that disagree are a 400.
     */
    static Optional<Sha256> declaredSha256(Map<String, String> headers) {
        Optional<Sha256> found = Optional.empty();
        String contentDigest = headers.get("content-digest");
        if (contentDigest != null) {
            found = merge(found, dictionarySha256(contentDigest, true));
        }
        String digest = headers.get("digest");
        if (digest != null) {
            found = merge(found, dictionarySha256(digest, false));
        }
        String hex = headers.get("x-checksum-sha256");
        if (hex != null) {
            found = merge(found, Optional.of(new Sha256(hex.strip())));
        }
        return found;
    }

    private static Optional<Sha256> merge(Optional<Sha256> a, Optional<Sha256> b) {
        if (a.isPresent() && b.isPresent() && !a.equals(b)) {
            throw new InvalidInputException("the request declares two different SHA-256 digests");
        }
        return a.isPresent() ? a : b;
    }

    private static Optional<Sha256> dictionarySha256(String header, boolean colons) {
        for (String member : header.split(",")) {
            int eq = member.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String alg = member.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!alg.equals("sha-256")) {
                continue;
            }
            String value = member.substring(eq + 1).strip();
            if (colons) {
                if (value.length() < 2 || !value.startsWith(":") || !value.endsWith(":")) {
                    throw new InvalidInputException("Content-Digest sha-256 must be written ':<base64>:'");
                }
                value = value.substring(1, value.length() - 1);
            }
            try {
                return Optional.of(Sha256.of(Base64.getDecoder().decode(value)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the sha-256 digest is not valid base64 of 32 bytes");
            }
        }
        return Optional.empty();
    }

    /** {@code Repr-Digest} of a whole document, from the digest it was stored with. */
    static String reprDigest(Sha256 sha) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha.bytes()) + ":";
    }

    /** The declared body length, or empty for a chunked body. */
    static OptionalLong declaredLength(long contentLength) {
        return contentLength < 0 ? OptionalLong.empty() : OptionalLong.of(contentLength);
    }

    /**
     * {@code attachment} with an ASCII fallback name and the exact name as RFC 8187
     * {@code filename*=UTF-8''...} (RFC 6266). The fallback drops quotes, backslashes, control and
     * non-ASCII characters, so no name can break out of the header or add one. Attachment rather
     * than inline: a public HTML document must not run as a page of this origin.
     */
    static String contentDisposition(String fileName) {
        var ascii = new StringBuilder();
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncode(fileName);
    }

    private static String percentEncode(String s) {
        var sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attrChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attrChar) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    static String printable(String s) {
        return Checks.printable(s);
    }
}
