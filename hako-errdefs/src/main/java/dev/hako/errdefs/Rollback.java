package dev.hako.errdefs;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo steps of a multi-step operation: each step that succeeds registers how to undo it; if the
 * operation fails, the steps are undone newest first, and failures of undo steps are attached to
 * the original error instead of hiding it. Here, at the bottom, so every module undoes the same way.
 *
 * <pre>{@code
 * try (Rollback undo = new Rollback()) {
 *     make(a);
 *     undo.add(() -> remove(a));
 *     ...
 *     undo.commit();
 * }
 * }</pre>
 */
public final class Rollback implements AutoCloseable {
    @FunctionalInterface
    public interface Undo {
        void run() throws Exception;
    }

    private final Deque<Undo> steps = new ArrayDeque<>();
    private boolean done;

    public void add(Undo undo) {
        steps.push(undo);
    }

    /** The operation succeeded: nothing is undone. */
    public void commit() {
        done = true;
    }

    /** Undoes everything now, newest first; failures of the steps are attached to {@code cause} when it is given. */
    public void undo(Throwable cause) {
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
