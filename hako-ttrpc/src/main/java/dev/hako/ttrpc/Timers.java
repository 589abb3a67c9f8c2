package dev.hako.ttrpc;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The one timer thread for call deadlines, made only when a call first has one. */
final class Timers {
    private Timers() {}

    static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("ttrpc-deadlines").factory());
        // A call that ends early cancels its timer task: drop it now, not when it would have fired.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
