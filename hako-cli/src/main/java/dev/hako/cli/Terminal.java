package dev.hako.cli;

import dev.hako.cli.tty.Tty;

/** What the CLI asks of the user's terminal; tests supply a fake. */
public interface Terminal {
    /** True when stdin and stdout are both a terminal (JDK 22+ Console.isTerminal semantics). */
    boolean isTerminal();

    /** Columns of the terminal, for the progress bars. */
    int width();

    /** Prompts and reads a line; null at end of input. */
    String readLine(String prompt);

    /** Prompts and reads a line without echo; null at end of input. */
    char[] readPassword(String prompt);

    /** Raw mode, window size and its changes, for `run -it` and `exec -it`. */
    default Tty tty() {
        return Tty.NONE;
    }
}
