package dev.hako.docker;

import dev.hako.images.Cancellation;
import dev.hako.images.Progress;
import dev.hako.oci.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pull's progress as docker streams it: one JSON message a line ({@code status}, {@code id},
 * {@code progressDetail}, {@code progress}), which the docker CLI draws as its bars. The stream
 * opens at the first message, so an error before it (no such image) is still an HTTP error; one
 * after it is docker's {@code errorDetail} message. A client that goes away cancels the pull.
 */
final class PullProgressStream implements Progress {
    private static final Pattern ID_STATUS = Pattern.compile("([^\\s:]+): (.+)");
    private static final int BAR = 50;

    private final Supplier<OutputStream> open;
    private final Cancellation cancel;
    private final Map<String, LayerPhase> seen = new HashMap<>();
    private OutputStream out;

    /** @param open opens the response (its headers go out then) */
    PullProgressStream(Supplier<OutputStream> open, Cancellation cancel) {
        this.open = open;
        this.cancel = cancel;
    }

    @Override
    public synchronized void layer(String id, LayerPhase phase, long current, long total) {
        LayerPhase before = seen.put(id, phase);
        if (before == null && phase != LayerPhase.ALREADY_EXISTS) {
            send(message(id, "Pulling fs layer", null));
        }
        if (before == LayerPhase.DOWNLOADING && phase != LayerPhase.DOWNLOADING) {
            send(message(id, "Download complete", null));
        }
        switch (phase) {
            case WAITING -> send(message(id, "Waiting", null));
            case DOWNLOADING -> send(message(id, "Downloading", bar(current, total)));
            case VERIFYING -> send(message(id, "Verifying Checksum", null));
            case EXTRACTING -> send(message(id, "Extracting", bar(current, total)));
            case COMPLETE -> send(message(id, "Pull complete", null));
            case ALREADY_EXISTS -> send(message(id, "Already exists", null));
            default -> { }
        }
    }

    @Override
    public synchronized void status(String line) {
        Matcher m = ID_STATUS.matcher(line);
        send(m.matches() ? message(m.group(1), m.group(2), null) : Map.of("status", line));
    }

    /** The last lines of a pull, as docker ends one. */
    synchronized void done(String digest, String familiarReference, boolean upToDate) {
        send(Map.of("status", "Digest: " + digest));
        send(Map.of("status", (upToDate ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
                + familiarReference));
    }

    /** An error after the stream began: docker's error message, which the CLI prints and exits 1 on. */
    synchronized void failed(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        send(m);
    }

    synchronized boolean started() {
        return out != null;
    }

    private static Map<String, Object> message(String id, String status, long[] bar) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (bar != null) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("current", bar[0]);
            detail.put("total", bar[1]);
            m.put("progressDetail", detail);
            m.put("progress", progressText(bar[0], bar[1]));
        } else {
            m.put("progressDetail", Map.of());
        }
        m.put("id", id);
        return m;
    }

    private static long[] bar(long current, long total) {
        return new long[] {current, total};
    }

    /** docker's text bar: {@code [=====>     ]  1.2MB/2.2MB}. */
    static String progressText(long current, long total) {
        if (total <= 0) {
            return ByteText.of(current);
        }
        int filled = (int) Math.min(BAR, BAR * current / total);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled >= BAR ? "=" : filled > 0 ? ">" : "")
                + " ".repeat(BAR - filled);
        return "[" + bar + "] " + ByteText.of(current) + "/" + ByteText.of(total);
    }

    private void send(Map<String, ?> message) {
        if (cancel.isCancelled()) {
            return;
        }
        try {
            if (out == null) {
                out = open.get();
            }
            out.write(Json.write(message));
            out.write('\n');
        } catch (IOException | java.io.UncheckedIOException e) {
            cancel.cancel("the client went away");
        }
    }

    /** Sizes as docker's progress shows them (decimal units, as go-units' HumanSize). */
    static final class ByteText {
        private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

        static String of(long bytes) {
            double v = bytes;
            int u = 0;
            while (v >= 1000 && u < UNITS.length - 1) {
                v /= 1000;
                u++;
            }
            // Go's %.4g, as docker's units.HumanSize writes it: four significant digits, no trailing zeros.
            return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
                    + UNITS[u];
        }
    }
}
