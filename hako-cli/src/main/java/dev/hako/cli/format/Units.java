package dev.hako.cli.format;

import java.time.Duration;

/**
 * Sizes and durations the way docker prints them (its go-units package), so that scripts and eyes
 * trained on docker read hako's output the same way.
 */
public final class Units {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

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

    /** go-units BytesSize: four significant digits, binary units ("1.172MiB"), as `stats` shows memory. */
    public static String bytesSize(double size) {
        int unit = 0;
        while (size >= 1024.0 && unit < BINARY.length - 1) {
            size /= 1024.0;
            unit++;
        }
        return formatG(size, 4) + BINARY[unit];
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
        Decimal d = Decimal.shortest(Math.abs(value)).round(precision, Math.abs(value));
        String sign = value < 0 ? "-" : "";
        int exponent = d.point - 1;
        String digits = d.digits;
        if (exponent < -4 || exponent >= precision) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int abs = Math.abs(exponent);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
        }
        if (d.point <= 0) {
            return sign + "0." + "0".repeat(-d.point) + digits;
        }
        if (d.point >= digits.length()) {
            return sign + digits + "0".repeat(d.point - digits.length());
        }
        return sign + digits.substring(0, d.point) + "." + digits.substring(d.point);
    }

    /**
     * A positive decimal 0.{@code digits} × 10^{@code point}, digits without leading or trailing
     * zeros. Built from Double.toString (the shortest digits that identify the double, as Go's) to
     * stay cheap on a cold JVM: exact BigDecimal arithmetic costs milliseconds there, so it is used
     * only to break a tie.
     */
    private record Decimal(String digits, int point) {
        static Decimal shortest(double positive) {
            String s = Double.toString(positive); // "4.26152", "0.00123", "1.0E7", "1.2E-5"
            int e = s.indexOf('E');
            int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
            String mantissa = e < 0 ? s : s.substring(0, e);
            int dot = mantissa.indexOf('.');
            String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
            int lead = 0;
            while (lead < all.length() - 1 && all.charAt(lead) == '0') {
                lead++;
            }
            return trimmed(all.substring(lead), dot + exp - lead);
        }

        /** Rounds half to even on the exact value of {@code exact}, as Go's strconv does. */
        Decimal round(int precision, double exact) {
            if (digits.length() <= precision) {
                return this;
            }
            char next = digits.charAt(precision);
            boolean up;
            if (next != '5' || digits.length() > precision + 1) {
                up = next >= '5';
            } else {
                // The shortest digits end on a tie; the double itself lies above, below or on it.
                int cmp = new java.math.BigDecimal(exact).compareTo(new java.math.BigDecimal("0." + digits).scaleByPowerOfTen(point));
                up = cmp > 0 || (cmp == 0 && (digits.charAt(precision - 1) - '0') % 2 == 1);
            }
            char[] kept = digits.substring(0, precision).toCharArray();
            int newPoint = point;
            if (up) {
                int i = kept.length - 1;
                while (i >= 0 && kept[i] == '9') {
                    kept[i--] = '0';
                }
                if (i < 0) {
                    return trimmed("1", point + 1); // 9.99 → 10.0
                }
                kept[i]++;
            }
            return trimmed(new String(kept), newPoint);
        }

        private static Decimal trimmed(String digits, int point) {
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0') {
                end--;
            }
            return new Decimal(digits.substring(0, end), point);
        }
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
