package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {
    @TempDir
    Path dir;

    @Test
    void countsBlocksOfEachInodeOnceDirectoriesIncludedAsDuDoes() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path file = Files.write(sub.resolve("file"), new byte[10_000]);
        for (int i = 0; i < 5; i++) {
            Files.createLink(dir.resolve("link-" + i), file);
        }
        Files.createSymbolicLink(dir.resolve("symlink"), Path.of("sub")); // not followed

        DiskUsage usage = DiskUsage.of(dir);
        assertEquals(du(dir), usage.bytes(), "the bytes du -s -B1 reports");
        assertEquals(4, usage.inodes(), "the directory, sub, the file once, the symlink");
        assertTrue(usage.bytes() >= 10_000, "the file's blocks: " + usage.bytes());
        assertTrue(usage.bytes() < 6 * 10_000, "hard links counted once: " + usage.bytes());
    }

    @Test
    void aMissingDirectoryUsesNothing() throws Exception {
        assertEquals(DiskUsage.NONE, DiskUsage.of(dir.resolve("absent")));
    }

    private static long du(Path dir) throws Exception {
        Process p = new ProcessBuilder("du", "-s", "-B1", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), out);
        return Long.parseLong(out.split("\\s+")[0]);
    }
}
