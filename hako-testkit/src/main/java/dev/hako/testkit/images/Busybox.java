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

    private Busybox() {}

    private static List<String> appletNames;

    /** What {@code busybox --list} names. */
    public static synchronized List<String> applets() {
        if (appletNames == null) {
            binary();
            try {
                Process p = new ProcessBuilder(BINARY.toString(), "--list").redirectErrorStream(true).start();
                appletNames = new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
                p.waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return appletNames;
    }

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

    /** The base layer: /bin/busybox with a symlink per applet, /etc/passwd and /etc/group, /tmp. */
    public static LayerBuilder rootfs() {
        LayerBuilder l = new LayerBuilder()
                .dir("bin", 0755)
                .file("bin/busybox", binary(), 0755, 0, 0);
        for (String applet : applets()) {
            if (!applet.equals("busybox")) {
                l.symlink("bin/" + applet, "busybox");
            }
        }
        return l.dir("etc", 0755)
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n"
                        + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
                .file("etc/group", "root:x:0:\napp:x:1000:\nstaff:x:50:app\nnogroup:x:65534:\n")
                .dir("tmp", 01777)
                .dir("root", 0700)
                .dir("home", 0755)
                .dir("home/app", 0750, 1000, 1000)
                .dir("proc", 0555)
                .dir("sys", 0555)
                .dir("dev", 0755);
    }
}
