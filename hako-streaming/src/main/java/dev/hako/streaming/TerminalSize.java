package dev.hako.streaming;

import dev.hako.errdefs.HakoException;

/** A terminal's size in character cells, as a client sends it on the resize stream. */
public record TerminalSize(int width, int height) {
    public TerminalSize {
        if (width < 0 || width > 0xFFFF || height < 0 || height > 0xFFFF) {
            throw HakoException.invalid("terminal size %dx%d is out of range", width, height);
        }
    }
}
