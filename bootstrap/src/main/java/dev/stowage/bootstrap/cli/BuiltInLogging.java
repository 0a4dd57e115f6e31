package dev.stowage.bootstrap.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import org.slf4j.Logger;

/**
 * The logging configuration of {@code logback.xml}, built in code for the {@code stowage}
 * executable, which selects it with {@link #select()} before anything logs. Reading the XML costs
 * the JVM an XML parser and logback's configuration model, several hundred classes and a few tenths
 * of a CPU second at every launch, {@code serve}'s start-up included, to produce the same objects.
 *
 * <p>Logback asks this configurator first (it is registered as a service); unless selected it
 * hands over to logback's usual search, so an application that embeds Stowage, the tests and anyone
 * who runs the jar with {@code -Dlogback.configurationFile=FILE} get that file's configuration as
 * before. {@code logback.xml} remains the configuration's description: {@code BuiltInLoggingTest}
 * checks that both make the same loggers, appenders and settings, so change them together.
 */
public final class BuiltInLogging extends ContextAwareBase implements Configurator {
    private static volatile boolean selected;

    /** Logback makes it through the service loader. */
    public BuiltInLogging() {
    }

    /**
     * Makes the built-in configuration the one logback uses, unless a file was named with
     * {@code -Dlogback.configurationFile}. Call it before anything logs.
     */
    public static void select() {
        selected = System.getProperty("logback.configurationFile") == null;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!selected) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** What {@code logback.xml} says, in the order it says it. */
    static void apply(LoggerContext context) {
        context.getStatusManager().add(new NopStatusListener());

        var julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{30} - %msg%n");
        encoder.start();
        var stderr = new ConsoleAppender<ILoggingEvent>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        var access = new AsyncAppender();
        access.setContext(context);
        access.setName("ACCESS");
        access.setQueueSize(8192);
        access.setDiscardingThreshold(0);
        access.setNeverBlock(false);
        access.setMaxFlushTime(5000);
        access.addAppender(stderr);
        access.start();

        context.getLogger("dev.stowage").setLevel(Level.INFO);
        ch.qos.logback.classic.Logger accessLog = context.getLogger("dev.stowage.http.access");
        accessLog.setAdditive(false);
        accessLog.addAppender(access);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
    }
}
