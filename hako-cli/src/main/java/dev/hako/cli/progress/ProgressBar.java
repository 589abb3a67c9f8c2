package dev.hako.cli.progress;

import dev.hako.cli.format.Units;

/**
 * docker's JSONProgress.String(): "[=====>     ]  1.2MB/3.4MB 2s". The bar needs a terminal wider
 * than 110 columns and the time left one wider than 50, as in docker.
 */
public final class ProgressBar {
    private ProgressBar() {}

    /**
     * @param elapsedNanos time since this layer's transfer started, for the estimate of time left;
     *                     negative when unknown
     */
    public static String render(long current, long total, int width, long elapsedNanos) {
        if (current <= 0 && total <= 0) {
            return "";
        }
        if (total <= 0) {
            return String.format("%8s", Units.humanSize(current));
        }
        int percentage = Math.min(50, (int) ((double) current / total * 100) / 2);
        StringBuilder out = new StringBuilder();
        if (width > 110) {
            out.append('[').repeat('=', percentage).append('>').repeat(' ', Math.max(0, 50 - percentage)).append("] ");
        }
        String currentSize = Units.humanSize(current);
        if (current > total) {
            out.append(String.format("%8s", currentSize)); // a wonky total is not shown
        } else {
            out.append(String.format("%8s/%s", currentSize, Units.humanSize(total)));
        }
        if (current > 0 && elapsedNanos >= 0 && percentage < 50 && width > 50) {
            long perByte = elapsedNanos / current;
            long left;
            try {
                left = Math.multiplyExact(total - current, perByte);
            } catch (ArithmeticException e) {
                left = Long.MAX_VALUE;
            }
            out.append(' ').append(Units.goDuration(left / 1_000_000_000L));
        }
        return out.toString();
    }
}
