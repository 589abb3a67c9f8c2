package dev.hako.monitor;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns bytes of a CRI log, fed in any pieces, into whole lines: a record is parsed once its
 * newline arrives, P records wait (per stream) for the F record that ends their line.
 */
final class CriLogParser {
    private final Consumer<LogEntry> sink;
    private final ByteArrayOutputStream record = new ByteArrayOutputStream();
    private final Map<Stdio, Pending> pending = new EnumMap<>(Stdio.class);

    private static final class Pending {
        final Instant time;
        final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Pending(Instant time) {
            this.time = time;
        }
    }

    CriLogParser(Consumer<LogEntry> sink) {
        this.sink = sink;
    }

    void feed(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                if (record.size() == 0) {
                    parseRecord(bytes, start, i - start);
                } else {
                    record.write(bytes, start, i - start);
                    byte[] whole = record.toByteArray();
                    record.reset();
                    parseRecord(whole, 0, whole.length);
                }
                start = i + 1;
            }
        }
        record.write(bytes, start, end - start);
    }

    private void parseRecord(byte[] bytes, int offset, int length) {
        // A line that is no CRI record (a rotation cut it, someone wrote into the file) is skipped.
        CriRecord.parse(bytes, offset, length).ifPresent(this::accept);
    }

    private void accept(CriRecord r) {
        Pending p = pending.get(r.stream());
        if (r.partial()) {
            if (p == null) {
                p = new Pending(r.time());
                pending.put(r.stream(), p);
            }
            p.line.writeBytes(r.content());
            return;
        }
        if (p == null) {
            sink.accept(new LogEntry(r.time(), r.stream(), r.content(), false));
            return;
        }
        p.line.writeBytes(r.content());
        pending.remove(r.stream());
        sink.accept(new LogEntry(p.time, r.stream(), p.line.toByteArray(), false));
    }

    /** True while a line's P pieces wait for their F, or a record for its newline. */
    boolean hasPending() {
        return !pending.isEmpty() || record.size() > 0;
    }

    /** Hands out the lines still waiting for their end, marked partial: the writer is done. */
    void finish() {
        if (record.size() > 0) {
            byte[] whole = record.toByteArray();
            record.reset();
            parseRecord(whole, 0, whole.length);
        }
        pending.entrySet().stream()
                .sorted(Map.Entry.comparingByValue((a, b) -> a.time.compareTo(b.time)))
                .forEach(e -> sink.accept(new LogEntry(e.getValue().time, e.getKey(), e.getValue().line.toByteArray(), true)));
        pending.clear();
    }
}
