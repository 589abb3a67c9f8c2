package dev.hako.containers;

import dev.hako.sys.Dir;
import dev.hako.sys.Errno;
import dev.hako.sys.Stat;
import dev.hako.sys.SysException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an upload into a container changed, so that a failed one leaves the container as it found
 * it: entries it made are removed, entries it replaced (set aside under a hidden name in the same
 * directory, not deleted) come back, and directories it kept get their mode, owner and time
 * back. Steps are undone newest first. No descriptor is held per step (an upload may have many
 * entries): each step finds its directory again from the destination, one name at a time
 * without following symlinks, as the upload did.
 */
final class CopyInUndo {
    @FunctionalInterface
    interface Walk {
        Dir walk(List<String> names, String what) throws IOException;
    }

    private interface Step {
        void undo(Dir parent) throws IOException;
    }

    private record Change(List<String> parents, String name, Step step) {}

    private final Walk walk;
    private final Deque<Change> changes = new ArrayDeque<>();
    private final List<Change> setAside = new ArrayList<>();

    CopyInUndo(Walk walk) {
        this.walk = walk;
    }

    void created(List<String> parents, String name, boolean directory) {
        changes.push(new Change(List.copyOf(parents), name, parent -> {
            try {
                if (directory) {
                    parent.removeDir(name);
                } else {
                    parent.remove(name);
                }
            } catch (SysException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
            }
        }));
    }

    /** Renames {@code name} to a hidden name beside it, to be removed on commit or renamed back on rollback. */
    void movedAside(Dir parent, List<String> parents, String name) throws SysException {
        String backup = ".hako-cp-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        parent.rename(name, backup);
        Change change = new Change(List.copyOf(parents), name, p -> p.rename(backup, name));
        changes.push(change);
        setAside.add(new Change(change.parents(), backup, p -> p.remove(backup)));
    }

    /** A directory the upload keeps but gives the archive's mode and owner. */
    void changed(List<String> parents, String name, Stat before) {
        changes.push(new Change(List.copyOf(parents), name, parent -> {
            try (Dir dir = parent.openDir(name)) {
                dir.fd().chown(before.uid(), before.gid());
                dir.fd().chmod(before.mode());
                dir.fd().setModified(before.modified());
            }
        }));
    }

    /** The upload succeeded: what it replaced goes for good. */
    void commit() throws IOException {
        for (Change c : setAside) {
            run(c);
        }
    }

    /** The upload failed with {@code failure}: every change is undone; what cannot be is added to it. */
    void rollback(Throwable failure) {
        while (!changes.isEmpty()) {
            try {
                run(changes.pop());
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void run(Change c) throws IOException {
        try (Dir parent = walk.walk(c.parents(), String.join("/", c.parents()))) {
            c.step().undo(parent);
        }
    }
}
