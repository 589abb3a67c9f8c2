package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A root with a real procfs mounted at /proc (root only: it mounts one). Its magic links
 * (/proc/self/root, /proc/self/cwd, /proc/self/fd/N) point at hakod's own view of the host; openat2
 * refuses to jump through them (RESOLVE_NO_MAGICLINKS), and the walk reads them as text, which
 * names paths inside the root. Either way the host's file is never reached.
 */
class RootDirMagicLinksIT {
    @TempDir
    Path tmp;
    Path root;
    Path hostSecret;

    @BeforeEach
    void mountProc() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("RootDirMagicLinksIT must run as root: it mounts a procfs");
        }
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("proc"));
        hostSecret = Files.writeString(tmp.resolve("host-secret"), "host secret");
        Syscalls.mount("proc", root.resolve("proc"), "proc", 0, null);
    }

    @AfterEach
    void unmountProc() throws Exception {
        Syscalls.umount(root.resolve("proc"), Syscalls.MNT_DETACH);
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void magicLinksNeverLeadToTheHost(boolean walkOnly) throws Exception {
        int hostDir = FileDescriptors.open(tmp, Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC);
        try (RootDir r = RootDir.open(root, walkOnly)) {
            for (String path : List.of("/proc/self/root" + hostSecret, "/proc/self/cwd/../../../../.." + hostSecret,
                    "/proc/self/fd/" + hostDir + "/host-secret", "/proc/thread-self/root" + hostSecret)) {
                SysException e = assertThrows(SysException.class, () -> r.open(path, true).close(), path);
                int expected = walkOnly ? Errno.ENOENT : Errno.ELOOP;
                assertEquals(expected, e.errno(), path + ": " + e.getMessage());
            }
            try (Fd self = r.open("/proc/self/root", false)) {
                assertTrue(self.stat().isSymlink(), "the link itself can still be looked at");
            }
        } finally {
            FileDescriptors.close(hostDir);
        }
    }
}
