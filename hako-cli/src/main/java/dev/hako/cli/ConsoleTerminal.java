package dev.hako.cli;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real terminal, through {@link System#console()}. */
final class ConsoleTerminal implements Terminal {
    // docker's fallback width when it cannot ask the terminal.
    private static final int DEFAULT_WIDTH = 200;

    private final Console console;
    private final Map<String, String> env;
    private int width = -1;

    ConsoleTerminal(Map<String, String> env) {
        this.console = System.console();
        this.env = env;
    }

    @Override
    public boolean isTerminal() {
        return console != null && console.isTerminal();
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
        return console == null ? null : console.readLine("%s", prompt);
    }

    @Override
    public char[] readPassword(String prompt) {
        return console == null ? null : console.readPassword("%s", prompt);
    }
}
