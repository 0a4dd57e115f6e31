package dev.stowage.domain.blob;

import dev.stowage.domain.error.InvalidInputException;

/**
 * Where a blob lives in a blob store: 1-512 characters of slash-separated segments, each segment
 * 1-128 of {@code [a-z0-9._-]} and neither {@code .} nor {@code ..}. Keys are made by Stowage, never
 * taken from user input, and are safe as relative file paths and as S3 object keys.
 */
public record BlobKey(String value) implements Comparable<BlobKey> {
    public static final int MAX_LENGTH = 512;

    public BlobKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidInputException("blob key must be 1 to " + MAX_LENGTH + " characters");
        }
        int segStart = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '/') {
                int len = i - segStart;
                if (len == 0 || len > 128) {
                    throw new InvalidInputException("blob key '" + dev.stowage.domain.common.Checks.printable(value) + "' has an empty or overlong segment");
                }
                String seg = value.substring(segStart, i);
                if (seg.equals(".") || seg.equals("..")) {
                    throw new InvalidInputException("blob key must not contain '.' or '..' segments");
                }
                segStart = i + 1;
            } else {
                char c = value.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
                    throw new InvalidInputException("blob key may use only [a-z0-9._-] and '/'");
                }
            }
        }
    }

    /** {@code prefix/child}. */
    public BlobKey resolve(String child) {
        return new BlobKey(value + "/" + child);
    }

    @Override
    public int compareTo(BlobKey o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
