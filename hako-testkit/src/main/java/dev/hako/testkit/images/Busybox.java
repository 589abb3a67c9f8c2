package dev.hako.testkit.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A busybox root filesystem layer from Debian's busybox-static: the only real userland these
 * machines can make images from (there is no internet to pull one).
 */
public final class Busybox {
    public static final Path BINARY = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "ls", "cat", "echo", "true", "false", "id", "env",
            "sleep", "mount", "stat", "touch", "mkdir", "rm", "ps", "wc", "grep", "head", "tail", "readlink", "hostname");

    private Busybox() {}

    public static byte[] binary() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("busybox-static is not installed (" + BINARY + "): apt-get install busybox-static");
        }
        try {
            return Files.readAllBytes(BINARY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base layer: /bin/busybox, applet symlinks, /etc/passwd and /etc/group, /tmp. */
    public static LayerBuilder rootfs() {
        LayerBuilder l = new LayerBuilder()
                .dir("bin", 0755)
                .file("bin/busybox", binary(), 0755, 0, 0);
        for (String applet : APPLETS) {
            l.symlink("bin/" + applet, "busybox");
        }
        return l.dir("etc", 0755)
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
                .file("etc/group", "root:x:0:\nnogroup:x:65534:\n")
                .dir("tmp", 01777)
                .dir("root", 0700);
    }
}
