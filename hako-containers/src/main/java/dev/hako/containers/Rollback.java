package dev.hako.containers;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo steps of a multi-step operation: each step that succeeds registers how to undo it; if the
 * operation fails, the steps are undone newest first, and failures of undo steps are attached to
 * the original error instead of hiding it.
 */
final class Rollback implements AutoCloseable {
    @FunctionalInterface
    interface Undo {
        void run() throws Exception;
    }

    private final Deque<Undo> steps = new ArrayDeque<>();
    private boolean done;

    void add(Undo undo) {
        steps.push(undo);
    }

    /** The operation succeeded: nothing is undone. */
    void commit() {
        done = true;
    }

    /** Undoes everything now (used on failure paths that do not throw). */
    void undo(Throwable cause) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (Exception e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (!done) {
            undo(null);
        }
    }
}
