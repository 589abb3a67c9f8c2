package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessesTest {
    @Test
    void parsesStatLinesWhoseCommandHasSpacesAndParentheses() {
        String line = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10";
        Processes.Info info = Processes.parseStat(line);
        assertEquals(new Processes.Info(4242, "my (odd) cmd", 'S', 1, 4242, 4242, 987654), info);
        assertFalse(info.zombie());
        assertTrue(Processes.parseStat("7 (z) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0").zombie());
    }

    @Test
    void seesThisJvmAndItsParent() {
        Processes.Info self = Processes.info(Processes.self()).orElseThrow();
        assertEquals(Processes.self(), self.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), self.parentPid());
        assertTrue(Processes.isAlive(Processes.self()));
        assertTrue(self.startTime() > 0);
    }

    @Test
    void aReapedChildIsGoneAndSignallingItIsESRCH() throws Exception {
        int pid = Spawn.start(new Spawn.Request(List.of("true"), Map.of(), Map.of(), null, false));
        Spawn.waitFor(pid);
        assertFalse(Processes.isAlive(pid));
        assertEquals(Optional.empty(), Processes.info(pid));
        assertFalse(Processes.signalIfAlive(pid, 0));
        SysException e = assertThrows(SysException.class, () -> Processes.kill(pid, Signals.SIGTERM));
        assertEquals(Errno.ESRCH, e.errno());
    }

    @Test
    void anUnreapedChildThatEndedIsNotAlive() throws Exception {
        int pid = Spawn.start(new Spawn.Request(List.of("true"), Map.of(), Map.of(), null, false));
        try {
            for (int i = 0; i < 200 && Processes.info(pid).map(p -> !p.zombie()).orElse(false); i++) {
                Thread.sleep(10);
            }
            assertTrue(Processes.info(pid).orElseThrow().zombie());
            assertFalse(Processes.isAlive(pid), "a zombie has ended");
        } finally {
            Spawn.waitFor(pid);
        }
    }

    @Test
    void refusesGroupAndBroadcastKills() {
        assertThrows(IllegalArgumentException.class, () -> Processes.kill(0, Signals.SIGTERM));
        assertThrows(IllegalArgumentException.class, () -> Processes.kill(-1, Signals.SIGTERM));
    }
}
