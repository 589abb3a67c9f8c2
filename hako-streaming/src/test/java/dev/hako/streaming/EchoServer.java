package dev.hako.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP echo server on 127.0.0.1: echoes until the client half-closes, then closes. */
final class EchoServer implements AutoCloseable {
    private final ServerSocket server;

    EchoServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("echo-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = server.accept();
                Thread.ofVirtual().name("echo").start(() -> echo(s));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void echo(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
