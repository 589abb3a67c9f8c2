package dev.hako.cli.progress;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * docker's terminal display (jsonmessage.DisplayJSONMessagesStream): every layer owns a line, and
 * an update moves the cursor up to that line, rewrites it and moves back down. The cursor always
 * rests on the line below the last layer, so status lines and errors print after the layers.
 */
public final class TerminalProgressView implements ProgressView {
    private static final String ESC = "\u001b[";

    private final PrintStream out;
    private final int width;
    private final LongSupplier nanoTime;
    private final long minRedrawNanos;
    private final Map<String, Line> lines = new HashMap<>();

    /**
     * @param width          terminal columns (the bar and the time left need room, as in docker)
     * @param minRedrawNanos a counter update for the same line and action is skipped if it comes
     *                       sooner than this after the last redraw; phase changes always draw
     */
    public TerminalProgressView(PrintStream out, int width, LongSupplier nanoTime, long minRedrawNanos) {
        this.out = out;
        this.width = width;
        this.nanoTime = nanoTime;
        this.minRedrawNanos = minRedrawNanos;
    }

    @Override
    public void layer(LayerUpdate update) {
        long now = nanoTime.getAsLong();
        Line line = lines.get(update.id());
        if (line == null) {
            line = new Line(lines.size());
            lines.put(update.id(), line);
            out.print('\n'); // open the layer's line; the cursor stays below it
        } else if (update.action().equals(line.action) && now - line.drawnAt < minRedrawNanos) {
            return;
        }
        if (!update.action().equals(line.action)) {
            line.action = update.action();
            line.startedAt = now;
        }
        line.drawnAt = now;
        int up = lines.size() - line.index;
        String bar = ProgressBar.render(update.current(), update.total(), width, now - line.startedAt);
        out.print(ESC + up + "A" + ESC + "2K\r" + update.id() + ": " + update.action() + " " + bar + "\r" + ESC + up + "B");
        out.flush();
    }

    @Override
    public void status(String line) {
        // Lines from earlier layers are not touched again once something else is printed (docker
        // does the same, so that `pull -a` tags do not redraw each other).
        lines.clear();
        out.println(line);
        out.flush();
    }

    private static final class Line {
        final int index;
        String action;
        long startedAt;
        long drawnAt;

        Line(int index) {
            this.index = index;
        }
    }
}
