package dev.hako.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cancel handle: it interrupts the operation's thread, closes what it registered, and leaves no interrupt behind. */
@Timeout(30)
class CancellationTest {
    @Test
    void cancellingInterruptsTheRunningThreadAndTheScopeClearsTheInterrupt() throws Exception {
        Cancellation cancel = new Cancellation();
        CountDownLatch entered = new CountDownLatch(1);
        boolean[] interruptedInside = {false};
        boolean[] interruptedAfter = {true};
        Thread t = Thread.ofPlatform().start(() -> {
            try (Cancellation.Scope running = cancel.enter()) {
                entered.countDown();
                Thread.sleep(60_000); // a request waiting for a registry's answer
            } catch (InterruptedException e) {
                interruptedInside[0] = true;
            }
            interruptedAfter[0] = Thread.currentThread().isInterrupted();
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        cancel.cancel("the client went away");
        t.join(10_000);
        assertTrue(interruptedInside[0], "the operation was not interrupted");
        assertFalse(interruptedAfter[0], "the interrupt outlived the operation");
        HakoException e = assertThrows(HakoException.class, cancel::check);
        assertEquals(ErrorKind.CANCELLED, e.kind());
        assertEquals("cancelled: the client went away", e.getMessage());
    }

    @Test
    void whatIsRegisteredIsClosedOnceUnlessUnregistered() {
        Cancellation cancel = new Cancellation();
        AtomicInteger downloads = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Closeable download = downloads::incrementAndGet;
        try (Cancellation.Registration gone = cancel.onCancel(finished::incrementAndGet)) {
            // a download that ends before the cancel
        }
        cancel.onCancel(download);
        cancel.cancel("first");
        cancel.cancel("second");
        assertEquals(1, downloads.get());
        assertEquals(0, finished.get());
        cancel.onCancel(download);
        assertEquals(2, downloads.get(), "registered after the cancel: closed at once");
        assertThrows(HakoException.class, cancel::enter, "an operation cancelled before it starts does not start");
        assertTrue(cancel.cancelled(null).getMessage().endsWith("first"));
    }

    @Test
    void aCancelAfterTheOperationEndedInterruptsNothing() throws Exception {
        Cancellation cancel = new Cancellation();
        try (Cancellation.Scope running = cancel.enter()) {
            assertFalse(cancel.isCancelled());
        }
        cancel.cancel("late");
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
