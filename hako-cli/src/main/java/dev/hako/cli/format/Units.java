package dev.hako.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Sizes and durations the way docker prints them (its go-units package), so that scripts and eyes
 * trained on docker read hako's output the same way.
 */
public final class Units {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private Units() {}

    /** go-units HumanSize: four significant digits, decimal units ("1.234MB"). */
    public static String humanSize(double size) {
        return humanSize(size, 4);
    }

    /** go-units HumanSizeWithPrecision; docker's image SIZE column uses 3 ("4.26MB"). */
    public static String humanSize(double size, int precision) {
        int unit = 0;
        while (size >= 1000.0 && unit < DECIMAL.length - 1) {
            size /= 1000.0;
            unit++;
        }
        return formatG(size, precision) + DECIMAL[unit];
    }

    /**
     * Go's {@code %.<precision>g}: rounds to that many significant digits, drops trailing zeros, and
     * switches to exponent form when the exponent is below -4 or reaches the precision (so 999.5 kB
     * prints "1e+03kB", exactly as docker does).
     */
    static String formatG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }
        // new BigDecimal(double) is exact, so HALF_EVEN rounds like Go's strconv.
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            int abs = Math.abs(exponent);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** go-units HumanDuration ("Less than a second", "About an hour", "3 weeks"). */
    public static String humanDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        double exactHours = d.toNanos() / 3.6e12;
        long hours = (long) (exactHours + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return (long) exactHours / 24 / 365 + " years";
    }

    /** Go's time.Duration.String() for a whole number of seconds ("0s", "59s", "1m1s", "1h0m0s"). */
    public static String goDuration(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        if (seconds < 0) {
            b.append('-');
            seconds = -seconds;
        }
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        if (h > 0) {
            b.append(h).append('h').append(m).append('m');
        } else if (m > 0) {
            b.append(m).append('m');
        }
        return b.append(s).append('s').toString();
    }
}
