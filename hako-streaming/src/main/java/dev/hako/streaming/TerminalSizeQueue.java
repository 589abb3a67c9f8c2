package dev.hako.streaming;

/** The terminal sizes a client sends while a session runs, oldest first. */
@FunctionalInterface
public interface TerminalSizeQueue {
    /** A queue that has nothing and never will. */
    TerminalSizeQueue EMPTY = () -> null;

    /** Waits for the next size; {@code null} once the client can send no more. */
    TerminalSize next() throws InterruptedException;
}
