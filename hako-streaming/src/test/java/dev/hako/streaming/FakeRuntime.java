package dev.hako.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Handlers standing in for the runtime. Exec commands: {@code out TEXT} (TEXT to stdout, "err:" TEXT
 * to stderr), {@code exit N}, {@code cat} (stdin to stdout), {@code resize N} (prints N sizes),
 * {@code big N} (N bytes to stdout), {@code fail}. Port forwards go to 127.0.0.1 on the asked port.
 */
final class FakeRuntime implements ExecHandler, AttachHandler, PortForwardHandler {
    /** What each exec saw, for the assertions. */
    record Seen(String containerId, List<String> cmd, boolean tty, boolean stdin, boolean stdout, boolean stderr) {}

    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    final BlockingQueue<String> forwarded = new LinkedBlockingQueue<>();

    @Override
    public int exec(String containerId, List<String> cmd, StreamIo io) throws IOException, InterruptedException {
        seen.add(new Seen(containerId, cmd, io.tty(), io.stdin() != null, io.stdout() != null, io.stderr() != null));
        String arg = cmd.size() > 1 ? cmd.get(1) : "";
        switch (cmd.get(0)) {
            case "out" -> {
                write(io.stdout(), arg);
                if (io.stderr() != null) {
                    write(io.stderr(), "err:" + arg);
                }
                return 0;
            }
            case "exit" -> {
                return Integer.parseInt(arg);
            }
            case "cat" -> {
                copy(io.stdin(), io.stdout());
                return 0;
            }
            case "resize" -> {
                for (int i = 0; i < Integer.parseInt(arg); i++) {
                    TerminalSize size = io.resizes().next();
                    write(io.stdout(), size == null ? "end\n" : size.width() + "x" + size.height() + "\n");
                }
                return 0;
            }
            case "big" -> {
                byte[] chunk = new byte[10_000];
                java.util.Arrays.fill(chunk, (byte) 'x');
                int left = Integer.parseInt(arg);
                while (left > 0) {
                    int n = Math.min(left, chunk.length);
                    io.stdout().write(chunk, 0, n);
                    left -= n;
                }
                return 0;
            }
            case "fail" -> throw new IOException("container " + containerId + " is not running");
            default -> throw new IllegalArgumentException("fake runtime has no command " + cmd);
        }
    }

    @Override
    public void attach(String containerId, StreamIo io) throws IOException {
        write(io.stdout(), "attached to " + containerId + "\n");
        if (io.stdin() != null) {
            copy(io.stdin(), io.stdout());
        }
    }

    @Override
    public ByteChannel connect(String podSandboxId, int port) throws IOException {
        forwarded.add(podSandboxId + ":" + port);
        return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
    }
}
