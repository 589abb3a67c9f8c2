package dev.hako.it.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Container tests need root, runc and conmon: without them they fail, saying what to install. */
final class Prerequisites {
    private Prerequisites() {}

    static void require() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("container tests must run as root");
        }
        for (String tool : List.of("runc", "conmon")) {
            boolean found = Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/usr/sbin", tool));
            if (!found) {
                throw new IllegalStateException(tool + " is not installed: apt-get install " + tool);
            }
        }
    }
}
