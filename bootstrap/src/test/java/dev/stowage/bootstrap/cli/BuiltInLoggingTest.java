package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The executable's built-in logging configuration is {@code logback.xml}'s: the same loggers with
 * the same levels, additivity and appenders, the same appender settings and patterns, the same
 * listeners. A change to one without the other fails here.
 */
class BuiltInLoggingTest {

    @Test
    void theBuiltInConfigurationIsTheShippedLogbackXml() throws Exception {
        URL shipped = BuiltInLogging.class.getResource("/logback.xml");
        assertThat(shipped).as("the shipped logback.xml").isNotNull();
        var fromXml = new LoggerContext();
        var joran = new JoranConfigurator();
        joran.setContext(fromXml);
        joran.doConfigure(shipped);

        var builtIn = new LoggerContext();
        BuiltInLogging.apply(builtIn);

        List<String> expected = describe(fromXml);
        assertThat(expected).as("what logback.xml configures").contains(
                "logger dev.stowage level INFO additive true appenders []",
                "logger ROOT level WARN additive true appenders [ConsoleAppender STDERR target System.err pattern "
                        + "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{30} - %msg%n]");
        assertThat(describe(builtIn)).isEqualTo(expected);
        fromXml.stop();
        builtIn.stop();
    }

    private static List<String> describe(LoggerContext context) {
        var lines = new ArrayList<String>();
        context.getStatusManager().getCopyOfStatusListenerList()
                .forEach(l -> lines.add("status listener " + l.getClass().getName()));
        context.getCopyOfListenerList().forEach(l -> lines.add("context listener " + l.getClass().getName()));
        for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
            List<String> appenders = new ArrayList<>();
            logger.iteratorForAppenders().forEachRemaining(a -> appenders.add(describe(a)));
            if (logger.getLevel() != null || !appenders.isEmpty() || !logger.isAdditive()) {
                lines.add("logger " + logger.getName() + " level " + logger.getLevel() + " additive " + logger.isAdditive()
                        + " appenders " + appenders);
            }
        }
        return lines;
    }

    private static String describe(Appender<ILoggingEvent> appender) {
        var text = new StringBuilder(appender.getClass().getSimpleName()).append(' ').append(appender.getName());
        assertThat(appender.isStarted()).as(appender.getName() + " started").isTrue();
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
            text.append(" target ").append(console.getTarget());
        }
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
            text.append(" pattern ").append(((PatternLayoutEncoder) stream.getEncoder()).getPattern());
        }
        if (appender instanceof AsyncAppenderBase<ILoggingEvent> async) {
            text.append(" queue ").append(async.getQueueSize())
                    .append(" discarding threshold ").append(async.getDiscardingThreshold())
                    .append(" never block ").append(async.isNeverBlock())
                    .append(" max flush time ").append(async.getMaxFlushTime());
            List<String> nested = new ArrayList<>();
            for (Iterator<Appender<ILoggingEvent>> i = async.iteratorForAppenders(); i.hasNext(); ) {
                nested.add(describe(i.next()));
            }
            text.append(" to ").append(nested);
        }
        return text.toString();
    }
}
