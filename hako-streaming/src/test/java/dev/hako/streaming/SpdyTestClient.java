package dev.hako.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A SPDY/3.1 client in the manner of client-go's (spdystream): HTTP upgrade over a plain socket, then
 * frames through Netty's SPDY codec, one EmbeddedChannel per direction. It never sends WINDOW_UPDATE,
 * like spdystream, so a server that waited for one would stall it.
 */
final class SpdyTestClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    /** An HTTP response head, and the body when it is not an upgrade. */
    record HttpReply(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    /** One stream this client opened; what the server sent on it. */
    static final class ClientStream {
        final int id;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Void> replied = new CompletableFuture<>();
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        volatile boolean reset;

        ClientStream(int id) {
            this.id = id;
        }

        /** Everything the server sent, once it finished (FIN, reset, or the connection's end). */
        byte[] readAll() throws Exception {
            finished.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            synchronized (received) {
                return received.toByteArray();
            }
        }

        String readAllText() throws Exception {
            return new String(readAll(), StandardCharsets.UTF_8);
        }

        String textSoFar() {
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final HttpReply reply;
    private final EmbeddedChannel encoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final EmbeddedChannel decoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final Map<Integer, ClientStream> streams = new ConcurrentHashMap<>();
    final BlockingQueue<Integer> pings = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> goAway = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Frames Go's framer would refuse; must stay empty. */
    final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int nextId = 1;

    private SpdyTestClient(Socket socket, HttpReply reply) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reply = reply;
    }

    /** Upgrades {@code url} to SPDY/3.1 offering {@code protocols}; fails with the reply if refused. */
    static SpdyTestClient connect(String url, String... protocols) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Connection", "Upgrade");
        headers.put("Upgrade", "SPDY/3.1");
        if (protocols.length > 0) {
            headers.put("X-Stream-Protocol-Version", String.join(", ", protocols));
        }
        Socket socket = open(url, "POST", headers);
        HttpReply reply = readHead(socket.getInputStream());
        if (reply.status() != 101) {
            socket.close();
            throw new IOException("upgrade refused: " + reply.status());
        }
        SpdyTestClient client = new SpdyTestClient(socket, reply);
        Thread.ofVirtual().name("spdy-test-reader").start(client::readLoop);
        return client;
    }

    /** Sends a plain request and reads the whole reply; for the refusals. */
    static HttpReply request(String url, String method, Map<String, String> headers) throws IOException {
        try (Socket socket = open(url, method, headers)) {
            InputStream in = socket.getInputStream();
            HttpReply head = readHead(in);
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new HttpReply(head.status(), head.headers(), body);
        }
    }

    private static Socket open(String url, String method, Map<String, String> headers) throws IOException {
        URI uri = URI.create(url);
        if (!uri.getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("tests connect to 127.0.0.1 only: " + url);
        }
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) WAIT.toMillis());
        StringBuilder req = new StringBuilder(method + " " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n");
        req.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static HttpReply readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return new HttpReply(status, headers, "");
    }

    HttpReply reply() {
        return reply;
    }

    /** Opens a stream with these headers (names in lower case, as Go's framer sends them). */
    synchronized ClientStream open(Map<String, String> headers) throws IOException {
        ClientStream s = new ClientStream(nextId);
        nextId += 2;
        streams.put(s.id, s);
        DefaultSpdySynStreamFrame frame = new DefaultSpdySynStreamFrame(s.id, 0, (byte) 0);
        headers.forEach((k, v) -> frame.headers().set(k, v));
        write(frame);
        return s;
    }

    ClientStream openAndWait(Map<String, String> headers) throws Exception {
        ClientStream s = open(headers);
        s.replied.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!violations.isEmpty()) {
            throw new AssertionError("a Go client would drop this connection: " + violations);
        }
        return s;
    }

    void send(ClientStream s, byte[] data) throws IOException {
        write(new DefaultSpdyDataFrame(s.id, Unpooled.wrappedBuffer(data)));
    }

    void send(ClientStream s, String text) throws IOException {
        send(s, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Half-closes the stream: the server's reader sees the end. */
    void finish(ClientStream s) throws IOException {
        SpdyDataFrame fin = new DefaultSpdyDataFrame(s.id);
        fin.setLast(true);
        write(fin);
    }

    void ping(int id) throws IOException {
        write(new DefaultSpdyPingFrame(id));
    }

    private synchronized void write(Object frame) throws IOException {
        encoder.writeOutbound(frame);
        for (ByteBuf b; (b = encoder.readOutbound()) != null; ) {
            out.write(ByteBufUtil.getBytes(b));
            b.release();
        }
        out.flush();
    }

    private void readLoop() {
        byte[] buf = new byte[16 * 1024];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(0);
            for (int n; (n = in.read(buf)) > 0; ) {
                pending.write(buf, 0, n);
                byte[] bytes = pending.toByteArray();
                int whole = checkFrames(bytes);
                pending.reset();
                pending.write(bytes, whole, bytes.length - whole);
                decoder.writeInbound(Unpooled.wrappedBuffer(bytes, 0, whole));
                for (Object frame; (frame = decoder.readInbound()) != null; ) {
                    try {
                        handle(frame);
                    } finally {
                        ReferenceCountUtil.release(frame);
                    }
                }
            }
        } catch (IOException e) {
            // the connection ended
        } finally {
            streams.values().forEach(s -> {
                s.replied.complete(null);
                s.finished.complete(null);
            });
            closed.complete(null);
        }
    }

    /**
     * Checks the complete frames at the start of {@code bytes} the way Go's framer (read.go) would,
     * where it is stricter than Netty's decoder; returns how many bytes they span. A SYN_REPLY must
     * hold a header block (at least its compressed pair count): Go drops the connection otherwise.
     */
    private int checkFrames(byte[] bytes) {
        int pos = 0;
        while (bytes.length - pos >= 8) {
            int length = (bytes[pos + 5] & 0xFF) << 16 | (bytes[pos + 6] & 0xFF) << 8 | bytes[pos + 7] & 0xFF;
            if (bytes.length - pos - 8 < length) {
                break;
            }
            boolean control = (bytes[pos] & 0x80) != 0;
            int type = (bytes[pos + 2] & 0xFF) << 8 | bytes[pos + 3] & 0xFF;
            if (control && type == 2 && length <= 4) {
                violations.add("SYN_REPLY without a header block (length " + length + ")");
            }
            pos += 8 + length;
        }
        return pos;
    }

    private void handle(Object frame) {
        switch (frame) {
            case SpdySynReplyFrame f -> stream(f.streamId()).replied.complete(null);
            case SpdyDataFrame f -> {
                ClientStream s = stream(f.streamId());
                synchronized (s.received) {
                    s.received.writeBytes(ByteBufUtil.getBytes(f.content()));
                }
                if (f.isLast()) {
                    s.finished.complete(null);
                }
            }
            case SpdyRstStreamFrame f -> {
                ClientStream s = stream(f.streamId());
                s.reset = true;
                s.replied.complete(null);
                s.finished.complete(null);
            }
            case SpdyPingFrame f -> pings.add(f.id());
            case SpdyGoAwayFrame f -> goAway.complete(f.lastGoodStreamId());
            default -> {}
        }
    }

    private ClientStream stream(int id) {
        ClientStream s = streams.get(id);
        if (s == null) {
            throw new IllegalStateException("frame for unknown stream " + id);
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
