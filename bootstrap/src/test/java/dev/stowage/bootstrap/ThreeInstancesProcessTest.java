package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.bootstrap.cli.Cli;
import dev.stowage.testing.S3Proxy;
import dev.stowage.testing.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve} processes share one PostgreSQL database and one S3Proxy bucket. Producers
 * enqueue jobs over HTTP to any of them; remote HTTP workers, and in-process workers on every
 * instance (the {@link RecordingPlugin} job handler plugin, from each one's plugin folder), drain
 * the queue, while one instance is killed with SIGKILL twice and restarted each time. Afterwards,
 * from the database, from what every remote worker saw and from the runs every in-process handler
 * recorded: every acknowledged job completed, none completed twice, two holds of one job (claim to
 * last answer for a remote worker, start to end of the handler for an in-process one, or to the
 * kill of its process) never both completed (a completion under a lease that recovery ended was
 * refused), every completion came from a hold that finished, both kinds of worker did work on
 * every instance, and the three logs show one maintenance leader at a time with a takeover after
 * the leader was killed.
 *
 * <p>The number of jobs is {@code -Dstowage.three-instances.jobs} (default 3,000); the run
 * of 100,000 is {@code ./mvnw -B -pl bootstrap -am test -Dtest=ThreeInstancesProcessTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dstowage.three-instances.jobs=100000}.
 */
class ThreeInstancesProcessTest {
    private static final int JOBS = Integer.getInteger("stowage.three-instances.jobs", 3_000);
    private static final int KILLED = 137;
    private static final String QUEUE = "three";
    private static final String LEADS = "this instance is now the maintenance leader";
    private static final String STOPS = "this instance is no longer the maintenance leader: it is stopping";
    private static final String LOST = "this instance is no longer the maintenance leader: its hold";
    private static final Pattern LOG_TIME = Pattern.compile("^(\\S+) ");
    /** Three JVMs start side by side on a machine that may be busy: more than ServeProcess's usual minute. */
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration BOUND = Duration.ofMinutes(Math.max(3, JOBS / 1_000));

    private static S3Proxy s3;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** What a worker got from a claim: its hold of one job under one lease begins. */
    record Claim(String job, String lease, String worker, long sentNanos) {
    }

    /** What a worker's completion under a lease was answered: 200, 409 (lease lost), or no answer. */
    enum Outcome { COMPLETED, REFUSED, NO_ANSWER }

    record Completion(String job, String lease, String worker, Outcome outcome, long answeredNanos) {
    }

    /** One process's spell as maintenance leader: from its line to its stop line or its kill. */
    record Spell(String log, Instant from, Instant until) {
    }

    /**
     * A hold of one job under one lease, by either kind of worker: from the claim (or the handler's
     * start) to the last answer (or the handler's end, or its process's death); open when none.
     */
    record Hold(String job, String lease, String who, long from, long until, boolean completed) {
        boolean overlaps(Hold other) {
            return from <= other.until && other.from <= until;
        }
    }

    /** The runs file of each launch, by launch; the instance is in its name, {@code runs-i<instance>-<n>.txt}. */
    private final List<Path> runFiles = new ArrayList<>();
    /** When each killed launch was dead for sure ({@code System.nanoTime()}), by its runs file. */
    private final Map<Path, Long> deaths = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<Claim> claims = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    /** How many jobs the producers may have acknowledged so far: raised at each kill, so work is in flight then. */
    private final AtomicInteger allowance = new AtomicInteger(JOBS / 3);

    @BeforeAll
    static void startS3() {
        s3 = S3Proxy.start();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void threeInstancesDrainOneQueueWhileOneIsKilledTwiceAndNoJobIsLostOrDoneTwice() throws Exception {
        TestPostgres.Database db = TestPostgres.shared().freshDatabase("three_instances");
        Map<String, String> env = new HashMap<>();
        env.put("STOWAGE_DATABASE_BACKEND", "postgres");
        env.put("STOWAGE_DATABASE_POSTGRES_URL", db.url());
        env.put("STOWAGE_DATABASE_POSTGRES_USER", db.user());
        env.put("STOWAGE_BLOBS_BACKEND", "s3");
        env.put("STOWAGE_BLOBS_S3_ENDPOINT", s3.endpoint().toString());
        env.put("STOWAGE_BLOBS_S3_BUCKET", "three-instances");
        env.put("STOWAGE_BLOBS_S3_ACCESS_KEY", S3Proxy.ACCESS_KEY);
        env.put("STOWAGE_BLOBS_S3_SECRET_KEY", S3Proxy.SECRET_KEY);
        // leases whose holder died come back within about a second of running out
        env.put("STOWAGE_QUEUE_RECOVERY_INTERVAL", "1s");
        // in-process workers on every instance: at most 2 jobs at once each, beside the remote ones
        env.put("STOWAGE_WORKERS_QUEUES", QUEUE + ":2");
        env.put("STOWAGE_WORKERS_PLUGINS_DIR",
                PluginJars.of(dir.resolve("plugins/recording.jar"), RecordingPlugin.class).getParent().toString());
        env.put(RecordingPlugin.QUEUE, QUEUE);
        String token = adminToken(env, dir.resolve("cli"));

        List<Path> logs = new ArrayList<>();
        List<Spell> ended = new ArrayList<>();
        ServeProcess[] serves = new ServeProcess[3];
        AtomicReferenceArray<Integer> ports = new AtomicReferenceArray<>(3);
        List<Thread> threads = new ArrayList<>();
        try {
            // one after another: the first creates the schema and the bucket, and leads
            serves[0] = launch(0, logs, env);
            ports.set(0, serves[0].awaitServingPort(START));
            serves[0].awaitStderr(LEADS);
            serves[1] = launch(1, logs, env);
            serves[2] = launch(2, logs, env);
            ports.set(1, serves[1].awaitServingPort(START));
            ports.set(2, serves[2].awaitServingPort(START));

            for (int p = 0; p < 2; p++) {
                threads.add(thread("producer-" + p, () -> produce(token, ports)));
            }
            for (int w = 0; w < 6; w++) {
                String worker = "worker-" + w;
                int first = w % 3;
                threads.add(thread(worker, () -> work(worker, first, token, ports)));
            }
            Thread staller = thread("staller", () -> stall(token, ports, db));
            threads.add(staller);
            threads.forEach(Thread::start);

            // kill -9 the first instance twice while the queue drains; it leads at the first kill
            for (int kill = 1; kill <= 2; kill++) {
                int threshold = JOBS * (2 * kill - 1) / 6; // halfway through what may be enqueued so far
                await("completions to reach " + threshold, () -> completedJobs(db) >= threshold);
                Path killedLog = logs.get(indexOfLog(logs, 0));
                boolean wasLeader = leads(killedLog);
                Instant beforeKill = Instant.now();
                serves[0].process.destroyForcibly();
                allowance.set(kill == 1 ? JOBS * 2 / 3 : JOBS); // the others take the next jobs meanwhile
                assertThat(serves[0].process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                deaths.put(runFiles.get(indexOfLog(logs, 0)), System.nanoTime());
                assertThat(serves[0].process.exitValue()).isEqualTo(KILLED);
                ports.set(0, null);
                if (kill == 1) {
                    assertThat(wasLeader).as("the first instance leads at the first kill").isTrue();
                }
                if (wasLeader) {
                    ended.add(new Spell(killedLog.getFileName().toString(), leadLine(killedLog), beforeKill));
                    await("another instance to take the leadership over after kill " + kill,
                            () -> leads(logs.get(indexOfLog(logs, 1))) || leads(logs.get(indexOfLog(logs, 2))));
                }
                serves[0] = launch(0, logs, env);
                ports.set(0, serves[0].awaitServingPort(START));
            }

            await("every acknowledged job to be completed and nothing left to run", () -> {
                if (acknowledged.size() < JOBS) {
                    return false;
                }
                return unfinished(db) == 0;
            });
            staller.join(TimeUnit.MINUTES.toMillis(2));
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            for (ServeProcess serve : serves) {
                if (serve != null) {
                    serve.process.destroy(); // SIGTERM: leadership is given up with a line
                }
            }
            for (ServeProcess serve : serves) {
                if (serve != null) {
                    serve.process.waitFor(30, TimeUnit.SECONDS);
                    serve.close();
                }
            }
        }

        assertThat(unexpected).as("answers no worker or producer should get").isEmpty();
        checkJobs(db);
        checkLeadership(logs, ended);
    }

    // --- the checks ------------------------------------------------------------------------------

    private void checkJobs(TestPostgres.Database db) throws Exception {
        Map<String, String> state = new HashMap<>();
        Map<String, List<Hold>> runsByJob = inProcessRuns().stream().collect(Collectors.groupingBy(Hold::job));
        Map<String, String> completingLease = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, state, result FROM jobs WHERE queue = '" + QUEUE + "'")) {
            while (rs.next()) {
                state.put(rs.getString(1), rs.getString(2));
                if (rs.getString(3) != null) {
                    completingLease.put(rs.getString(1), json.readTree(rs.getString(3)).path("lease").asText());
                }
            }
        }
        assertThat(acknowledged).as("acknowledged jobs").hasSizeGreaterThanOrEqualTo(JOBS);
        assertThat(state.keySet()).as("no acknowledged job is lost").containsAll(acknowledged);
        assertThat(state.entrySet().stream().filter(e -> !e.getValue().equals("COMPLETED")).toList())
                .as("every job in the queue completed").isEmpty();

        Map<String, List<Claim>> claimsByJob = claims.stream().collect(Collectors.groupingBy(Claim::job));
        Map<String, List<Completion>> completionsByJob =
                completions.stream().collect(Collectors.groupingBy(Completion::job));
        int overlapping = 0;
        Map<String, List<Hold>> holdsByJob = new HashMap<>();
        for (String job : state.keySet()) {
            List<Completion> done = completionsByJob.getOrDefault(job, List.of());
            List<Completion> accepted = done.stream().filter(d -> d.outcome() == Outcome.COMPLETED).toList();
            assertThat(accepted).as("completions accepted for job %s: none completed twice", job).hasSizeLessThanOrEqualTo(1);
            String lease = completingLease.get(job);
            assertThat(lease).as("the lease that completed job %s (from its result)", job).isNotBlank();
            List<Hold> runs = runsByJob.getOrDefault(job, List.of());
            if (!accepted.isEmpty()) {
                assertThat(accepted.get(0).lease()).as("job %s completed under the lease answered 200", job).isEqualTo(lease);
            } else if (runs.stream().noneMatch(r -> r.lease().equals(lease))) {
                // the answer was lost with a killed instance: the completion itself went through
                assertThat(done).as("job %s completed without an answer", job)
                        .anyMatch(d -> d.lease().equals(lease) && d.outcome() == Outcome.NO_ANSWER);
            }
            assertThat(runs.stream().filter(r -> r.lease().equals(lease)).toList())
                    .as("an in-process run of job %s under its completing lease finished before it completed", job)
                    .allMatch(Hold::completed);
            assertThat(done).as("no completion under the completing lease of job %s was refused", job)
                    .noneMatch(d -> d.lease().equals(lease) && d.outcome() == Outcome.REFUSED
                            && done.stream().noneMatch(o -> o.lease().equals(lease) && o.outcome() == Outcome.NO_ANSWER));

            // holds of one job, by remote workers (claim to last answer) and in-process ones (run)
            List<Hold> held = new ArrayList<>(runs);
            for (Claim c : claimsByJob.getOrDefault(job, List.of())) {
                held.add(new Hold(job, c.lease(), c.worker(), c.sentNanos(), holdEnd(done, c), completedUnder(done, c.lease())));
            }
            holdsByJob.put(job, held);
            for (int i = 0; i < held.size(); i++) {
                for (int k = i + 1; k < held.size(); k++) {
                    Hold a = held.get(i);
                    Hold b = held.get(k);
                    assertThat(a.lease()).as("two holds of job %s got one lease", job).isNotEqualTo(b.lease());
                    if (a.overlaps(b)) {
                        overlapping++;
                        assertThat(a.completed() && b.completed())
                                .as("overlapping holds of job %s both completed: %s %s", job, a, b).isFalse();
                    }
                }
            }
        }
        assertThat(stalled.size()).as("stalled holds checked").isPositive();
        for (Claim c : stalled) {
            assertThat(completionsByJob.get(c.job())).as("the stalled hold of %s", c.job())
                    .anyMatch(d -> d.lease().equals(c.lease()) && d.outcome() == Outcome.REFUSED);
            assertThat(completingLease.get(c.job())).as("the stalled job %s was completed by another hold", c.job())
                    .isNotEqualTo(c.lease());
        }
        assertThat(overlapping).as("the stalled holds overlap with their jobs' next holds: %s, completed under %s",
                        stalled.stream().map(c -> holdsByJob.get(c.job())).toList(),
                        stalled.stream().map(c -> completingLease.get(c.job())).toList())
                .isGreaterThanOrEqualTo(stalled.size());

        // both kinds of worker did work, the in-process ones on every instance
        assertThat(completed.get()).as("jobs completed by remote workers").isPositive();
        for (int instance = 0; instance < 3; instance++) {
            String prefix = "runs-i" + instance + "-";
            long byInstance = runsByJob.values().stream().flatMap(List::stream)
                    .filter(r -> r.who().startsWith(prefix) && r.lease().equals(completingLease.get(r.job()))).count();
            assertThat(byInstance).as("jobs completed by in-process workers of instance %d", instance).isPositive();
        }
    }

    /**
     * Every in-process run that any launch recorded, as holds: to the end line, or for a launch
     * that was killed mid-run to the moment it was dead (open when neither). A run completed when
     * its handler returned and its job's result names its lease.
     */
    private List<Hold> inProcessRuns() throws IOException {
        Map<String, String> completing = new HashMap<>();
        List<Hold> holds = new ArrayList<>();
        for (Path file : runFiles) {
            if (!Files.exists(file)) {
                continue; // that launch ran nothing
            }
            // a claim's lease is shared by the jobs it handed out: a hold is a job under a lease
            Map<String, RecordingPlugin.Run> started = new HashMap<>();
            Map<String, Long> ended = new HashMap<>();
            for (RecordingPlugin.Run r : RecordingPlugin.Run.read(file)) {
                String hold = r.job() + " " + r.lease();
                if (r.start()) {
                    assertThat(started.put(hold, r)).as("one start per hold in %s", file.getFileName()).isNull();
                } else {
                    ended.put(hold, r.nanos());
                }
            }
            long death = deaths.getOrDefault(file, Long.MAX_VALUE);
            for (RecordingPlugin.Run start : started.values()) {
                Long end = ended.get(start.job() + " " + start.lease());
                holds.add(new Hold(start.job(), start.lease(), file.getFileName().toString(), start.nanos(),
                        end == null ? death : end, end != null));
            }
        }
        return holds;
    }

    private static long completedJobs(TestPostgres.Database db) throws Exception {
        return count(db, "SELECT count(*) FROM jobs WHERE queue = '" + QUEUE + "' AND state = 'COMPLETED'");
    }

    private static long count(TestPostgres.Database db, String query) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long holdEnd(List<Completion> done, Claim claim) {
        return done.stream().filter(d -> d.lease().equals(claim.lease()))
                .mapToLong(Completion::answeredNanos).max().orElse(Long.MAX_VALUE);
    }

    private static boolean completedUnder(List<Completion> done, String lease) {
        return done.stream().anyMatch(d -> d.lease().equals(lease) && d.outcome() == Outcome.COMPLETED);
    }

    /**
     * The leader's spells, from every log: one at a time. A spell ends at its stop line (written
     * before the lock is let go) or, for a killed process, when the kill was sent; the next spell's
     * line (written after the lock was taken) may not come before that.
     */
    private void checkLeadership(List<Path> logs, List<Spell> killed) throws IOException {
        List<Spell> spells = new ArrayList<>(killed);
        for (Path log : logs) {
            String text = Files.readString(log);
            assertThat(text).as("%s loses no hold it had", log.getFileName()).doesNotContain(LOST);
            Instant from = null;
            for (String line : text.lines().toList()) {
                if (line.contains(LEADS)) {
                    assertThat(from).as("%s leads twice without stopping", log.getFileName()).isNull();
                    from = time(line);
                } else if (line.contains(STOPS)) {
                    assertThat(from).as("%s stops leading without leading", log.getFileName()).isNotNull();
                    spells.add(new Spell(log.getFileName().toString(), from, time(line)));
                    from = null;
                }
            }
            if (from != null) {
                Instant start = from;
                assertThat(killed).as("%s leads at its end without a stop line: it was killed", log.getFileName())
                        .anyMatch(s -> s.log().equals(log.getFileName().toString()) && s.from().equals(start));
            }
        }
        spells.sort(Comparator.comparing(Spell::from));
        assertThat(spells.size()).as("leader spells: the first, one after the kill, one at the end at least: %s", spells)
                .isGreaterThanOrEqualTo(2);
        for (int i = 1; i < spells.size(); i++) {
            Spell before = spells.get(i - 1);
            Spell after = spells.get(i);
            assertThat(after.from()).as("two leaders at once: %s then %s", before, after)
                    .isAfterOrEqualTo(before.until().truncatedTo(ChronoUnit.MILLIS));
            assertThat(after.log()).as("the leadership passes to another process").isNotEqualTo(before.log());
        }
    }

    private static Instant time(String line) {
        Matcher m = LOG_TIME.matcher(line);
        assertThat(m.find()).as("a timestamped log line: %s", line).isTrue();
        return OffsetDateTime.parse(m.group(1)).toInstant();
    }

    private static Instant leadLine(Path log) throws IOException {
        return Files.readString(log).lines().filter(l -> l.contains(LEADS)).map(ThreeInstancesProcessTest::time)
                .reduce((a, b) -> b).orElseThrow();
    }

    /** Whether the process writing {@code log} leads now, by its lines. */
    private static boolean leads(Path log) {
        try {
            String text = Files.readString(log);
            return text.lastIndexOf(LEADS) > Math.max(text.lastIndexOf(STOPS), text.lastIndexOf(LOST));
        } catch (IOException e) {
            return false;
        }
    }

    /** The newest log of instance {@code instance}: logs are named {@code i<instance>-<n>.txt}. */
    private static int indexOfLog(List<Path> logs, int instance) {
        for (int i = logs.size() - 1; i >= 0; i--) {
            if (logs.get(i).getFileName().toString().startsWith("i" + instance + "-")) {
                return i;
            }
        }
        throw new IllegalStateException("no log of instance " + instance);
    }

    private static boolean completed(TestPostgres.Database db, List<Claim> held) throws Exception {
        String ids = held.stream().map(c -> "'" + c.job() + "'").collect(Collectors.joining(","));
        return count(db, "SELECT count(*) FROM jobs WHERE id IN (" + ids + ") AND state = 'COMPLETED'") == held.size();
    }

    private static long unfinished(TestPostgres.Database db) throws Exception {
        return count(db, "SELECT count(*) FROM jobs WHERE queue = '" + QUEUE + "' AND state <> 'COMPLETED'");
    }

    // --- the processes and their clients ---------------------------------------------------------

    /**
     * Starts instance {@code instance} with a log of its own, {@code i<instance>-<n>.txt}, and a file
     * of its in-process runs, {@code runs-i<instance>-<n>.txt}.
     */
    private ServeProcess launch(int instance, List<Path> logs, Map<String, String> env) throws IOException {
        String launch = "i" + instance + "-" + logs.size();
        Path log = dir.resolve(launch + ".txt");
        Path runs = dir.resolve("runs-" + launch + ".txt");
        logs.add(log);
        runFiles.add(runs);
        Map<String, String> own = new HashMap<>(env);
        own.put(RecordingPlugin.RUNS, runs.toString());
        own.put("STOWAGE_WORKERS_NAME", launch);
        return ServeProcess.start(dir.resolve("data-" + instance), log, own);
    }

    /** Enqueues batches to the instances in turn until {@link #JOBS} are acknowledged. */
    private void produce(String token, AtomicReferenceArray<Integer> ports) throws Exception {
        ObjectNode batch = json.createObjectNode();
        var jobs = batch.putArray("jobs");
        for (int i = 0; i < 50; i++) {
            jobs.addObject().put("type", "work").put("maxAttempts", 20).putObject("payload").put("n", i);
        }
        String body = json.writeValueAsString(batch);
        int next = 0;
        while (!stop.get() && acknowledged.size() < JOBS) {
            if (acknowledged.size() >= allowance.get()) {
                Thread.sleep(10);
                continue;
            }
            Integer port = ports.get(next++ % 3);
            if (port == null) {
                Thread.sleep(10); // the instance is being restarted
                continue;
            }
            HttpResponse<String> answer = post(port, token, "/api/v1/queues/" + QUEUE + "/jobs", body);
            if (answer == null) {
                continue; // the instance died: this batch was not acknowledged
            }
            if (answer.statusCode() != 201) {
                unexpected.add("enqueue: " + answer.statusCode() + " " + answer.body());
                continue;
            }
            for (JsonNode item : json.readTree(answer.body()).get("items")) {
                acknowledged.add(item.get("job").get("id").asText());
            }
        }
    }

    /** Claims and completes through one instance, moving to the next when it does not answer. */
    private void work(String worker, int first, String token, AtomicReferenceArray<Integer> ports) throws Exception {
        int instance = first;
        String claim = "{\"worker\":\"" + worker + "\",\"max\":10,\"leaseSeconds\":10,\"waitSeconds\":1}";
        while (!stop.get()) {
            Integer port = ports.get(instance);
            if (port == null) {
                instance = (instance + 1) % 3;
                continue;
            }
            long sent = System.nanoTime();
            HttpResponse<String> answer = post(port, token, "/api/v1/queues/" + QUEUE + "/claim", claim);
            if (answer == null) {
                instance = (instance + 1) % 3;
                continue;
            }
            if (answer.statusCode() != 200) {
                unexpected.add("claim: " + answer.statusCode() + " " + answer.body());
                continue;
            }
            for (JsonNode job : json.readTree(answer.body()).get("jobs")) {
                Claim held = new Claim(job.get("id").asText(), job.get("lease").get("id").asText(), worker, sent);
                claims.add(held);
                instance = complete(held, instance, token, ports);
            }
        }
    }

    /** Completes one held job, on the next instance when one does not answer; returns the instance used. */
    private int complete(Claim held, int instance, String token, AtomicReferenceArray<Integer> ports)
            throws Exception {
        String body = "{\"lease\":\"" + held.lease() + "\",\"result\":{\"lease\":\"" + held.lease()
                + "\",\"worker\":\"" + held.worker() + "\"}}";
        for (int attempt = 0; attempt < 30 && !stop.get(); attempt++) {
            Integer port = ports.get(instance);
            HttpResponse<String> answer = port == null ? null
                    : post(port, token, "/api/v1/jobs/" + held.job() + "/complete", body);
            if (answer == null) {
                if (port != null) {
                    completions.add(new Completion(held.job(), held.lease(), held.worker(), Outcome.NO_ANSWER,
                            System.nanoTime()));
                }
                instance = (instance + 1) % 3;
                continue;
            }
            long at = System.nanoTime();
            if (answer.statusCode() == 200) {
                completions.add(new Completion(held.job(), held.lease(), held.worker(), Outcome.COMPLETED, at));
                completed.incrementAndGet();
            } else if (answer.statusCode() == 409 && answer.body().contains("lease-lost")) {
                completions.add(new Completion(held.job(), held.lease(), held.worker(), Outcome.REFUSED, at));
            } else {
                unexpected.add("complete: " + answer.statusCode() + " " + answer.body());
            }
            return instance;
        }
        return instance;
    }

    private final List<Claim> stalled = new ArrayList<>();

    /**
     * Claims a few jobs with a one-second lease and sits on them until other workers completed them
     * (recovery gave them back), then completes them late: each must be refused.
     */
    private void stall(String token, AtomicReferenceArray<Integer> ports, TestPostgres.Database db) throws Exception {
        String claim = "{\"worker\":\"staller\",\"max\":3,\"leaseSeconds\":1,\"waitSeconds\":5}";
        List<Claim> mine = new ArrayList<>();
        while (mine.isEmpty() && !stop.get()) {
            Integer port = ports.get(1);
            // a hold starts when its claim is sent, as for the other workers: with a one-second lease the
            // job may be recovered and run elsewhere before the answer arrives on a busy machine
            long sent = System.nanoTime();
            HttpResponse<String> answer = port == null ? null
                    : post(port, token, "/api/v1/queues/" + QUEUE + "/claim", claim);
            if (answer != null && answer.statusCode() == 200) {
                for (JsonNode job : json.readTree(answer.body()).get("jobs")) {
                    mine.add(new Claim(job.get("id").asText(), job.get("lease").get("id").asText(), "staller", sent));
                }
            }
        }
        claims.addAll(mine);
        synchronized (stalled) {
            stalled.addAll(mine);
        }
        await("the stalled jobs to be completed by other workers", () -> completed(db, mine));
        for (Claim held : mine) {
            complete(held, 2, token, ports);
        }
    }

    private HttpResponse<String> post(int port, String token, String path, String body) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null; // the instance was killed (or is being): no answer
        }
    }

    private static String adminToken(Map<String, String> env, Path dataDir) {
        var out = new StringWriter();
        var err = new StringWriter();
        Map<String, String> cliEnv = new HashMap<>(env);
        int code = new Cli(cliEnv).run(new String[] {"token", "create", "--user", "ops", "--admin", "--data-dir",
                dataDir.toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return out.toString().lines().findFirst().orElseThrow();
    }

    private void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " after " + BOUND + ": acknowledged "
                        + acknowledged.size() + ", completed " + completed.get() + ", unexpected " + unexpected);
            }
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private Thread thread(String name, Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                unexpected.add(name + " failed: " + e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }
}
