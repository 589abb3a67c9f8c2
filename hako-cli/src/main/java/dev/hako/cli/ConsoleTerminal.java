package dev.hako.cli;

import dev.hako.cli.tty.SttyTty;
import dev.hako.cli.tty.Tty;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real terminal, through {@link System#console()}, which JDK 25 gives only when stdin and
 * stdout are both a terminal. It is looked up on first use: the lookup costs 15-20 ms, and most
 * commands never ask.
 */
final class ConsoleTerminal implements Terminal {
    // docker's fallback width when it cannot ask the terminal.
    private static final int DEFAULT_WIDTH = 200;

    private final Map<String, String> env;
    private Console console;
    private boolean looked;
    private int width = -1;
    private Tty tty;

    ConsoleTerminal(Map<String, String> env) {
        this.env = env;
    }

    private Console console() {
        if (!looked) {
            console = System.console();
            looked = true;
        }
        return console;
    }

    @Override
    public boolean isTerminal() {
        Console c = console();
        return c != null && c.isTerminal();
    }

    @Override
    public int width() {
        if (width < 0) {
            width = measureWidth();
        }
        return width;
    }

    private int measureWidth() {
        String columns = env.get("COLUMNS");
        if (columns != null && columns.matches("[1-9][0-9]{0,4}")) {
            return Integer.parseInt(columns);
        }
        // The JDK has no call for the window size; stty asks the tty (once, only when progress is drawn).
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (stty.waitFor(1, TimeUnit.SECONDS) && stty.exitValue() == 0) {
                String[] rowsCols = out.split("\\s+");
                if (rowsCols.length == 2) {
                    return Integer.parseInt(rowsCols[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_WIDTH;
    }

    @Override
    public String readLine(String prompt) {
        Console c = console();
        return c == null ? null : c.readLine("%s", prompt);
    }

    @Override
    public char[] readPassword(String prompt) {
        Console c = console();
        return c == null ? null : c.readPassword("%s", prompt);
    }

    @Override
    public Tty tty() {
        if (tty == null) {
            tty = new SttyTty();
        }
        return tty;
    }
}
