package dev.hako.cli;

import dev.hako.cli.tty.Tty;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A terminal (or not) with scripted answers to prompts. */
public final class FakeTerminal implements Terminal {
    private final boolean terminal;
    private final int width;
    private final Deque<String> answers = new ArrayDeque<>();
    public final List<String> prompts = new ArrayList<>();
    private Tty tty = Tty.NONE;

    public FakeTerminal(boolean terminal, int width, String... answers) {
        this.terminal = terminal;
        this.width = width;
        this.answers.addAll(List.of(answers));
    }

    public static FakeTerminal pipe() {
        return new FakeTerminal(false, 80);
    }

    /** A terminal on stdin and stdout, with {@code tty} for raw mode and sizes. */
    public static FakeTerminal withTty(Tty tty) {
        FakeTerminal t = new FakeTerminal(true, 80);
        t.tty = tty;
        return t;
    }

    @Override
    public Tty tty() {
        return tty;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public String readLine(String prompt) {
        prompts.add(prompt);
        return answers.poll();
    }

    @Override
    public char[] readPassword(String prompt) {
        prompts.add(prompt);
        String answer = answers.poll();
        return answer == null ? null : answer.toCharArray();
    }
}
