package dev.hako.cli;

import dev.hako.cli.progress.PlainProgressView;
import dev.hako.cli.progress.ProgressView;
import dev.hako.cli.progress.TerminalProgressView;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * One run of the CLI: its streams, environment, terminal, clock and (lazily) the daemon
 * connection. Commands get everything from here, which is what lets tests run them in-process.
 */
public final class Cli implements AutoCloseable {
    public static final String DEFAULT_SOCKET = "/run/hako/hako.sock";
    public static final String SOCKET_ENV = "HAKO_SOCKET";
    /** Progress counters redraw at most this often per layer; phase changes always draw. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Terminal terminal;
    private Clock clock;
    private String socketOption;
    private Daemon daemon;

    /** @param clock null for the system clock, created on first use */
    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Terminal terminal, Clock clock) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** The process's own streams. Stdout is buffered (flushed before stderr writes and at exit). */
    static Cli system() {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        // The clock is left null: the zone database takes tens of milliseconds to load, and only
        // `images` needs the time.
        return new Cli(System.in, out, err, env, new ConsoleTerminal(env), null);
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Terminal terminal() {
        return terminal;
    }

    /** The time and zone for "2 weeks ago" and CreatedAt; tests fix it. */
    public Clock clock() {
        if (clock == null) {
            clock = Clock.systemDefaultZone();
        }
        return clock;
    }

    /** Prints a line on stderr after flushing stdout, so the two stay in order on a terminal. */
    public void error(String line) {
        out.flush();
        err.println(line);
        err.flush();
    }

    /** A variable of the CLI's environment (-e KEY and --env-file take values from it), or null. */
    public String getenv(String name) {
        return env.get(name);
    }

    /** HAKO_DEBUG=1 adds stack traces to error reports. */
    public boolean debug() {
        String value = env.get("HAKO_DEBUG");
        return value != null && !value.isEmpty() && !value.equals("0");
    }

    /** Set by the global --socket option. */
    void socketOption(String path) {
        this.socketOption = path;
    }

    /** --socket, else $HAKO_SOCKET, else /run/hako/hako.sock; a unix:// prefix is accepted. */
    Path socket() {
        String path = socketOption;
        if (path == null || path.isEmpty()) {
            path = env.get(SOCKET_ENV);
        }
        if (path == null || path.isEmpty()) {
            path = DEFAULT_SOCKET;
        }
        if (path.startsWith("unix://")) {
            path = path.substring("unix://".length());
        }
        return Path.of(path);
    }

    String daemonUri() {
        return "unix://" + socket();
    }

    public Daemon daemon() {
        if (daemon == null) {
            daemon = new Daemon(socket());
        }
        return daemon;
    }

    /** docker's redrawn per-layer display on a terminal, one line per phase change otherwise. */
    public ProgressView progressView() {
        return progressView(out);
    }

    /** The same display on another stream: `run` pulls with its progress on stderr, as docker does. */
    public ProgressView progressView(PrintStream target) {
        if (terminal.isTerminal()) {
            return new TerminalProgressView(target, terminal.width(), System::nanoTime, REDRAW_NANOS);
        }
        return new PlainProgressView(target);
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
        if (daemon != null) {
            daemon.close();
        }
    }
}
