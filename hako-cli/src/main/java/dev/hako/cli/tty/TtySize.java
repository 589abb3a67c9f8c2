package dev.hako.cli.tty;

/** A terminal's window size, as TIOCGWINSZ reports it. */
public record TtySize(int rows, int cols) {
    public TtySize {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative terminal size " + rows + "x" + cols);
        }
    }
}
