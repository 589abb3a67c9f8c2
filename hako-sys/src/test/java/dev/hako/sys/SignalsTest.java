package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void parsesNamesNumbersAndRealTimeSignals() {
        assertEquals(Optional.of(15), Signals.parse("TERM"));
        assertEquals(Optional.of(15), Signals.parse("SIGTERM"));
        assertEquals(Optional.of(15), Signals.parse("sigterm"));
        assertEquals(Optional.of(9), Signals.parse("9"));
        assertEquals(Optional.of(28), Signals.parse("WINCH"));
        assertEquals(Optional.of(34), Signals.parse("RTMIN"));
        assertEquals(Optional.of(36), Signals.parse("SIGRTMIN+2"));
        assertEquals(Optional.of(63), Signals.parse("RTMAX-1"));
        assertEquals(Optional.empty(), Signals.parse("NOPE"));
        assertEquals(Optional.empty(), Signals.parse("0"));
        assertEquals(Optional.empty(), Signals.parse("65"));
        assertEquals(Optional.empty(), Signals.parse("RTMIN+40"));
        assertEquals(Optional.empty(), Signals.parse(""));
    }

    @Test
    void namesSignals() {
        assertEquals("SIGKILL", Signals.name(9));
        assertEquals("SIGRTMIN+2", Signals.name(36));
        assertEquals("signal 99", Signals.name(99));
    }
}
