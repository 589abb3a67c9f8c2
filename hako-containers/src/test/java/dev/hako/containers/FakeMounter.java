package dev.hako.containers;

import dev.hako.snapshots.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Mounts without the kernel: the lower layer's files are copied to the target, which then counts
 * as mounted until it is unmounted (emptied, as an unmount leaves the directory).
 */
final class FakeMounter implements RootfsMounter {
    final Set<Path> mounted = ConcurrentHashMap.newKeySet();
    volatile IOException failMount;
    /** Runs after a successful mount: a test's way to act between the steps of a create. */
    volatile Runnable afterMount = () -> {};

    @Override
    public void mount(List<Mount> mounts, Path target) throws IOException {
        if (failMount != null) {
            throw failMount;
        }
        Files.createDirectories(target);
        for (String option : mounts.getFirst().options()) {
            if (option.startsWith("lowerdir=")) {
                copy(Path.of(option.substring("lowerdir=".length())), target);
            }
        }
        mounted.add(target);
        afterMount.run();
    }

    @Override
    public void unmount(Path target) throws IOException {
        if (mounted.remove(target)) {
            try (Stream<Path> s = Files.list(target)) {
                for (Path p : s.toList()) {
                    dev.hako.sys.FileTrees.deleteRecursively(p);
                }
            }
        }
    }

    @Override
    public boolean isMounted(Path target) {
        return mounted.contains(target);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
