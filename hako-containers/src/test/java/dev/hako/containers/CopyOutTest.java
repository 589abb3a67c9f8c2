package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hako.sys.Fd;
import dev.hako.sys.RootDir;
import dev.hako.sys.Syscalls;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies out of a container's root: entries named from the top, symlinks as symlinks, no special files. */
class CopyOutTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("data/sub"));
        Files.writeString(root.resolve("data/sub/file"), "inside");
        Files.setLastModifiedTime(root.resolve("data/sub/file"), FileTime.from(Instant.parse("2022-03-04T05:06:07Z")));
        Files.createSymbolicLink(root.resolve("data/link"), Path.of("/etc/passwd"));
        Syscalls.mknod(root.resolve("data/fifo"), Syscalls.S_IFIFO | 0644, 0);
    }

    private byte[] tar(String path, boolean followLast, String top) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RootDir r = RootDir.open(root); Fd source = r.open(path, followLast)) {
            CopyOut.write(source, top, out);
        }
        return out.toByteArray();
    }

    private TarEntry first(String path, String top) throws IOException {
        return new TarReader(new ByteArrayInputStream(tar(path, false, top))).next();
    }

    private List<String> copy(String path, boolean followLast, String top) throws IOException {
        TarReader tar = new TarReader(new ByteArrayInputStream(tar(path, followLast, top)));
        List<String> entries = new ArrayList<>();
        for (TarEntry e; (e = tar.next()) != null; ) {
            String content = e.type() == TarEntry.Type.FILE
                    ? "=" + new String(tar.content().readAllBytes(), StandardCharsets.UTF_8) + "@" + e.modified()
                    : e.type() == TarEntry.Type.SYMLINK ? "->" + e.linkName() : "";
            entries.add(e.name() + content);
        }
        return entries;
    }

    @Test
    void aDirectoryTreeWithoutFifosAndWithSymlinksAsSymlinks() throws Exception {
        assertEquals(List.of("data/", "data/link->/etc/passwd", "data/sub/", "data/sub/file=inside@2022-03-04T05:06:07Z"),
                copy("/data", false, "data"));
    }

    @Test
    void theLastSymlinkIsCopiedAsItIsUnlessFollowed() throws Exception {
        Files.writeString(root.resolve("etc-passwd"), "root:x:0:0");
        Files.createSymbolicLink(root.resolve("data/here"), Path.of("/etc-passwd"));
        assertEquals(List.of("here->/etc-passwd"), copy("/data/here", false, "here"));
        List<String> followed = copy("/data/here", true, "here");
        assertEquals(1, followed.size());
        assertEquals("here=root:x:0:0", followed.getFirst().substring(0, followed.getFirst().indexOf('@')));
    }

    @Test
    void theRootIsDot() throws Exception {
        Files.delete(root.resolve("data/fifo"));
        assertEquals("./", copy("/", true, ".").getFirst());
    }

    @Test
    void modesOwnersAndTimesToTheMillisecond() throws Exception {
        Path file = root.resolve("data/sub/file");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2022-03-04T05:06:07.123456789Z")));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        TarEntry e = first("/data/sub/file", "file");
        assertEquals(Instant.parse("2022-03-04T05:06:07.123Z"), e.modified());
        assertEquals(0640, e.mode());
        assertEquals(((Integer) Files.getAttribute(file, "unix:uid")).longValue(), e.uid());
    }

    @Test
    void ownersPastTheUstarFieldsSurvive() throws Exception {
        assumeTrue((Integer) Files.getAttribute(tmp, "unix:uid") == 0, "chown to any owner needs root");
        Path file = root.resolve("data/sub/file");
        Files.setAttribute(file, "unix:uid", (int) 3_000_000_000L);
        Files.setAttribute(file, "unix:gid", 2_097_152);
        TarEntry e = first("/data/sub/file", "file");
        assertEquals(3_000_000_000L, e.uid());
        assertEquals(2_097_152, e.gid());
    }
}
