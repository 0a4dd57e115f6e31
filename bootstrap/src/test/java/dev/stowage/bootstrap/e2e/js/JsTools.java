package dev.stowage.bootstrap.e2e.js;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * What the JavaScript-driven tests need: {@code node}, the {@code e2e} folder's npm packages and,
 * for browser tests, Debian's {@code /usr/bin/chromium} or {@code /usr/bin/firefox-esr}.
 * {@code .ci/install-test-deps} installs them. When one is missing a test is skipped with an
 * assumption saying so, except on CI ({@code CI=true}), where it fails: there the install step must
 * have run.
 */
final class JsTools {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final String HOW = "run .ci/install-test-deps (apt-get install chromium firefox-esr nodejs npm; npm ci in e2e)";

    private JsTools() {
    }

    /** The {@code e2e} folder, with its packages installed; skips or fails when it cannot be used. */
    static Path e2e() {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../e2e").normalize();
        require(Files.isRegularFile(dir.resolve("package.json")), "no e2e folder at " + dir);
        require(onPath("node"), "node is not installed");
        require(Files.isDirectory(dir.resolve("node_modules/tus-js-client"))
                && Files.isDirectory(dir.resolve("node_modules/playwright-core")), "the e2e npm packages are not installed");
        return dir;
    }

    /** Debian's Chromium; skips or fails when it is not installed. */
    static Path chromium() {
        require(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed");
        return CHROMIUM;
    }

    /**
     * The executable of an engine that {@code e2e/browsers.js} drives: {@code chromium} (with
     * playwright-core) or {@code firefox} (Debian's Firefox ESR, with puppeteer-core); skips or
     * fails when it or its driver package is not installed.
     */
    static Path browser(Path e2e, String engine) {
        Path executable;
        String driver;
        switch (engine) {
            case "chromium" -> {
                executable = CHROMIUM;
                driver = "playwright-core";
            }
            case "firefox" -> {
                executable = FIREFOX;
                driver = "puppeteer-core";
            }
            default -> throw new IllegalArgumentException("no engine " + engine);
        }
        require(Files.isExecutable(executable), executable + " is not installed");
        require(Files.isDirectory(e2e.resolve("node_modules").resolve(driver)), "the e2e npm package " + driver + " is not installed");
        return executable;
    }

    private static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(what + " on CI: .ci/run must " + HOW);
        }
        Assumptions.assumeTrue(false, what + ": to run this test, " + HOW);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code node script args...} in {@code dir} and returns its last line on stdout; fails
     * with its stderr when it exits non-zero or has not ended after {@code timeoutMinutes} (a guard
     * against a hung browser, not a measurement).
     */
    static String node(Path dir, long timeoutMinutes, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("node-out", ".txt");
        Path err = Files.createTempFile("node-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                fail("node " + script + " did not end within " + timeoutMinutes + " minutes; stderr: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                fail("node " + script + " exited with " + p.exitValue() + "; stderr: "
                        + Files.readString(err, StandardCharsets.UTF_8) + "; stdout: " + stdout);
            }
            String[] lines = stdout.split("\n");
            return lines[lines.length - 1];
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A string or number field of a flat JSON object printed by the scripts. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"([^\"]*)\"|[^,}]+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no '" + name + "' in " + json);
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }
}
