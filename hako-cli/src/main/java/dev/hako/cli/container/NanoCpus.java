package dev.hako.cli.container;

import java.math.BigDecimal;

/** docker's --cpus: a decimal number of CPUs, held as billionths (0.5 is 500000000). */
public final class NanoCpus {
    private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);

    private NanoCpus() {}

    public static long parse(String text) {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(text.trim().isEmpty() ? "x" : text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse " + text + " as a rational number");
        }
        BigDecimal nanos = cpus.multiply(BILLION);
        if (nanos.signum() != 0 && nanos.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("value is too precise");
        }
        try {
            return nanos.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("value is too large");
        }
    }
}
