package dev.hako.cli.transfer;

import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** LocalArchive writes what TarReader (and so the daemon's reader) reads back, long and odd names included. */
class TarRoundTripTest {
    @TempDir
    Path tmp;

    private static Map<String, TarEntry> read(InputStream tar, Map<String, String> contents) throws IOException {
        Map<String, TarEntry> entries = new LinkedHashMap<>();
        TarReader reader = new TarReader(tar);
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            entries.put(e.name(), e);
            contents.put(e.name(), new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
        }
        return entries;
    }

    @Test
    void aTreeRoundTrips() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        String deep = "d".repeat(60) + "/" + "e".repeat(60);        // > 100 bytes: PAX path
        String huge = "f".repeat(200);                              // one step > 100: PAX path
        Files.createDirectories(src.resolve(deep));
        Files.writeString(src.resolve(deep).resolve("file.txt"), "deep");
        Files.writeString(src.resolve(huge), "huge");
        Files.writeString(src.resolve("ünïcode ✓"), "utf8");
        Files.createSymbolicLink(src.resolve("link"), Path.of("../" + "l".repeat(150)));
        Path exec = Files.writeString(src.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(exec, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(exec, FileTime.fromMillis(1_600_000_000_000L));

        Map<String, String> contents = new LinkedHashMap<>();
        Map<String, TarEntry> entries;
        try (InputStream tar = LocalArchive.of(src, "renamed", false)) {
            entries = read(tar, contents);
        }
        assertEquals(TarEntry.Type.DIRECTORY, entries.get("renamed/").type());
        assertEquals("deep", contents.get("renamed/" + deep + "/file.txt"));
        assertEquals("huge", contents.get("renamed/" + huge));
        assertEquals("utf8", contents.get("renamed/ünïcode ✓"));
        assertEquals("../" + "l".repeat(150), entries.get("renamed/link").linkName());
        assertEquals(TarEntry.Type.SYMLINK, entries.get("renamed/link").type());
        TarEntry run = entries.get("renamed/run.sh");
        assertEquals(0750, run.mode());
        assertEquals(Instant.ofEpochSecond(1_600_000_000L), run.modified());
        assertEquals(0, run.uid()); // root's, unless cp -a
        assertEquals("renamed/", entries.keySet().iterator().next());
    }

    @Test
    void contentsOnlyAndSingleFiles() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("a"), "A");
        Map<String, String> contents = new LinkedHashMap<>();
        try (InputStream tar = LocalArchive.of(src, "", false)) {
            assertEquals(java.util.List.of("a"), java.util.List.copyOf(read(tar, contents).keySet()));
        }
        try (InputStream tar = LocalArchive.of(src.resolve("a"), "b.txt", true)) {
            Map<String, TarEntry> entries = read(tar, contents);
            assertEquals(java.util.List.of("b.txt"), java.util.List.copyOf(entries.keySet()));
            assertEquals(Files.getAttribute(src.resolve("a"), "unix:uid"), (int) entries.get("b.txt").uid());
        }
    }
}
