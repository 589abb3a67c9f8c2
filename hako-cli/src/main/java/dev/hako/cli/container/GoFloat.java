package dev.hako.cli.container;

import java.util.regex.Pattern;

/**
 * Go's strconv.ParseFloat for the decimal forms people type ("1.5", ".5", "2e3"), with Go's error
 * text; Java's own parser also takes "1d", "0x1p3" and "NaN", which Go does not.
 */
final class GoFloat {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private GoFloat() {}

    static double parse(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
        }
        return Double.parseDouble(s);
    }
}
