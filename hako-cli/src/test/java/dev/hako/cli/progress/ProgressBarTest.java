package dev.hako.cli.progress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressBarTest {
    @Test
    void matchesDockersJsonProgressString() {
        assertEquals("", ProgressBar.render(0, 0, 200, 0));
        assertEquals("   1.2MB", ProgressBar.render(1_200_000, 0, 200, 0));
        // "%8v" pads the current size to 8 columns, as docker does.
        assertEquals("[=========================>                         ]    1.7MB/3.4MB",
                ProgressBar.render(1_700_000, 3_400_000, 200, -1));
        assertEquals("[==================================================>]    3.4MB/3.4MB",
                ProgressBar.render(3_400_000, 3_400_000, 200, 5_000_000_000L));
    }

    @Test
    void narrowTerminalsDropTheBarThenTheEstimate() {
        // Half done in 2 s: about 2 s left, truncated to whole seconds from integer nanoseconds per byte.
        assertEquals("   1.7MB/3.4MB 1s", ProgressBar.render(1_700_000, 3_400_000, 80, 2_000_000_000L));
        assertEquals("   1.7MB/3.4MB", ProgressBar.render(1_700_000, 3_400_000, 50, 2_000_000_000L));
    }

    @Test
    void aCurrentBeyondTheTotalHidesTheTotal() {
        assertEquals("   3.5MB", ProgressBar.render(3_500_000, 3_400_000, 80, -1));
    }
}
