package dev.hako.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A parent cgroup "/hako-cgtest-RANDOM" of the integration tests' own, in the hierarchies they
 * use, and its cleanup. The cleanup does not use the code under test: it kills the processes in
 * the test's cgroups (only the tests' children are ever moved there) and rmdirs every directory
 * below the parent, so nothing is left on the host even when a test or {@link Cgroups#remove} fails.
 * The host's own cgroups are never written: everything happens below the new parent.
 */
final class TestCgroup implements AutoCloseable {
    final String parent;
    private final List<Path> hierarchies;

    TestCgroup(List<Path> hierarchies) {
        this.parent = "/hako-cgtest-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
        this.hierarchies = hierarchies;
    }

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the cgroup integration tests must run as root (they create cgroups and move processes into them)");
        }
    }

    /** Makes {@code path} (below {@link #parent}) in {@code hierarchy}; the parent must be new. */
    Path mkdir(Path hierarchy, String path) {
        if (!path.startsWith(parent + "/")) {
            throw new IllegalArgumentException(path + " is not below the test parent " + parent);
        }
        if (!hierarchies.contains(hierarchy)) {
            throw new IllegalArgumentException(hierarchy + " is not one of this test's hierarchies");
        }
        Path parentDir = hierarchy.resolve(parent.substring(1));
        try {
            try {
                Files.createDirectory(parentDir);
            } catch (FileAlreadyExistsException e) {
                // made by an earlier mkdir of this test
            }
            Path dir = hierarchy.resolve(path.substring(1));
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        for (Path h : hierarchies) {
            Path top = h.resolve(parent.substring(1));
            if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            List<Path> dirs = new ArrayList<>();
            collect(top, dirs);
            for (Path d : dirs) {
                killAll(d);
            }
            for (Path d : dirs) {
                if (!rmdir(d)) {
                    problems.add(d.toString());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("test cgroups left behind: " + problems);
        }
    }

    private static void collect(Path dir, List<Path> out) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path c : children) {
                if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                    collect(c, out);
                }
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.add(dir);
    }

    private static void killAll(Path dir) {
        for (long pid : CgroupFiles.pids(dir.resolve("cgroup.procs"))) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean rmdir(Path dir) {
        for (int i = 0; i < 100; i++) {
            try {
                Files.delete(dir);
                return true;
            } catch (NoSuchFileException e) {
                return true;
            } catch (FileSystemException e) {
                killAll(dir);
                sleep(50);
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
