package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.InvalidConfigException;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job handler plugins found in {@code stowage.workers.plugins-dir} run the jobs of the queues
 * listed in {@code stowage.workers.queues}; the plugins here are compiled by the test, so their
 * classes exist only in the jar, as an operator's would.
 */
class WorkerPluginsTest {
    private static final String UPPER = """
            package com.example.plugins;

            import dev.stowage.application.worker.JobHandlerPlugin;
            import dev.stowage.domain.common.JsonText;
            import java.util.Optional;

            public final class Upper implements JobHandlerPlugin {
                @Override
                public void register(Handlers handlers) {
                    handlers.handle("texts", "upper", job -> Optional.of(JsonText.of(
                            "{\\"text\\":\\"" + Words.upper(job.payload().json()) + "\\"}")));
                }
            }
            """;
    private static final String WORDS = """
            package com.example.plugins;

            final class Words {
                static String upper(String json) {
                    return json.replaceAll("[^a-z]", "").toUpperCase(java.util.Locale.ROOT);
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aPluginJarInTheFolderRunsTheJobsOfAServedQueue() throws Exception {
        Path plugins = pluginsWith(Map.of("com.example.plugins.Upper", UPPER, "com.example.plugins.Words", WORDS),
                "com.example.plugins.Upper");
        assertThatThrownBy(() -> Class.forName("com.example.plugins.Upper"))
                .as("the plugin is in the jar only").isInstanceOf(ClassNotFoundException.class);

        try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data"))
                .set("stowage.workers.queues", "texts:2")
                .set("stowage.workers.plugins-dir", plugins.toString())
                .set("stowage.workers.name", "plugin-worker").build()) {
            stowage.start();
            List<Job> jobs = new ArrayList<>();
            for (String word : List.of("alpha", "beta", "gamma", "delta", "epsilon")) {
                jobs.add(stowage.queue().enqueue("texts", "upper", "{\"w\":\"" + word + "\"}"));
            }
            List<String> results = new ArrayList<>();
            for (Job job : jobs) {
                Job done = stowage.queue().awaitFinished(job.id(), Duration.ofMinutes(1));
                assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                results.add(done.result().map(JsonText::json).orElseThrow());
            }
            assertThat(results).containsExactly("{\"text\":\"WALPHA\"}", "{\"text\":\"WBETA\"}", "{\"text\":\"WGAMMA\"}",
                    "{\"text\":\"WDELTA\"}", "{\"text\":\"WEPSILON\"}");
        }
    }

    @Test
    void aServedQueueThatNoPluginHandlesStopsTheStartUpNamingItAndWhatWasFound() throws Exception {
        Path plugins = pluginsWith(Map.of("com.example.plugins.Upper", UPPER, "com.example.plugins.Words", WORDS),
                "com.example.plugins.Upper");

        assertThatThrownBy(() -> Stowage.builder().dataDir(dir.resolve("data"))
                .set("stowage.workers.queues", "texts, images:3")
                .set("stowage.workers.plugins-dir", plugins.toString()).build())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "stowage.workers.queues: no job handler plugin handles queue 'images' (searched the class path"
                                + " and the jars in " + plugins + "; handled: queue 'texts' [upper] by com.example.plugins.Upper)"));
        assertThat(dir.resolve("data")).as("nothing was opened").doesNotExist();
    }

    @Test
    void twoPluginsHandlingOneJobTypeOfAQueueStopTheStartUpNamingBoth() throws Exception {
        Path plugins = pluginsWith(Map.of("com.example.plugins.Upper", UPPER, "com.example.plugins.Words", WORDS,
                "com.example.plugins.Again", UPPER.replace("class Upper", "class Again")),
                "com.example.plugins.Upper", "com.example.plugins.Again");

        assertThatThrownBy(() -> Stowage.builder().dataDir(dir.resolve("data"))
                .set("stowage.workers.queues", "texts")
                .set("stowage.workers.plugins-dir", plugins.toString()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job handler plugin com.example.plugins.Again failed to register its handlers")
                .hasMessageContaining("job type 'upper' of queue 'texts' is handled by both com.example.plugins.Upper"
                        + " and com.example.plugins.Again");
    }

    @Test
    void aPluginThatCannotBeMadeOrRegistersABadNameStopsTheStartUpWithItsName() throws Exception {
        Path missing = pluginsWith(Map.of("com.example.plugins.Upper", UPPER, "com.example.plugins.Words", WORDS),
                "com.example.plugins.Missing");
        assertThatThrownBy(() -> start(missing, "texts"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a job handler plugin could not be loaded")
                .hasMessageContaining("com.example.plugins.Missing");

        Path throwing = pluginsWith(Map.of("com.example.plugins.Throwing", """
                package com.example.plugins;

                public final class Throwing implements dev.stowage.application.worker.JobHandlerPlugin {
                    public Throwing() {
                        throw new IllegalStateException("no licence key");
                    }

                    @Override
                    public void register(Handlers handlers) {
                    }
                }
                """), "com.example.plugins.Throwing");
        assertThatThrownBy(() -> start(throwing, "texts"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("com.example.plugins.Throwing")
                .hasMessageContaining("no licence key");

        Path badName = pluginsWith(Map.of("com.example.plugins.Upper", UPPER.replace("\"texts\"", "\"../texts\""),
                "com.example.plugins.Words", WORDS), "com.example.plugins.Upper");
        assertThatThrownBy(() -> start(badName, "texts"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job handler plugin com.example.plugins.Upper failed to register its handlers")
                .hasMessageContaining("queue name");
    }

    @Test
    void withNoQueueServedNoPluginIsLoaded() throws Exception {
        Path missing = pluginsWith(Map.of("com.example.plugins.Upper", UPPER, "com.example.plugins.Words", WORDS),
                "com.example.plugins.Missing");

        try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data"))
                .set("stowage.workers.plugins-dir", missing.toString()).build()) {
            stowage.start();
            assertThat(stowage.queue().enqueue("texts", "upper", "{}").state()).isEqualTo(JobState.PENDING);
        }
    }

    private void start(Path plugins, String queues) {
        try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data"))
                .set("stowage.workers.queues", queues)
                .set("stowage.workers.plugins-dir", plugins.toString()).build()) {
            stowage.start();
        }
    }

    /** A new plugin folder holding one jar of these sources, whose service entry names {@code services}. */
    private Path pluginsWith(Map<String, String> sources, String... services) throws Exception {
        Path plugins = Files.createTempDirectory(dir, "plugins");
        PluginJars.compiled(plugins.resolve("plugin.jar"), dir.resolve("scratch"), sources, List.of(services));
        return plugins;
    }
}
