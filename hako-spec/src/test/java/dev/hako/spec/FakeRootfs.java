package dev.hako.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A root file system with busybox's /etc/passwd and /etc/group, plus an "app" user, in a temporary directory. */
public final class FakeRootfs {
    public static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/bin/false
            bin:x:2:2:bin:/bin:/bin/false
            mail:x:8:8:mail:/var/spool/mail:/bin/false
            www-data:x:33:33:www-data:/var/www:/bin/false
            app:x:1000:1000:app:/home/app:/bin/sh
            nobody:x:65534:65534:nobody:/home:/bin/false
            """;
    public static final String GROUP = """
            root:x:0:
            daemon:x:1:
            bin:x:2:
            tty:x:5:
            mail:x:8:
            wheel:x:10:root
            audio:x:29:app
            video:x:44:app,www-data
            www-data:x:33:
            app:x:1000:
            users:x:100:
            nogroup:x:65534:
            """;

    private FakeRootfs() {}

    /** Creates {@code dir/rootfs} with /etc/passwd and /etc/group; returns it. */
    public static Path create(Path dir) throws IOException {
        Path root = dir.resolve("rootfs");
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("etc/passwd"), PASSWD);
        Files.writeString(root.resolve("etc/group"), GROUP);
        return root;
    }
}
