package dev.hako.cgroups;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes one cgroup directory tree with rmdir only. cgroupfs directories hold control files that
 * cannot be deleted; rmdir removes them with the directory, and refuses (EBUSY) while processes or
 * child cgroups remain, so children go first and EBUSY is retried while killed processes exit.
 */
final class CgroupRemover {
    private static final long FIRST_DELAY_MS = 10;
    private static final long MAX_DELAY_MS = 100;

    private CgroupRemover() {}

    /**
     * Removes {@code dir} and the cgroups below it, retrying until {@code deadline} (a
     * {@link System#nanoTime()} value); returns whether it existed.
     */
    static boolean remove(Path dir, String what, long deadline) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        List<Path> innermostFirst = new ArrayList<>();
        collect(dir, innermostFirst);
        for (Path d : innermostFirst) {
            rmdir(d, what, deadline);
        }
        return true;
    }

    private static void collect(Path dir, List<Path> out) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    collect(child, out);
                }
            }
        } catch (NoSuchFileException e) {
            return; // removed meanwhile (runc delete racing us): nothing to do
        } catch (IOException e) {
            throw new HakoException(ErrorKind.INTERNAL, "cannot list cgroup " + dir + ": " + e.getMessage(), e);
        }
        out.add(dir);
    }

    private static void rmdir(Path dir, String what, long deadline) {
        long delay = FIRST_DELAY_MS;
        while (true) {
            try {
                Files.delete(dir); // rmdir(2) for a directory: never a recursive delete
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (FileSystemException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw busy(dir, what, e);
                }
                sleep(delay);
                delay = Math.min(delay * 2, MAX_DELAY_MS);
            } catch (IOException e) {
                throw new HakoException(ErrorKind.INTERNAL, "cannot remove cgroup " + what + " at " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static HakoException busy(Path dir, String what, FileSystemException e) {
        String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        List<Long> pids;
        try {
            pids = CgroupFiles.pids(dir.resolve("cgroup.procs"));
        } catch (HakoException unreadable) {
            pids = List.of();
        }
        String left = pids.isEmpty() ? ""
                : " (processes still in it: " + String.join(" ", pids.stream().map(String::valueOf).toList()) + ")";
        return new HakoException(ErrorKind.FAILED_PRECONDITION,
                "cannot remove cgroup " + what + " at " + dir + ": " + reason + left, e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HakoException.unavailable("interrupted while removing a cgroup");
        }
    }
}
