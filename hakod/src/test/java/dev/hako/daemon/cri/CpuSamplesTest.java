package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuSamplesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void coresAreCpuTimePerSecondSinceThePreviousSample() {
        CpuSamples samples = new CpuSamples();
        assertEquals(0, samples.nanoCores("a", 5 * SECOND, 100 * SECOND), "the first sample has nothing to compare with");
        // Half a CPU second in two seconds: a quarter of a core.
        assertEquals(SECOND / 4, samples.nanoCores("a", 5 * SECOND + SECOND / 2, 102 * SECOND));
        // Two cores' worth: 4 s in 2 s.
        assertEquals(2 * SECOND, samples.nanoCores("a", 9 * SECOND + SECOND / 2, 104 * SECOND));
        assertEquals(0, samples.nanoCores("b", SECOND, 104 * SECOND), "each container has its own sample");
    }

    @Test
    void noRateWhenTimeOrTheCounterGoesBackwards() {
        CpuSamples samples = new CpuSamples();
        samples.nanoCores("a", 5 * SECOND, 100 * SECOND);
        assertEquals(0, samples.nanoCores("a", 6 * SECOND, 100 * SECOND), "no interval");
        assertEquals(0, samples.nanoCores("a", 6 * SECOND, 99 * SECOND), "an older sample");
        assertEquals(SECOND / 2, samples.nanoCores("a", 6 * SECOND, 102 * SECOND), "the kept sample is still the first");
        assertEquals(0, samples.nanoCores("a", SECOND, 103 * SECOND), "a restarted container's counter starts again");
        assertEquals(SECOND, samples.nanoCores("a", 2 * SECOND, 104 * SECOND), "and is the base from then on");
    }

    @Test
    void forgottenSamplesStartAgain() {
        CpuSamples samples = new CpuSamples();
        samples.nanoCores("gone", SECOND, SECOND);
        samples.nanoCores("kept", SECOND, SECOND);
        samples.retainOnly(Set.of("kept"));
        assertEquals(0, samples.nanoCores("gone", 2 * SECOND, 2 * SECOND));
        assertEquals(SECOND, samples.nanoCores("kept", 2 * SECOND, 2 * SECOND));
    }
}
