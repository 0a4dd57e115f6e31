package dev.stowage.application.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for Stowage's background threads. Every one is a daemon, so that a thread left
 * running (a stop that timed out, an embedding application that never closed Stowage) never keeps
 * the JVM alive; the parts still stop their threads themselves on {@code stop()}.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads all named {@code name}, for an executor of one thread. */
    public static ThreadFactory named(String name) {
        Objects.requireNonNull(name, "name");
        return runnable -> daemon(runnable, name);
    }

    /** Threads named {@code prefix} followed by 1, 2, 3, ... in the order they are made. */
    public static ThreadFactory numbered(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        var n = new AtomicInteger();
        return runnable -> daemon(runnable, prefix + n.incrementAndGet());
    }

    /** A daemon thread named {@code name} that runs {@code runnable}, not started. */
    public static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
