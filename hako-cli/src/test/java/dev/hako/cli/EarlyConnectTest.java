package dev.hako.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyConnectTest {
    @Test
    void commandsConnectButHelpDoesNot() {
        assertTrue(EarlyConnect.worthIt(new String[] {"run", "--rm", "busybox", "true"}));
        assertFalse(EarlyConnect.worthIt(new String[] {}));
        assertFalse(EarlyConnect.worthIt(new String[] {"help", "run"}));
        assertFalse(EarlyConnect.worthIt(new String[] {"run", "--help"}));
        assertFalse(EarlyConnect.worthIt(new String[] {"-h"}));
        // After "--" a -h belongs to the container's command.
        assertTrue(EarlyConnect.worthIt(new String[] {"run", "busybox", "--", "ls", "-h"}));
    }

    @Test
    void socketOptionIsTheGlobalOneOnly() {
        assertEquals("/tmp/a.sock", EarlyConnect.socketOption(new String[] {"--socket", "/tmp/a.sock", "ps"}));
        assertEquals("/tmp/b.sock", EarlyConnect.socketOption(new String[] {"--socket=/tmp/b.sock", "ps", "-a"}));
        assertNull(EarlyConnect.socketOption(new String[] {"ps", "--socket", "/tmp/c.sock"}));
        assertNull(EarlyConnect.socketOption(new String[] {"--socket"}));
    }
}
