package dev.hako.spec.user;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that exchanges two paths with renameat2(RENAME_EXCHANGE) until closed, as a hostile
 * container swaps one of its directories with a symlink out of its root.
 */
final class Swapper implements AutoCloseable {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    private static final MethodHandle RENAMEAT2 = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("renameat2").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong swaps = new AtomicLong();
    private final Thread thread;

    Swapper(Path a, Path b) {
        thread = Thread.ofPlatform().start(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pa = arena.allocateFrom(a.toString());
                MemorySegment pb = arena.allocateFrom(b.toString());
                while (!stop.get()) {
                    if ((int) RENAMEAT2.invokeExact(AT_FDCWD, pa, AT_FDCWD, pb, RENAME_EXCHANGE) != 0) {
                        throw new IllegalStateException("renameat2 failed");
                    }
                    swaps.incrementAndGet();
                }
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        });
    }

    long swaps() {
        return swaps.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join();
    }
}
