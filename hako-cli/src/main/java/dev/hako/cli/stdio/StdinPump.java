package dev.hako.cli.stdio;

import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.InputStream;

/**
 * Copies the CLI's standard input into a session on its own thread, then sends close_stdin at end
 * of input (docker closes the container's stdin then). A daemon thread: a read blocked on a
 * terminal cannot be interrupted, and it must not keep the CLI alive once the container exited.
 */
final class StdinPump implements Runnable {
    private static final int BUFFER = 32 * 1024;

    private final InputStream in;
    private final StdioSession<?, ?> session;

    private StdinPump(InputStream in, StdioSession<?, ?> session) {
        this.in = in;
        this.session = session;
    }

    static Thread start(InputStream in, StdioSession<?, ?> session) {
        Thread thread = new Thread(new StdinPump(in, session), "hako-stdin");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        pump(session);
    }

    private <I> void pump(StdioSession<I, ?> s) {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            // read() returns what a terminal has (one keystroke), so keys are sent as typed.
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    s.sendData(s.protocol().stdin(ByteString.copyFrom(buffer, 0, n)));
                }
            }
        } catch (IOException e) {
            // stdin broke: treat it as its end
        }
        s.send(s.protocol().closeStdin());
    }
}
