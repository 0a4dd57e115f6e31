package dev.stowage.bootstrap.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** Flushes and closes the log appenders before the process ends on its own terms. */
final class Logging {

    private Logging() {
    }

    /** Lowers Stowage's own logging to warnings and errors, for short commands. */
    static void quiet() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("dev.stowage").setLevel(Level.WARN);
        }
    }

    static void flush() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.stop();
        }
    }
}
