package dev.stowage.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.bootstrap.config.ConfigLoader.Sources;
import dev.stowage.domain.queue.QueueName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage.workers.*}: the in-process workers of a service, read and checked like every block. */
class WorkerConfigTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultNoQueueIsServedInProcessAndPluginsComeFromTheClassPathAlone() {
        WorkerSettings w = ConfigLoader.load(Sources.none()).workers();

        assertThat(w.served()).isEmpty();
        assertThat(w.pluginsDir()).isEmpty();
        assertThat(w.threads()).isZero();
        assertThat(w.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(w.worker().value()).isEqualTo("serve-" + ProcessHandle.current().pid());
    }

    @Test
    void queuesAreAListInAFileOrCommaSeparatedInTheEnvironmentEachWithAnOptionalLimit() throws IOException {
        Path file = Files.writeString(dir.resolve("a.conf"),
                "stowage.workers { queues = [\"images:4\", \"big renders\"], plugins-dir = \"" + dir + "\", name = w-1,"
                        + " threads = 8, shutdown-timeout = 5s }");
        WorkerSettings fromFile = ConfigLoader.load(new Sources(Optional.of(file), Map.of(), Map.of())).workers();
        WorkerSettings fromEnv = load(Map.of("STOWAGE_WORKERS_QUEUES", "images:4, big renders")).workers();

        for (WorkerSettings w : new WorkerSettings[] {fromFile, fromEnv}) {
            assertThat(w.served()).containsExactly(
                    new WorkerSettings.ServedQueue(new QueueName("images"), OptionalInt.of(4)),
                    new WorkerSettings.ServedQueue(new QueueName("big renders"), OptionalInt.empty()));
        }
        assertThat(fromFile.pluginsDir()).contains(dir);
        assertThat(fromFile.worker().value()).isEqualTo("w-1");
        assertThat(fromFile.threads()).isEqualTo(8);
        assertThat(fromFile.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyBadEntryIsNamedWithWhatIsAllowedAndWhereItCameFrom() {
        assertThatThrownBy(() -> load(Map.of("STOWAGE_WORKERS_QUEUES", "images:0,/etc,ok:10001,a:b,ok,ok:2")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "stowage.workers.queues: 'images:0' " + WorkerSettings.NOT_A_QUEUE
                                + " (from environment variable STOWAGE_WORKERS_QUEUES)",
                        "stowage.workers.queues: '/etc' " + WorkerSettings.NOT_A_QUEUE
                                + " (from environment variable STOWAGE_WORKERS_QUEUES)",
                        "stowage.workers.queues: 'ok:10001' " + WorkerSettings.NOT_A_QUEUE
                                + " (from environment variable STOWAGE_WORKERS_QUEUES)",
                        "stowage.workers.queues: 'a:b' " + WorkerSettings.NOT_A_QUEUE
                                + " (from environment variable STOWAGE_WORKERS_QUEUES)",
                        "stowage.workers.queues: 'ok:2' names a queue listed twice"
                                + " (from environment variable STOWAGE_WORKERS_QUEUES)"));
        assertThat(WorkerSettings.NOT_A_QUEUE).contains("NAME:N").contains("a whole number between 1 and 10000");
    }

    @Test
    void theThreadsTimeoutAndNameAreCheckedAtOnce() {
        assertThatThrownBy(() -> load(Map.of("STOWAGE_WORKERS_THREADS", "5000", "STOWAGE_WORKERS_SHUTDOWN_TIMEOUT", "1h",
                "STOWAGE_WORKERS_NAME", "my worker")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "stowage.workers.threads: '5000' is not a whole number between 0 and 4096"
                                + " (from environment variable STOWAGE_WORKERS_THREADS)",
                        "stowage.workers.shutdown-timeout: '1h' is not a duration between 0s and 10m (such as 500ms, 5s, 1m)"
                                + " (from environment variable STOWAGE_WORKERS_SHUTDOWN_TIMEOUT)",
                        "stowage.workers.name: 'my worker' is not a worker name: 1-128 of letters, digits, '.', '_' and '-'"
                                + " starting with a letter or digit, or empty for serve-<pid>"
                                + " (from environment variable STOWAGE_WORKERS_NAME)"));
        assertThatThrownBy(() -> load(Map.of("STOWAGE_WORKERS_THREADS", "many")))
                .hasMessage("stowage.workers.threads: 'many' is not a whole number between 0 and 4096"
                        + " (from environment variable STOWAGE_WORKERS_THREADS)");
    }

    @Test
    void aPluginFolderThatIsNotAFolderIsRefusedWithItsOrigin() throws IOException {
        Path file = Files.writeString(dir.resolve("plugin.jar"), "not a folder");

        assertThatThrownBy(() -> load(Map.of("STOWAGE_WORKERS_PLUGINS_DIR", file.toString())))
                .hasMessage("stowage.workers.plugins-dir: '" + file + "' is not a folder: it must be an existing folder"
                        + " of job handler plugin jars, or empty for the class path alone"
                        + " (from environment variable STOWAGE_WORKERS_PLUGINS_DIR)");
        assertThatThrownBy(() -> load(Map.of("STOWAGE_WORKERS_PLUGINS_DIR", dir.resolve("missing").toString())))
                .hasMessageContaining("is not a folder");
    }

    private static StowageConfig load(Map<String, String> env) {
        return ConfigLoader.load(new Sources(Optional.empty(), env, Map.of()));
    }
}
