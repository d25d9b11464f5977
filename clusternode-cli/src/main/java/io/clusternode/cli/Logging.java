package io.clusternode.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/**
 * The CLI's two logging modes (see {@code logback.xml} for the quiet one). Libraries log through SLF4J
 * (Hikari, drivers) or {@code java.util.logging} (the terminal library); both are set here.
 */
final class Logging {

    /** Quiet mode: ClusterNode's warnings, one line each, no stack trace. */
    static final String BRIEF = "%-5level %logger{0} - %msg%n%nopex";
    /** Verbose mode: time, full logger name and stack traces. */
    static final String FULL = "%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n";

    /** Held so the level set on it is not lost when the JDK drops an unreferenced logger. */
    private static final java.util.logging.Logger JLINE = java.util.logging.Logger.getLogger("org.jline");

    private Logging() {
    }

    static void verbose(boolean value) {
        JLINE.setLevel(value ? java.util.logging.Level.WARNING : java.util.logging.Level.OFF);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(value ? Level.WARN : Level.OFF);
        context.getLogger("io.clusternode").setLevel(value ? Level.DEBUG : Level.WARN);
        Appender<ILoggingEvent> appender = root.getAppender("STDERR");
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(value ? FULL : BRIEF);
            encoder.start();
            stream.setEncoder(encoder);
        }
    }
}
