package dev.stowage.bootstrap.assembly;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends java.util.logging, and with it {@link System.Logger}, into SLF4J, so that every line comes
 * out in one format. The application layer logs through {@code System.Logger} because it may
 * depend on nothing but the JDK; the JDK's default {@code System.Logger} writes to
 * java.util.logging, whose console handler would print each record as two lines of its own format.
 *
 * <p>The JUL root logger's handlers are replaced by the bridge. A JUL logger still decides by its
 * own level first; logback's {@code LevelChangePropagator} (in {@code logback.xml}) copies
 * logback's levels onto JUL, so a disabled level is refused before any bridging work.
 */
public final class JdkLogging {

    private JdkLogging() {
    }

    /** Installs the bridge once; later calls change nothing. */
    public static synchronized void routeToSlf4j() {
        if (SLF4JBridgeHandler.isInstalled()) {
            return;
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
