package dev.hako.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with captured streams, as a shell would run `hako ...`. */
public final class CliRunner {
    /** The fixed "now" of every test: 2025-06-01T12:00:00Z. */
    public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final Map<String, String> env = new HashMap<>();
    private Terminal terminal = FakeTerminal.pipe();
    private byte[] stdin = new byte[0];

    public CliRunner socket(Path socket) {
        env.put(Cli.SOCKET_ENV, socket.toString());
        return this;
    }

    public CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliRunner terminal(Terminal terminal) {
        this.terminal = terminal;
        return this;
    }

    public CliRunner stdin(byte[] bytes) {
        this.stdin = bytes;
        return this;
    }

    public CliRunner stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (Cli cli = new Cli(new ByteArrayInputStream(stdin), new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, terminal,
                Clock.fixed(NOW, ZoneOffset.UTC))) {
            status = Main.run(cli, args);
        }
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    public record Result(int status, byte[] stdout, String err) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- stdout\n" + out() + "--- stderr\n" + err;
        }
    }
}
