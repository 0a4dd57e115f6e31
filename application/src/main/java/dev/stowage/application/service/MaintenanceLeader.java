package dev.stowage.application.service;

import dev.stowage.application.port.out.Leadership;
import dev.stowage.application.port.out.Managed;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides whether this instance runs maintenance, when several instances share one database: it
 * asks the {@link Leadership} every {@code round} (to take over from a leader that died, or to
 * notice a hold it lost) and afresh before each maintenance run ({@link #runIfLeader}). It logs one
 * INFO line when this instance becomes the leader and one when it stops being it.
 *
 * <p>A run that began while this instance led finishes even if the leadership is lost meanwhile
 * (a lost connection cannot be told from a slow one until it is asked again), so two runs can
 * overlap for at most one run after a hold is lost. Every maintenance action is a transaction that
 * allows for that (recovering a lease that was already recovered finds nothing; deleting what is
 * already deleted deletes nothing): the leadership makes maintenance run once, it is not what
 * makes it correct.
 *
 * <p>Started in phase 10, before the maintenance it gates (20, 30), with one synchronous round, so
 * a lone instance leads from its first maintenance run on; stopped after them, when it gives the
 * leadership up at once rather than leaving the next leader to wait.
 */
public final class MaintenanceLeader implements Managed {
    /** How often the leadership is asked for: with the lock freed at once by a dead holder, the takeover delay. */
    public static final Duration DEFAULT_ROUND = Duration.ofSeconds(5);

    private final Leadership leadership;
    private final System.Logger log;
    private final Periodic rounds;
    private boolean leading;
    private boolean stopped;

    public MaintenanceLeader(Leadership leadership, Duration round) {
        this(leadership, round, System.getLogger(MaintenanceLeader.class.getName()));
    }

    /**
     * @param log where the two lines go; {@code serve} passes one that still writes while the JVM
     *            shuts down, when the JDK's default may already have lost its handlers
     */
    public MaintenanceLeader(Leadership leadership, Duration round, System.Logger log) {
        this.leadership = Objects.requireNonNull(leadership, "leadership");
        this.log = Objects.requireNonNull(log, "log");
        this.rounds = new Periodic("maintenance-leader", round, round, this::check);
    }

    /**
     * Asks the leadership now: takes it when free, notices a lost hold.
     *
     * @return true when this instance leads as this returns; false after {@link #stop()}
     */
    public synchronized boolean check() {
        if (stopped) {
            return false;
        }
        boolean now = leadership.tryLead();
        if (now != leading) {
            leading = now;
            log.log(System.Logger.Level.INFO, now
                    ? "this instance is now the maintenance leader (" + leadership.describe() + ")"
                    : "this instance is no longer the maintenance leader: its hold on " + leadership.describe() + " was lost");
        }
        return now;
    }

    /** What the last round or check found, without asking. */
    public synchronized boolean isLeader() {
        return leading;
    }

    /**
     * Runs {@code task} on the calling thread when this instance leads, asked afresh.
     *
     * @return true when it ran
     */
    public boolean runIfLeader(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (!check()) {
            return false;
        }
        task.run();
        return true;
    }

    @Override
    public int phase() {
        return 10;
    }

    @Override
    public String name() {
        return "maintenance-leader";
    }

    @Override
    public void start() {
        check();
        rounds.start();
    }

    /** Stops asking and gives the leadership up, logging so when it was held. */
    @Override
    public void stop() {
        rounds.stop();
        synchronized (this) {
            stopped = true;
            if (leading) {
                leading = false;
                log.log(System.Logger.Level.INFO, "this instance is no longer the maintenance leader: it is stopping");
            }
        }
        leadership.close();
    }
}
