package dev.stowage.bootstrap.launcher;

import java.util.concurrent.CountDownLatch;

/**
 * The application inside the jar {@link LauncherTest} hands to {@code bin/stowage}: it prints its
 * arguments; {@code serve} then waits for SIGTERM and stops with 0, as {@code stowage serve} does
 * (through {@code Runtime.halt} in its shutdown hook); with {@code --fail} it exits with 1 at once.
 */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("args: " + String.join(" ", args));
        if (java.util.Arrays.asList(args).contains("--fail")) {
            System.exit(1);
        }
        if (args.length > 0 && args[0].equals("serve")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(0)));
            System.out.println("probe is serving");
            new CountDownLatch(1).await();
        }
    }
}
