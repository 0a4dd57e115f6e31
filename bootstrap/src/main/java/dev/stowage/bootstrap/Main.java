package dev.stowage.bootstrap;

import dev.stowage.bootstrap.assembly.JdkLogging;
import dev.stowage.bootstrap.cli.BuiltInLogging;
import dev.stowage.bootstrap.cli.Cli;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** The {@code stowage} executable: {@code java -jar stowage.jar --help}. */
public final class Main {

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        BuiltInLogging.select(); // before anything logs: the configuration of logback.xml, without reading it
        JdkLogging.routeToSlf4j(); // before anything logs through java.util.logging or System.Logger
        Charset charset = Charset.defaultCharset();
        var out = new PrintWriter(System.out, true, charset);
        var err = new PrintWriter(System.err, true, charset);
        int code;
        try {
            code = new Cli(System.getenv()).run(args, out, err);
        } finally {
            Cli.flushLogs(); // the access log is written asynchronously: write out what is queued
        }
        System.exit(code);
    }
}
