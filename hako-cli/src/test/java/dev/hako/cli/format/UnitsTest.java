package dev.hako.cli.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnitsTest {
    // Expected values are what go-units prints for the same input, quirks included (hours are
    // rounded, so 729.99 days is "1 years").
    @ParameterizedTest
    @CsvSource({
        "0, 0B",
        "1, 1B",
        "999, 999B",
        "1000, 1kB",
        "1200, 1.2kB",
        "4261520, 4.26MB",
        "4265000, 4.26MB",
        "4275000, 4.28MB",
        "4255000, 4.25MB",
        "999999, 1e+03kB",
        "12345678, 12.3MB",
        "123456789, 123MB",
        "999499, 999kB",
        "999500, 1e+03kB",
        "1000000000, 1GB",
        "77800000000, 77.8GB",
    })
    void humanSizeWithThreeDigitsLikeDockerImages(long bytes, String expected) {
        assertEquals(expected, Units.humanSize(bytes, 3));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0B",
        "1234, 1.234kB",
        "1234567, 1.235MB",
        "3400000, 3.4MB",
        "12300000, 12.3MB",
        "1000000000000, 1TB",
    })
    void humanSizeWithFourDigits(long bytes, String expected) {
        assertEquals(expected, Units.humanSize(bytes));
    }

    @ParameterizedTest
    @CsvSource({
        "0.0001234, 3, 0.000123",
        "0.00001234, 3, 1.23e-05",
        "123456, 3, 1.23e+05",
        "100, 3, 100",
        "2.5, 1, 2",
        "3.5, 1, 4",
        "4.255, 3, 4.25",
        "4.275, 3, 4.28",
        "9.995, 3, 9.99",
        "9.9951, 3, 10",
        "0.5, 3, 0.5",
        "1234567, 7, 1234567",
        "-1.5, 2, -1.5",
    })
    void formatGFollowsGo(double value, int precision, String expected) {
        assertEquals(expected, Units.formatG(value, precision));
    }

    @Test
    void formatGAgreesWithExactDecimalArithmetic() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double value = i % 2 == 0
                    ? random.nextLong(1, 1L << 40) / Math.pow(1000, random.nextInt(4))
                    : random.nextDouble() * Math.pow(10, random.nextInt(-6, 12));
            int precision = 1 + random.nextInt(5);
            assertEquals(exactG(value, precision), Units.formatG(value, precision), () -> value + " at " + precision);
        }
    }

    /** Reference: Go's rounding done the slow, obviously exact way. */
    private static String exactG(double value, int precision) {
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            int abs = Math.abs(exponent);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    @ParameterizedTest
    @CsvSource({
        "0, Less than a second",
        "1, 1 second",
        "59, 59 seconds",
        "60, About a minute",
        "119, About a minute",
        "120, 2 minutes",
        "3599, 59 minutes",
        "3600, About an hour",
        "5399, About an hour",
        "5400, 2 hours",
        "170999, 47 hours",
        "172799, 2 days",
        "172800, 2 days",
        "1207799, 13 days",
        "1209600, 2 weeks",
        "5182199, 8 weeks",
        "5184000, 2 months",
        "63070199, 24 months",
        "63071999, 1 years",
        "63072000, 2 years",
    })
    void humanDurationLikeGoUnits(long seconds, String expected) {
        assertEquals(expected, Units.humanDuration(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "59, 59s", "61, 1m1s", "3600, 1h0m0s", "3725, 1h2m5s"})
    void goDurationString(long seconds, String expected) {
        assertEquals(expected, Units.goDuration(seconds));
    }
}
