package dev.stowage.bootstrap.e2e.programs;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the program end-to-end tests share: the configuration, the service, digests. */
final class E2ePrograms {
    static final Actor WRITER = Actor.user(new UserId("e2e"));
    /** Short, so that what a crash left counts as a leftover soon after the writers are gone. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(1);

    private E2ePrograms() {
    }

    /** The embedded defaults with everything (database, blobs, tmp) under {@code dataDir}. */
    static StowageConfig config(Path dataDir) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        overrides.put("stowage.documents.orphan-grace", ORPHAN_GRACE.toMillis() + "ms");
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }

    /**
     * The program service as the assembly binds it: the real service over the SQLite program
     * store, the blob store of the configuration (here on disk) and the ImageIO inspector.
     */
    static ManageProgramsUseCase programs(Stowage stowage) {
        return stowage.instance(Key.get(new TypeLiteral<Optional<ManageProgramsUseCase>>() { }))
                .orElseThrow(() -> new AssertionError("the assembly has no program service"));
    }

    /** Size and digest of what {@code in} holds, read to the end; closes it. */
    static Sized digest(InputStream in) {
        try (DigestInputStream d = new DigestInputStream(in, sha256())) {
            long size = d.transferTo(java.io.OutputStream.nullOutputStream());
            return new Sized(size, Sha256.of(d.getMessageDigest().digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Sized(long size, Sha256 sha256) {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
