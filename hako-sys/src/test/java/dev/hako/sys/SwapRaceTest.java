package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CVE-2018-15664's race in miniature: a thread exchanges a directory of the root with a symlink to
 * a directory outside it (renameat2 RENAME_EXCHANGE), while paths through it are resolved and used.
 * Whatever the timing, only the root's file may be read and only the root written.
 */
class SwapRaceTest {
    private static final int TRIES = 2_000;
    private static final int RENAME_EXCHANGE = 2;
    private static final MethodHandle RENAMEAT2 = Native.function("renameat2",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT, Native.PTR, Native.INT));

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void aSwappedDirectoryNeverLeadsOutOfTheRoot(boolean walkOnly) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host");
        Files.createDirectories(root.resolve("w/d"));
        Files.writeString(root.resolve("w/d/secret"), "root");
        Files.createSymbolicLink(root.resolve("w/link"), outside);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong swaps = new AtomicLong();
        Thread swapper = Thread.ofPlatform().start(() -> swap(root.resolve("w/d"), root.resolve("w/link"), stop, swaps));
        int read = 0;
        try (RootDir r = RootDir.open(root, walkOnly)) {
            for (int i = 0; i < TRIES; i++) {
                try (Fd fd = r.open("/w/d/secret", true); Fd file = fd.reopenForReading()) {
                    String content = new String(file.inputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertEquals("root", content, "try " + i + " read outside the root");
                    read++;
                } catch (SysException e) {
                    assertEquals(Errno.ENOENT, e.errno(), e.getMessage()); // the link's target is not in the root
                }
                try (Dir d = r.openDir("/w/d"); Fd created = d.createFile("planted-" + i, 0644)) {
                    created.outputStream().write('x');
                } catch (SysException e) {
                    assertEquals(Errno.ENOENT, e.errno(), e.getMessage());
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(swaps.get() > 1000, "the swapper hardly ran: " + swaps.get());
        assertNotEquals(0, read, "nothing was read: the test proves nothing");
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("secret")), files.toList(), "a file was created outside the root");
        }
    }

    private static void swap(Path a, Path b, AtomicBoolean stop, AtomicLong swaps) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment pa = arena.allocateFrom(a.toString());
            MemorySegment pb = arena.allocateFrom(b.toString());
            while (!stop.get()) {
                int r = (int) RENAMEAT2.invokeExact(state, -100, pa, -100, pb, RENAME_EXCHANGE);
                if (r != 0) {
                    throw new IllegalStateException("renameat2: " + Errno.describe(Native.errno(state)));
                }
                swaps.incrementAndGet();
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
