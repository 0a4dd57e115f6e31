package dev.stowage.adapter.in.http;

import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * The tus {@code Upload-Metadata} header: {@code key base64(value)} pairs separated by commas.
 *
 * <p>Keys Stowage understands: {@code filename} (required: the download file name and the default
 * document name), {@code name} (the document name), {@code filetype} or {@code contentType} (the
 * MIME type; parameters are dropped since documents keep none, and an empty value, which browsers
 * send for unknown files, means {@code application/octet-stream}), {@code visibility}
 * ({@code private} or {@code public}) and {@code sha256} or {@code checksum} (the whole file's
 * SHA-256 in hex, checked when the last byte arrives). Every other key becomes the document's user
 * metadata, under that metadata's rules.
 */
final class TusMetadata {
    static final String FILENAME = "filename";
    static final String NAME = "name";
    static final String FILETYPE = "filetype";
    static final String CONTENT_TYPE = "contentType";
    static final String VISIBILITY = "visibility";
    static final String SHA256 = "sha256";
    static final String CHECKSUM = "checksum";

    private TusMetadata() {
    }

    /**
     * What an upload of {@code length} bytes described by {@code header} will become.
     *
     * @throws InvalidInputException naming the key when the header or a value breaks a rule
     */
    static UploadCommand parse(String header, long length) {
        Map<String, String> pairs = decode(header);
        String fileName = pairs.remove(FILENAME);
        if (fileName == null) {
            throw new InvalidInputException("Upload-Metadata must carry a 'filename'");
        }
        String name = pairs.remove(NAME);
        String mime = oneOf(pairs, FILETYPE, CONTENT_TYPE).map(TusMetadata::withoutParameters).orElse("");
        String visibility = pairs.remove(VISIBILITY);
        Optional<Sha256> sha256 = oneOf(pairs, SHA256, CHECKSUM).map(Sha256::new);
        return new UploadCommand(
                new DocumentName(name == null ? fileName : name),
                new FileName(fileName),
                mime.isEmpty() ? MimeType.OCTET_STREAM : new MimeType(mime),
                visibility == null ? Visibility.PRIVATE : visibility(visibility),
                new UserMetadata(pairs),
                OptionalLong.of(length),
                sha256);
    }

    /**
     * What a final upload (tus concatenation) will become: as {@link #parse}, with no size declared,
     * since the size is the sum of the partial uploads'.
     */
    static UploadCommand parseUnsized(String header) {
        UploadCommand c = parse(header, 0);
        return new UploadCommand(c.name(), c.fileName(), c.mimeType(), c.visibility(), c.metadata(),
                OptionalLong.empty(), c.expectedSha256());
    }

    /**
     * Checks that the header is well formed (pairs of a key and base64 UTF-8 text, no key twice)
     * without asking for any key: for a partial upload, whose metadata describes nothing.
     *
     * @throws InvalidInputException when it is not
     */
    static void check(String header) {
        decode(header);
    }

    /**
     * The {@code filename} of a well-formed header, for an upload that becomes no document (a
     * backup archive): every other key is checked for form and otherwise ignored.
     *
     * @throws InvalidInputException when the header is malformed
     */
    static Optional<String> fileName(String header) {
        return Optional.ofNullable(decode(header).get(FILENAME));
    }

    /** The header a HEAD reports: what the upload was created with, under the canonical keys. */
    static String encode(ResumableUpload upload) {
        var out = new StringJoiner(",");
        add(out, FILENAME, upload.fileName().value());
        add(out, NAME, upload.name().value());
        add(out, FILETYPE, upload.mimeType().value());
        add(out, VISIBILITY, upload.visibility().name().toLowerCase(Locale.ROOT));
        upload.expectedSha256().ifPresent(sha -> add(out, SHA256, sha.hex()));
        upload.metadata().entries().forEach((k, v) -> add(out, k, v));
        return out.toString();
    }

    private static void add(StringJoiner out, String key, String value) {
        out.add(key + " " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> decode(String header) {
        var pairs = new LinkedHashMap<String, String>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        for (String pair : header.split(",", -1)) {
            String trimmed = pair.strip();
            int space = trimmed.indexOf(' ');
            String key = space < 0 ? trimmed : trimmed.substring(0, space);
            String encoded = space < 0 ? "" : trimmed.substring(space + 1).strip();
            if (key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new InvalidInputException("Upload-Metadata has an empty or non-ASCII key in '"
                        + Checks.printable(trimmed) + "'");
            }
            if (pairs.put(key, text(key, encoded)) != null) {
                throw new InvalidInputException("Upload-Metadata has the key '" + Checks.printable(key) + "' twice");
            }
        }
        return pairs;
    }

    private static String text(String key, String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Upload-Metadata value of '" + Checks.printable(key) + "' is not base64");
        }
        try {
            // Strict decoding: a value that is not UTF-8 is refused rather than silently mangled.
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("Upload-Metadata value of '" + Checks.printable(key) + "' is not UTF-8 text");
        }
    }

    /** The value under either synonym; both may be given only when they agree. */
    private static Optional<String> oneOf(Map<String, String> pairs, String key, String synonym) {
        String a = pairs.remove(key);
        String b = pairs.remove(synonym);
        if (a != null && b != null && !a.equals(b)) {
            throw new InvalidInputException("Upload-Metadata '" + key + "' and '" + synonym + "' disagree; send one");
        }
        return Optional.ofNullable(a != null ? a : b);
    }

    private static String withoutParameters(String mime) {
        int semicolon = mime.indexOf(';');
        return (semicolon < 0 ? mime : mime.substring(0, semicolon)).strip();
    }

    private static Visibility visibility(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "private" -> Visibility.PRIVATE;
            case "public" -> Visibility.PUBLIC;
            default -> throw new InvalidInputException("Upload-Metadata 'visibility' must be 'private' or 'public', got '"
                    + Checks.printable(value) + "'");
        };
    }
}
