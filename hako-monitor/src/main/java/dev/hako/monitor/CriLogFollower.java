package dev.hako.monitor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Follows a CRI log as conmon writes it ({@code hako logs -f}): the last lines first, then each
 * new line, across rotations (conmon reopening the log after it was moved away, or truncated),
 * until the writer is done or {@link #close()} is called. It polls: a read that finds nothing new
 * sleeps {@code pollInterval} before looking again.
 */
public final class CriLogFollower implements AutoCloseable {
    private final Path file;
    private final Duration pollInterval;
    private volatile boolean closed;

    public CriLogFollower(Path file, Duration pollInterval) {
        this.file = file;
        this.pollInterval = pollInterval;
    }

    public CriLogFollower(Path file) {
        this(file, Duration.ofMillis(100));
    }

    /**
     * Hands {@code sink} the last {@code tail} lines (every line when negative), then new lines as
     * they are written. Returns once {@code writerDone} is true (after reading what the writer
     * left, a line without its end included, marked partial), once this follower is closed, or
     * when the thread is interrupted. A line whose end has not been written yet waits for it.
     */
    public void follow(int tail, BooleanSupplier writerDone, Consumer<LogEntry> sink) throws IOException {
        // Lines are held back until the tail is known, then go straight to the sink.
        List<LogEntry> held = new ArrayList<>();
        boolean[] live = {false};
        CriLogParser parser = new CriLogParser(e -> {
            if (live[0]) {
                sink.accept(e);
            } else {
                held.add(e);
            }
        });
        FileChannel channel = open();
        Object key = fileKey();
        long position = 0;
        try {
            if (channel != null) {
                long size = channel.size();
                position = tail < 0 ? 0 : CriLog.startOfLast(channel, size, tail);
                CriLog.readRange(channel, position, size, parser);
                position = size;
            }
            held.subList(tail < 0 ? 0 : Math.max(0, held.size() - tail), held.size()).forEach(sink);
            held.clear();
            live[0] = true;

            while (!closed && !Thread.currentThread().isInterrupted()) {
                boolean done = writerDone.getAsBoolean();
                if (channel == null) {
                    channel = open();
                    key = fileKey();
                    position = 0;
                }
                long read = 0;
                if (channel != null) {
                    long size = channel.size();
                    if (size < position) {
                        position = 0; // truncated in place: start over
                    }
                    CriLog.readRange(channel, position, size, parser);
                    read = size - position;
                    position = size;
                    Object now = fileKey();
                    if (now != null && !now.equals(key)) {
                        // A new file at the path: conmon reopened the log, so it no longer writes to
                        // the old one. Read the old one to its end, then go on in the new one.
                        CriLog.readRange(channel, position, channel.size(), parser);
                        channel.close();
                        channel = null;
                        continue;
                    }
                    // No file at the path: moved away, conmon not told yet; it still writes the old one.
                }
                if (done) {
                    // The writer finished before this last read, so nothing can come after it.
                    parser.finish();
                    return;
                }
                if (read == 0) {
                    sleep();
                }
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private FileChannel open() throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null; // not written yet, or between a rename and conmon's reopen
        }
    }

    private Object fileKey() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes {@link #follow} return soon, from any thread. */
    @Override
    public void close() {
        closed = true;
    }
}
