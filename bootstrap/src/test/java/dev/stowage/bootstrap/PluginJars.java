package dev.stowage.bootstrap;

import dev.stowage.application.worker.JobHandlerPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Job handler plugin jars, as an operator would drop them into {@code stowage.workers.plugins-dir}. */
final class PluginJars {
    private static final String SERVICES = "META-INF/services/" + JobHandlerPlugin.class.getName();

    private PluginJars() {
    }

    /**
     * A jar of one plugin class of the tests (compiled with them, so also on a child's class path)
     * and its service entry, which only the jar has: the plugin is found through the folder alone.
     */
    static Path of(Path jar, Class<? extends JobHandlerPlugin> plugin) throws IOException {
        String entry = plugin.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = plugin.getClassLoader().getResourceAsStream(entry)) {
            bytes = in.readAllBytes();
        }
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put(entry, bytes);
        entries.put(SERVICES, (plugin.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        return write(jar, entries);
    }

    /**
     * A jar of plugins compiled here from source (each {@code name → source}), whose classes are
     * nowhere on the class path; the service entry names {@code services} (which may name a class
     * that is not there, or is no plugin). The sources and classes are written under {@code scratch}.
     */
    static Path compiled(Path jar, Path scratch, Map<String, String> sources, List<String> services) throws IOException {
        Path src = Files.createTempDirectory(Files.createDirectories(scratch), "src");
        Path out = Files.createTempDirectory(scratch, "classes");
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classPath(), "--release", "17"));
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null || javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the test plugin did not compile (a JDK is needed): " + sources.keySet());
        }
        Map<String, byte[]> entries = new TreeMap<>();
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                entries.put(out.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        entries.put(SERVICES, String.join("\n", services).concat("\n").getBytes(StandardCharsets.UTF_8));
        return write(jar, entries);
    }

    private static Path write(Path jar, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The real class path: surefire keeps it here when it launches through a manifest-only jar. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
