package dev.hako.monitor;

import dev.hako.sys.SeqpacketSocket;
import dev.hako.sys.SysException;
import java.util.Arrays;

/**
 * One client of a container's conmon attach socket. conmon sends what the container writes from
 * the moment of connecting, one message per read of its stdio: a stream byte ({@link Stdio}) then
 * the data. One thread may read frames while another writes input.
 */
final class ConmonAttachSession implements AttachSession {
    // conmon reads at most 8192 bytes of container output per message (STDIO_BUF_SIZE) plus the
    // stream byte; room to spare in case a later conmon sends more.
    private static final int RECEIVE_BUFFER = 64 * 1024;
    // conmon reads input messages into a 32 KiB buffer (CONN_SOCK_BUF_SIZE, minus one for
    // SOCK_SEQPACKET); a longer message would be cut, so input goes in pieces well under it.
    private static final int STDIN_CHUNK = 8192;

    private final SeqpacketSocket socket;
    private final byte[] buffer = new byte[RECEIVE_BUFFER];

    ConmonAttachSession(SeqpacketSocket socket) {
        this.socket = socket;
    }

    @Override
    public Frame read() throws SysException {
        synchronized (buffer) {
            while (true) {
                int n = socket.receive(buffer);
                if (n < 0) {
                    return null;
                }
                Stdio stream = n > 0 ? Stdio.ofAttachByte(buffer[0]) : null;
                if (stream != null && n > 1) {
                    return new Frame(stream, Arrays.copyOfRange(buffer, 1, n));
                }
                // Nothing conmon sends today; skipped rather than misread.
            }
        }
    }

    @Override
    public void writeStdin(byte[] data, int offset, int length) throws SysException {
        for (int done = 0; done < length; done += STDIN_CHUNK) {
            socket.send(data, offset + done, Math.min(STDIN_CHUNK, length - done));
        }
    }

    @Override
    public void closeStdin() throws SysException {
        socket.shutdownOutput();
    }

    @Override
    public void close() {
        socket.close();
    }
}
