package dev.stowage.testing;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link BackupTarget} in memory: for tests, including an application's own tests. Thread-safe;
 * passes {@code BackupTargetContract}. Archives are held as byte arrays, so keep them well under
 * 2 GiB.
 *
 * <p>Names must be 1-255 of {@code [A-Za-z0-9._-]}, starting with a letter or digit, as a real
 * target needs them to be safe file names and object keys. Two archives of one name may be written
 * at once; the first to commit wins and the other's commit fails with {@link AlreadyExistsException}.
 * A commit after an abort fails with {@link IllegalStateException}; a second commit does nothing.
 */
public final class InMemoryBackupTarget implements BackupTarget {
    private final TreeMap<String, byte[]> committed = new TreeMap<>();

    @Override
    public PendingArchive create(String name) {
        checkName(name);
        synchronized (this) {
            if (committed.containsKey(name)) {
                throw exists(name);
            }
        }
        return new Pending(name);
    }

    @Override
    public synchronized InputStream open(String name) {
        byte[] bytes = committed.get(checkName(name));
        if (bytes == null) {
            throw NotFoundException.of("backup archive", name);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public synchronized Optional<Long> size(String name) {
        return Optional.ofNullable(committed.get(checkName(name))).map(b -> (long) b.length);
    }

    @Override
    public synchronized boolean delete(String name) {
        return committed.remove(checkName(name)) != null;
    }

    @Override
    public synchronized List<String> list() {
        return List.copyOf(committed.keySet());
    }

    @Override
    public String describe() {
        return "memory";
    }

    private synchronized void publish(String name, byte[] bytes) {
        if (committed.containsKey(name)) {
            throw exists(name);
        }
        committed.put(name, bytes);
    }

    private static String checkName(String name) {
        return Checks.token(name, "backup archive name", 255);
    }

    private static AlreadyExistsException exists(String name) {
        return new AlreadyExistsException("backup archive '" + name + "' already exists");
    }

    private enum State { WRITING, COMMITTED, ABORTED }

    private final class Pending implements PendingArchive {
        private final String name;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final OutputStream stream = new Guarded();
        private State state = State.WRITING;

        Pending(String name) {
            this.name = name;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public synchronized void commit() {
            switch (state) {
                case COMMITTED -> { }
                case ABORTED -> throw new IllegalStateException("backup archive '" + name + "' was aborted");
                case WRITING -> {
                    publish(name, buffer.toByteArray());
                    state = State.COMMITTED;
                    buffer.reset();
                }
            }
        }

        @Override
        public synchronized void abort() {
            if (state == State.WRITING) {
                state = State.ABORTED;
                buffer.reset();
            }
        }

        @Override
        public void close() {
            abort();
        }

        /** Writes to the buffer while the archive is open; fails once it is committed or aborted. */
        private final class Guarded extends OutputStream {
            @Override
            public void write(int b) throws IOException {
                synchronized (Pending.this) {
                    checkOpen();
                    buffer.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (Pending.this) {
                    checkOpen();
                    buffer.write(b, off, len);
                }
            }

            @Override
            public void close() {
                // The archive ends with commit or abort, not with closing its stream.
            }

            private void checkOpen() throws IOException {
                if (state != State.WRITING) {
                    throw new IOException("backup archive '" + name + "' is already " + state.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
    }
}
