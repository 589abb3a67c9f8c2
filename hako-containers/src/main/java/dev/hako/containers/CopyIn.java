package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.Dir;
import dev.hako.sys.Fd;
import dev.hako.sys.Stat;
import dev.hako.sys.SysException;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extracts the tar of {@code hako cp} into a directory of a container. The destination is held
 * open, and each entry is made by name in a directory reached from it one name at a time without
 * following a symlink: an entry that would go through one (the archive's or the container's own,
 * swapped in meanwhile) is refused, and nothing is ever written outside the destination. Entries
 * get their mode and modification time, and those the upload makes the archive's owner (0:0
 * unless {@code hako cp -a} kept the owners); hard links, devices and FIFOs are skipped. A
 * directory is never replaced by anything else. A failed upload is undone ({@link CopyInUndo}):
 * what it made goes, what it replaced comes back.
 */
final class CopyIn {
    private final Dir destination;
    private final String path;
    private final CopyInUndo undo;
    private final List<DirectoryTime> directoryTimes = new ArrayList<>();

    private record DirectoryTime(List<String> names, Instant modified) {}

    private CopyIn(Dir destination, String path) {
        this.destination = destination;
        this.path = path;
        this.undo = new CopyInUndo(this::walk);
    }

    /** Extracts {@code in} into {@code destination} ({@code path} in the container, for messages). */
    static void extract(Dir destination, String path, InputStream in) throws IOException {
        CopyIn copy = new CopyIn(destination, path);
        try {
            TarReader tar = new TarReader(in);
            TarEntry entry;
            while ((entry = tar.next()) != null) {
                copy.entry(entry, tar.content());
            }
        } catch (Throwable t) {
            copy.undo.rollback(t);
            throw t;
        }
        copy.commit();
    }

    private void entry(TarEntry e, InputStream content) throws IOException {
        List<String> names = clean(e.name());
        if (names.isEmpty()) {
            return; // the destination itself
        }
        List<String> parents = names.subList(0, names.size() - 1);
        String name = names.getLast();
        try (Dir parent = walk(parents, e.name())) {
            Optional<Stat> there = parent.stat(name);
            boolean directoryThere = there.isPresent() && there.get().isDirectory();
            switch (e.type()) {
                case DIRECTORY -> {
                    if (directoryThere) {
                        undo.changed(parents, name, there.get());
                    } else {
                        setAside(parent, parents, name, there);
                        parent.mkdir(name, 0700);
                        undo.created(parents, name, true);
                    }
                    try (Dir made = parent.openDir(name)) {
                        if (!directoryThere) {
                            owner(made.fd(), e); // one that was there keeps its owner
                        }
                        made.fd().chmod(e.mode());
                    }
                    directoryTimes.add(new DirectoryTime(names, e.modified()));
                }
                case FILE -> {
                    if (directoryThere) {
                        throw HakoException.invalid("copy: cannot overwrite directory %s with file \"%s\"", path, e.name());
                    }
                    setAside(parent, parents, name, there);
                    try (Fd file = parent.createFile(name, 0600)) {
                        undo.created(parents, name, false);
                        content.transferTo(file.outputStream());
                        owner(file, e);
                        file.chmod(e.mode());
                        file.setModified(e.modified());
                    }
                }
                case SYMLINK -> {
                    if (directoryThere) {
                        throw HakoException.invalid("copy: cannot overwrite directory %s with symbolic link \"%s\"",
                                path, e.name());
                    }
                    setAside(parent, parents, name, there);
                    parent.symlink(name, e.linkName());
                    undo.created(parents, name, false);
                    try (Fd link = parent.open(name)) {
                        owner(link, e);
                    }
                }
                default -> {
                    // hard links, devices and FIFOs are not copied in
                }
            }
        }
    }

    /** Moves what is at {@code name} (never a directory) aside, so a rollback can put it back. */
    private void setAside(Dir parent, List<String> parents, String name, Optional<Stat> there) throws IOException {
        if (there.isPresent()) {
            undo.movedAside(parent, parents, name);
        }
    }

    /** The archive's owner; one the file has already is not set again. */
    private static void owner(Fd fd, TarEntry e) throws SysException {
        Stat now = fd.stat();
        if (Integer.toUnsignedLong(now.uid()) != e.uid() || Integer.toUnsignedLong(now.gid()) != e.gid()) {
            fd.chown((int) e.uid(), (int) e.gid());
        }
    }

    /**
     * Everything is in place: the originals that were replaced go, then directories get their
     * times (last, as every entry made in one changes its time). A failure here is reported, but
     * the copy stays: it is complete.
     */
    private void commit() throws IOException {
        undo.commit();
        for (DirectoryTime d : directoryTimes.reversed()) {
            try (Dir dir = walk(d.names(), String.join("/", d.names()))) {
                dir.fd().setModified(d.modified());
            }
        }
    }

    /** The directory {@code names} below the destination, reached one name at a time, never through a symlink. */
    private Dir walk(List<String> names, String entryName) throws IOException {
        Dir dir = Dir.of(destination.fd());
        for (String name : names) {
            try (Dir up = dir) {
                dir = up.openDir(name);
            } catch (SysException e) {
                throw HakoException.invalid("copy: entry \"%s\" would be written outside %s or through a symbolic link",
                        entryName, path);
            }
        }
        return dir;
    }

    /** The names of an entry: "." and empty ones dropped; an absolute name or one climbing out with ".." is refused. */
    static List<String> clean(String name) {
        if (name.startsWith("/")) {
            throw HakoException.invalid("copy: entry \"%s\" has an absolute name", name);
        }
        List<String> names = new ArrayList<>();
        for (String n : name.split("/")) {
            if (n.isEmpty() || n.equals(".")) {
                continue;
            }
            if (n.equals("..")) {
                throw HakoException.invalid("copy: entry \"%s\" climbs out of the destination", name);
            }
            if (n.indexOf('\0') >= 0) {
                throw HakoException.invalid("copy: entry \"%s\" has a NUL byte in its name", name.replace("\0", "\\0"));
            }
            names.add(n);
        }
        return names;
    }
}
