package dev.hako.daemon;

import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per event on stderr, as containerd logs: time, level, message. */
final class Logging {
    // JUL keeps loggers weakly: hold the ones whose level is set, or the setting is lost.
    private static final Logger GRPC = Logger.getLogger("io.grpc");
    private static final Logger NETTY = Logger.getLogger("io.grpc.netty.shaded.io.netty");
    private static final Logger HAKO = Logger.getLogger("hakod");

    private Logging() {}

    static void configure(String level) {
        Level julLevel = switch (level.toLowerCase(Locale.ROOT)) {
            case "debug", "trace" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> throw new IllegalArgumentException("unknown log level " + level + ": use debug, info, warn or error");
        };
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new ConsoleHandler();
        handler.setLevel(julLevel);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                StringBuilder sb = new StringBuilder()
                        .append("time=\"").append(Instant.ofEpochMilli(r.getMillis())).append("\" level=")
                        .append(name(r.getLevel())).append(" msg=\"").append(formatMessage(r).replace("\"", "\\\""))
                        .append("\"\n");
                if (r.getThrown() != null && julLevel.intValue() <= Level.FINE.intValue()) {
                    var sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    sb.append(sw);
                }
                return sb.toString();
            }
        });
        root.addHandler(handler);
        // The level asked for is hako's own; libraries (the JDK's TLS among them) stay at INFO and up.
        root.setLevel(julLevel.intValue() < Level.INFO.intValue() ? Level.INFO : julLevel);
        HAKO.setLevel(julLevel);
        // gRPC and Netty are chatty below WARNING.
        GRPC.setLevel(Level.WARNING);
        // Netty warns that unix sockets have no SO_KEEPALIVE, which gRPC sets on every connection.
        NETTY.setLevel(Level.SEVERE);
    }

    private static String name(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (l.intValue() >= Level.WARNING.intValue()) {
            return "warning";
        }
        if (l.intValue() >= Level.INFO.intValue()) {
            return "info";
        }
        return "debug";
    }
}
