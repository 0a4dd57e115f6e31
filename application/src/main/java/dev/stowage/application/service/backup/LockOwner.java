package dev.stowage.application.service.backup;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a target lock, written as {@code <host> pid <pid> started <instant>}: enough for an
 * operator to find the process, and for another process on the same host to tell that the holder is
 * gone (no process of that id, or one started at another time, the id having been reused), so that
 * a backup killed with {@code kill -9} does not hold up pruning until its lock grows stale.
 */
final class LockOwner {
    private static final String PID = " pid ";
    private static final String STARTED = " started ";
    /** Resolved once: a slow name service would otherwise be asked on every check. */
    private static final String HOST = resolveHost();

    private LockOwner() {
    }

    /** This process. */
    static String current() {
        ProcessHandle self = ProcessHandle.current();
        return HOST + PID + self.pid() + STARTED + self.info().startInstant().map(Instant::toString).orElse("unknown");
    }

    /** True when {@code owner} names a process on this host that no longer runs. */
    static boolean goneFromThisHost(String owner) {
        int p = owner.indexOf(PID);
        int s = owner.indexOf(STARTED);
        if (p < 0 || s < p || !owner.substring(0, p).equals(HOST)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(owner.substring(p + PID.length(), s));
        } catch (NumberFormatException e) {
            return false;
        }
        String started = owner.substring(s + STARTED.length());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        return !started.equals("unknown")
                && !process.get().info().startInstant().map(Instant::toString).orElse("unknown").equals(started);
    }

    private static String resolveHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
