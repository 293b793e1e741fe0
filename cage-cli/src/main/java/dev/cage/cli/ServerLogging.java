package dev.cage.cli;

import java.time.temporal.ChronoUnit;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Makes the node's log fit a terminal: one line per record, warnings and errors only unless {@code --verbose}.
 * The node logs through {@code System.Logger}, which lands in {@code java.util.logging} when nothing else is set
 * up; its default two-line INFO records would repeat what {@code cage server} already prints.
 */
final class ServerLogging {
    private ServerLogging() {
    }

    static void configure(boolean verbose) {
        Logger root = Logger.getLogger("");
        root.setLevel(verbose ? Level.INFO : Level.WARNING);
        for (Handler h : root.getHandlers()) {
            h.setFormatter(new OneLine());
        }
    }

    /** {@code 2025-01-31T12:00:00Z WARNING message}, then the stack trace if there is one. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder s = new StringBuilder()
                .append(r.getInstant().truncatedTo(ChronoUnit.SECONDS)).append(' ')
                .append(r.getLevel().getName()).append(' ')
                .append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                s.append(trace);
            }
            return s.toString();
        }
    }
}
