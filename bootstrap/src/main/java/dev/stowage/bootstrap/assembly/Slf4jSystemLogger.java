package dev.stowage.bootstrap.assembly;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link System.Logger} that writes to SLF4J directly, for an application part whose lines must
 * survive a shutdown: the JDK's own goes through java.util.logging, whose {@code LogManager} resets
 * (drops the bridge) in a shutdown hook of its own, racing {@code serve}'s hook that stops the parts.
 */
final class Slf4jSystemLogger implements System.Logger {
    private final Logger log;

    Slf4jSystemLogger(Class<?> owner) {
        this.log = LoggerFactory.getLogger(owner);
    }

    @Override
    public String getName() {
        return log.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return switch (level) {
            case ALL, TRACE -> log.isTraceEnabled();
            case DEBUG -> log.isDebugEnabled();
            case INFO -> log.isInfoEnabled();
            case WARNING -> log.isWarnEnabled();
            case ERROR -> log.isErrorEnabled();
            case OFF -> false;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (!isLoggable(level)) {
            return;
        }
        switch (level) {
            case ALL, TRACE -> log.trace(msg, thrown);
            case DEBUG -> log.debug(msg, thrown);
            case INFO -> log.info(msg, thrown);
            case WARNING -> log.warn(msg, thrown);
            case ERROR -> log.error(msg, thrown);
            case OFF -> { }
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                    (Throwable) null);
        }
    }
}
