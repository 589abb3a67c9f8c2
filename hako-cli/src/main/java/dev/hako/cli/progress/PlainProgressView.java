package dev.hako.cli.progress;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress for logs and pipes: one line each time a layer changes phase, never a byte counter, so
 * that CI logs stay short.
 */
public final class PlainProgressView implements ProgressView {
    private final PrintStream out;
    private final Map<String, String> lastAction = new HashMap<>();

    public PlainProgressView(PrintStream out) {
        this.out = out;
    }

    @Override
    public void layer(LayerUpdate update) {
        if (!update.action().equals(lastAction.put(update.id(), update.action()))) {
            out.println(update.id() + ": " + update.action());
            out.flush();
        }
    }

    @Override
    public void status(String line) {
        out.println(line);
        out.flush();
    }
}
