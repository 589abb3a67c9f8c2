package dev.hako.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.hako.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the resize stream, a sequence of JSON objects {"Width":W,"Height":H} (Go field names, matched
 * without regard to case as encoding/json does), into a queue for the handler. When the handler lags,
 * the oldest sizes go: only the latest size matters, and a full queue must not stall the connection.
 */
final class ResizeReader implements TerminalSizeQueue {
    private static final Logger LOG = System.getLogger("hako.streaming");
    static final int MAX_QUEUED = 16;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<TerminalSize> sizes = new ArrayDeque<>();
    private boolean ended;

    /** Starts reading {@code in} on a virtual thread until it ends or holds something else than sizes. */
    static ResizeReader start(InputStream in) {
        ResizeReader reader = new ResizeReader();
        Thread.ofVirtual().name("hako-streaming-resize").start(() -> reader.readAll(in));
        return reader;
    }

    private void readAll(InputStream in) {
        try (MappingIterator<JsonNode> values = Json.MAPPER.readerFor(JsonNode.class).readValues(in)) {
            while (values.hasNextValue()) {
                TerminalSize size = parse(values.nextValue());
                if (size == null) {
                    break;
                }
                add(size);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "resize stream ended: {0}", e.toString());
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // an InboundPipe does not throw on close
            }
            end();
        }
    }

    static TerminalSize parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        int width = 0;
        int height = 0;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            boolean isWidth = field.getKey().equalsIgnoreCase("width");
            if (!isWidth && !field.getKey().equalsIgnoreCase("height")) {
                continue;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0 || value.intValue() > 0xFFFF) {
                return null; // Go's decoder fails on it and kubelet stops reading resizes
            }
            if (isWidth) {
                width = value.intValue();
            } else {
                height = value.intValue();
            }
        }
        return new TerminalSize(width, height);
    }

    private void add(TerminalSize size) {
        lock.lock();
        try {
            if (sizes.size() == MAX_QUEUED) {
                sizes.poll();
            }
            sizes.add(size);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public TerminalSize next() throws InterruptedException {
        lock.lock();
        try {
            while (sizes.isEmpty() && !ended) {
                changed.await();
            }
            return sizes.poll();
        } finally {
            lock.unlock();
        }
    }
}
