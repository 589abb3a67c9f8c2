package dev.hako.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogFollowerTest {
    @TempDir
    Path dir;

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> snapshot(List<LogEntry> seen) {
        synchronized (seen) {
            return seen.stream().map(e -> (e.partial() ? "P " : "F ") + e.text()).toList();
        }
    }

    private static void awaitSeen(List<LogEntry> seen, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (snapshot(seen).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void tailsThenFollowsAcrossRotationUntilTheWriterIsDone() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, CriLogTest.record(1, "stdout", "F", "old 1") + CriLogTest.record(2, "stdout", "F", "old 2")
                + CriLogTest.record(3, "stdout", "F", "old 3"));
        List<LogEntry> seen = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        CriLogFollower follower = new CriLogFollower(log, Duration.ofMillis(10));
        CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
            try {
                follower.follow(2, done::get, e -> {
                    synchronized (seen) {
                        seen.add(e);
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitSeen(seen, 2);
        assertEquals(List.of("F old 2", "F old 3"), snapshot(seen));

        // A piece of a line waits for its end.
        append(log, CriLogTest.record(4, "stdout", "P", "new "));
        Thread.sleep(100);
        assertEquals(2, snapshot(seen).size());
        append(log, CriLogTest.record(5, "stdout", "F", "line"));
        awaitSeen(seen, 3);
        assertEquals("F new line", snapshot(seen).get(2));

        // Rotation as the kubelet and conmon do it: the log moves away, conmon still writes to the
        // moved file until it reopens, which puts a new file at the path.
        Path rotated = dir.resolve("0.log.1");
        Files.move(log, rotated);
        append(rotated, CriLogTest.record(6, "stdout", "F", "written before the reopen"));
        Thread.sleep(50);
        append(log, CriLogTest.record(7, "stdout", "P", "after "));
        append(log, CriLogTest.record(8, "stdout", "F", "rotation"));
        awaitSeen(seen, 5);
        assertEquals(List.of("F written before the reopen", "F after rotation"), snapshot(seen).subList(3, 5));

        append(log, CriLogTest.record(9, "stderr", "P", "unfinished"));
        done.set(true);
        following.get(10, TimeUnit.SECONDS);
        assertEquals("P unfinished", snapshot(seen).getLast());
        assertEquals(6, snapshot(seen).size());
    }

    @Test
    void waitsForTheFileAndStopsWhenClosed() throws Exception {
        Path log = dir.resolve("later.log");
        List<LogEntry> seen = new ArrayList<>();
        CriLogFollower follower = new CriLogFollower(log, Duration.ofMillis(10));
        CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
            try {
                follower.follow(-1, () -> false, e -> {
                    synchronized (seen) {
                        seen.add(e);
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        append(log, CriLogTest.record(1, "stdout", "F", "hello"));
        awaitSeen(seen, 1);
        assertEquals(List.of("F hello"), snapshot(seen));
        follower.close();
        following.get(5, TimeUnit.SECONDS);
        assertTrue(following.isDone());
    }

    @Test
    void aTruncatedFileIsReadFromItsStart() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, CriLogTest.record(1, "stdout", "F", "a long first line before truncation"));
        List<LogEntry> seen = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        CriLogFollower follower = new CriLogFollower(log, Duration.ofMillis(10));
        CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
            try {
                follower.follow(-1, done::get, e -> {
                    synchronized (seen) {
                        seen.add(e);
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitSeen(seen, 1);
        Files.writeString(log, CriLogTest.record(2, "stdout", "F", "b"), StandardOpenOption.TRUNCATE_EXISTING);
        awaitSeen(seen, 2);
        done.set(true);
        following.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("F a long first line before truncation", "F b"), snapshot(seen));
    }
}
