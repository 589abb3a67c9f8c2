package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PtyTest {
    @Test
    void resizesAndCarriesBytesBothWays() throws Exception {
        try (Pty pty = Pty.open()) {
            assertTrue(pty.slave().toString().startsWith("/dev/pts/"), pty.slave().toString());
            assertTrue(Files.exists(pty.slave()));
            pty.resize(new Pty.Size(33, 120));
            assertEquals(new Pty.Size(33, 120), pty.size());
            assertEquals(new Pty.Size(33, 120), Pty.sizeOf(pty.slave()), "the size as the slave side reads it");

            try (FileOutputStream slaveOut = new FileOutputStream(pty.slave().toFile());
                    FileInputStream slaveIn = new FileInputStream(pty.slave().toFile())) {
                slaveOut.write("out\n".getBytes(StandardCharsets.UTF_8));
                byte[] buffer = new byte[100];
                int n = pty.read(buffer, 0, buffer.length);
                // The slave's line discipline turns \n into \r\n (ONLCR).
                assertEquals("out\r\n", new String(buffer, 0, n, StandardCharsets.UTF_8));

                byte[] typed = "typed\n".getBytes(StandardCharsets.UTF_8);
                pty.write(typed, 0, typed.length);
                byte[] line = new byte[100];
                int m = slaveIn.read(line);
                assertEquals("typed\n", new String(line, 0, m, StandardCharsets.UTF_8));
            }
            // The line discipline echoed what was typed (ECHO); after that, every slave descriptor
            // is closed: end of input.
            byte[] buffer = new byte[100];
            int n = pty.read(buffer, 0, buffer.length);
            assertEquals("typed\r\n", new String(buffer, 0, n, StandardCharsets.UTF_8));
            assertEquals(-1, pty.read(buffer, 0, buffer.length));
        }
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        Pty pty = Pty.open();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pty.read(new byte[10], 0, 10);
            } catch (SysException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(150);
        pty.close();
        assertEquals(-1, read.get(5, TimeUnit.SECONDS));
        assertThrows(SysException.class, () -> pty.write(new byte[1], 0, 1));
    }

    @Test
    void sizesOutsideAWinsizeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pty.Size(-1, 80));
        assertThrows(IllegalArgumentException.class, () -> new Pty.Size(24, 70000));
    }
}
