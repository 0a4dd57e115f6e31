package dev.stowage.bootstrap.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** Flushes and closes the log appenders before the process ends on its own terms. */
final class Logging {

    private Logging() {
    }

    static void flush() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.stop();
        }
    }
}
