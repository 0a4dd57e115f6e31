package dev.stowage.adapter.out.fs;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Where each blob lives under the root: {@code <aa>/<bb>/<seg1>.d/<seg2>.d/<last>.blob}.
 *
 * <p>{@code aa/bb} are the first two bytes of the key's SHA-256, so 65,536 shard folders spread any
 * key scheme evenly and no folder collects millions of entries. The key's segments follow as
 * folders so an operator can still find a blob by its key. Folders end in {@code .d} and blob files
 * in {@code .blob} because a key and keys below it may both exist ({@code docs/a} and
 * {@code docs/a/b}): with the suffixes a file and a folder can never want the same name. Temporary
 * files are {@code .tmp-<16 hex>}, which ends in neither suffix, so no blob or folder can be taken
 * for one; they are written in {@value #TEMP_AREA}{@code /<instance>/}, a folder per process.
 */
final class BlobPaths {
    static final String BLOB_SUFFIX = ".blob";
    static final String DIR_SUFFIX = ".d";
    static final Pattern TEMP_NAME = Pattern.compile("\\.tmp-[0-9a-f]{16}");
    /**
     * The folder of temporary files under the root, one folder per process inside
     * ({@link InstanceFolders}); no shard folder (two hex digits) can have this name.
     */
    static final String TEMP_AREA = "tmp";
    /** Folders between the root and a key's first segment. */
    static final int SHARD_LEVELS = 2;

    private final Path root;

    BlobPaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The folder of the per-process temporary folders. */
    Path tempArea() {
        return root.resolve(TEMP_AREA);
    }

    /** The file holding {@code key}. */
    Path pathOf(BlobKey key) {
        byte[] hash = sha256(key.value());
        String shards = HexFormat.of().toHexDigits(hash[0]) + "/" + HexFormat.of().toHexDigits(hash[1]);
        String[] segments = key.value().split("/", -1);
        StringBuilder rel = new StringBuilder(key.value().length() + 16 + segments.length * 2).append(shards);
        for (int i = 0; i < segments.length - 1; i++) {
            rel.append('/').append(segments[i]).append(DIR_SUFFIX);
        }
        rel.append('/').append(segments[segments.length - 1]).append(BLOB_SUFFIX);
        return FsIo.within(root, rel.toString());
    }

    /** The key a blob file holds, or empty for anything that is not a blob file of this layout. */
    Optional<BlobKey> keyOf(Path file) {
        Path rel = root.relativize(file.toAbsolutePath().normalize());
        int n = rel.getNameCount();
        if (n <= SHARD_LEVELS) {
            return Optional.empty();
        }
        String last = rel.getName(n - 1).toString();
        if (!last.endsWith(BLOB_SUFFIX)) {
            return Optional.empty();
        }
        Optional<String> folders = keyPrefixOf(rel.subpath(0, n - 1));
        if (folders.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BlobKey(folders.get() + last.substring(0, last.length() - BLOB_SUFFIX.length())));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /**
     * For a folder below the shards, the start of every key inside it ({@code "docs/2024/"}); the
     * empty string for the root and shard folders; empty for a folder that is not of this layout.
     */
    Optional<String> keyPrefixOf(Path relativeDir) {
        int n = relativeDir.toString().isEmpty() ? 0 : relativeDir.getNameCount();
        StringBuilder prefix = new StringBuilder();
        for (int i = SHARD_LEVELS; i < n; i++) {
            String name = relativeDir.getName(i).toString();
            if (!name.endsWith(DIR_SUFFIX) || name.length() == DIR_SUFFIX.length()) {
                return Optional.empty();
            }
            prefix.append(name, 0, name.length() - DIR_SUFFIX.length()).append('/');
        }
        return Optional.of(prefix.toString());
    }

    /** A fresh temporary file name; random so concurrent puts of one key never collide. */
    static String newTempName() {
        return ".tmp-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    static boolean isTempName(String fileName) {
        return TEMP_NAME.matcher(fileName).matches();
    }

    private static byte[] sha256(String s) {
        return Sha256.newDigest().digest(s.getBytes(StandardCharsets.UTF_8));
    }
}
