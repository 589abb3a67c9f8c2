package dev.hako.containers;

import java.io.IOException;

/** A terminal's size, as a client asks for it. */
public record WindowSize(int rows, int columns) {
    /** Sizes a client sends while it is connected. */
    @FunctionalInterface
    public interface Source {
        /** The next size, waiting for one; null when the client will send no more. */
        WindowSize next() throws IOException, InterruptedException;
    }
}
