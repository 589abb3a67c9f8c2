package dev.hako.streaming;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A client of the channel.k8s.io WebSocket protocols on the JDK's WebSocket, collecting what arrives per channel. */
final class WebSocketTestClient implements WebSocket.Listener, AutoCloseable {
    private final boolean base64;
    private final Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();
    /** Every message in arrival order, channel byte first (decoded for base64). */
    final List<byte[]> messages = new ArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private WebSocket socket;

    private WebSocketTestClient(boolean base64) {
        this.base64 = base64;
    }

    /** Connects offering {@code subprotocols} (none: the unversioned protocol); fails if the handshake does. */
    static WebSocketTestClient connect(String url, String... subprotocols) throws Exception {
        if (!URI.create(url).getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("tests connect to 127.0.0.1 only: " + url);
        }
        boolean base64 = subprotocols.length > 0 && subprotocols[0].contains("base64");
        WebSocketTestClient client = new WebSocketTestClient(base64);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.socket = builder.buildAsync(URI.create(url.replaceFirst("^http:", "ws:")), client)
                .get(SpdyTestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        synchronized (this) {
            partial.writeBytes(bytes);
            if (last) {
                deliver(partial.toByteArray());
                partial.reset();
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this) {
            partialText.append(data);
            if (last) {
                String text = partialText.toString();
                partialText.setLength(0);
                byte[] payload = Base64.getDecoder().decode(text.substring(1));
                byte[] message = new byte[payload.length + 1];
                message[0] = (byte) (text.charAt(0) - '0');
                System.arraycopy(payload, 0, message, 1, payload.length);
                deliver(message);
            }
        }
        return null;
    }

    private void deliver(byte[] message) {
        messages.add(message);
        if (message.length > 0) {
            channels.computeIfAbsent(message[0] & 0xFF, k -> new ByteArrayOutputStream()).write(message, 1, message.length - 1);
        }
        notifyAll();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    void send(int channel, byte[] data) throws Exception {
        if (base64) {
            socket.sendText((char) ('0' + channel) + Base64.getEncoder().encodeToString(data), true).get();
        } else {
            byte[] message = new byte[data.length + 1];
            message[0] = (byte) channel;
            System.arraycopy(data, 0, message, 1, data.length);
            socket.sendBinary(ByteBuffer.wrap(message), true).get();
        }
    }

    void send(int channel, String text) throws Exception {
        send(channel, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The v5 close signal: the client will send no more on {@code channel}. */
    void sendCloseSignal(int channel) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, (byte) channel}), true).get();
    }

    /** Waits until the server closes, then returns what each channel received. */
    String awaitClosedAndRead(int channel) throws Exception {
        closed.get(SpdyTestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        return read(channel);
    }

    synchronized String read(int channel) {
        ByteArrayOutputStream b = channels.get(channel);
        return b == null ? "" : b.toString(StandardCharsets.UTF_8);
    }

    synchronized byte[] readBytes(int channel) {
        ByteArrayOutputStream b = channels.get(channel);
        return b == null ? new byte[0] : b.toByteArray();
    }

    /** Waits until {@code channel} holds at least {@code n} bytes. */
    synchronized byte[] awaitBytes(int channel, int n) throws InterruptedException {
        long deadline = System.nanoTime() + SpdyTestClient.WAIT.toNanos();
        while (readBytes(channel).length < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("channel " + channel + " got " + readBytes(channel).length + " of " + n + " bytes");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return readBytes(channel);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
