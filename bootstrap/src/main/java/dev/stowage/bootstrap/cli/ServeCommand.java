package dev.stowage.bootstrap.cli;

import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.StowageConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stowage serve}: runs the service until the process is told to stop (SIGTERM or Ctrl-C),
 * then stops the HTTP server (letting requests finish), then the stores, and exits with 0.
 */
@Command(name = "serve", description = "Run the Stowage service until SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer>, CommandFactory.UsesProcess {
    private Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--port", paramLabel = "PORT",
            description = "The HTTP port (stowage.http.port); 0 picks a free one.")
    Integer port;

    @Override
    public void use(CommandFactory.Process process) {
        this.environment = process.environment();
    }

    @Override
    public Integer call() throws InterruptedException {
        var extra = new HashMap<String, String>();
        if (port != null) {
            extra.put("stowage.http.port", port.toString());
        }
        long t0 = System.nanoTime();
        StowageConfig config = options.load(environment, extra);
        long t1 = System.nanoTime();
        Stowage stowage = Stowage.service(config);
        long t2 = System.nanoTime();
        stowage.start();
        long t3 = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(stowage), "stowage-shutdown"));

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Stowage %s is serving http://%s:%d (data in %s)%n", VersionProvider.version(),
                config.http().host(), stowage.httpPort(), config.dataDir().toAbsolutePath().normalize());
        out.flush();
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        if (log.isDebugEnabled()) { // start-up time is downtime after a crash: say where it goes
            log.debug("start-up: launch {} ms, configuration {} ms, assembly {} ms, start {} ms", launchMillis(t0),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * From the process's start (to the operating system's clock tick) to {@code nanoTime}: the JVM's
     * own start, the class path, and the command line's parsing; -1 where the start is unknown.
     */
    private static long launchMillis(long nanoTime) {
        long sinceNanoTime = (System.nanoTime() - nanoTime) / 1_000_000;
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis() - sinceNanoTime)
                .orElse(-1L);
    }

    /**
     * Runs in the shutdown hook. The JVM would report a signal's exit status (143 for SIGTERM);
     * a clean stop is a normal end, so the status is set here: 0 when every part stopped cleanly.
     */
    private static void shutDown(Stowage stowage) {
        boolean clean = stowage.stop();
        LoggerFactory.getLogger(ServeCommand.class).info(clean ? "Stowage stopped" : "Stowage stopped with errors");
        Logging.flush();
        Runtime.getRuntime().halt(clean ? 0 : 1);
    }
}
