package dev.hako.cli.transfer;

import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts a tar from a container into a local directory, as `docker cp` does, without trusting
 * it: every entry must sit under the copied path's top entry; absolute names, ".." steps, hard
 * links leaving the tree and writes through symbolic links (the archive's own or ones already on
 * disk) are refused before anything is written for that entry. Files are created without following
 * links. A directory is never replaced by a file or the other way round (docker cp's rule).
 * Directory modes and times are applied last, so a read-only directory can still be filled.
 */
public final class SafeExtractor {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path dir;
    private final String sourceRoot;
    private final String root;
    private final boolean keepOwners;
    private final List<Runnable> directoryFixups = new ArrayList<>();

    private SafeExtractor(Path dir, String sourceRoot, String root, boolean keepOwners) {
        this.dir = dir;
        this.sourceRoot = sourceRoot;
        this.root = root;
        this.keepOwners = keepOwners;
    }

    /** The top entry's name, cleaned: what every entry of this archive must start with ("" for "."). */
    public static String sourceRoot(TarEntry first) throws UnsafeArchiveException {
        List<String> parts = parts(first.name());
        return parts.isEmpty() ? "" : parts.getFirst();
    }

    /**
     * Extracts {@code first} and the rest of {@code tar} into {@code dir}, the top entry renamed to
     * {@code root} ("" puts the contents of the top directory straight into {@code dir}).
     */
    public static void extract(TarReader tar, TarEntry first, Path dir, String root, boolean keepOwners) throws IOException {
        SafeExtractor x = new SafeExtractor(dir, sourceRoot(first), root, keepOwners);
        for (TarEntry e = first; e != null; e = tar.next()) {
            x.entry(e, tar.content());
        }
        for (int i = x.directoryFixups.size() - 1; i >= 0; i--) {
            x.directoryFixups.get(i).run(); // deepest first: setting a parent's time is the last touch
        }
    }

    private void entry(TarEntry e, InputStream content) throws IOException {
        List<String> target = destination(e.name());
        if (target.isEmpty()) {
            return; // the top directory of a contents-only copy: `dir` itself, left as it is
        }
        Path path = parents(target);
        switch (e.type()) {
            case DIRECTORY -> directory(path, e);
            case FILE -> file(path, e, content);
            case SYMLINK -> {
                replace(path, e);
                Files.createSymbolicLink(path, Path.of(e.linkName()));
                times(path, e);
            }
            case HARD_LINK -> {
                Path source = existing(destination(e.linkName()), e);
                replace(path, e);
                Files.createLink(path, source);
            }
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> throw new IOException(
                    "cannot copy \"" + e.name() + "\": device nodes and FIFOs are not supported by hako cp");
        }
        if (keepOwners) {
            Files.setAttribute(path, "unix:uid", (int) e.uid(), NOFOLLOW);
            Files.setAttribute(path, "unix:gid", (int) e.gid(), NOFOLLOW);
        }
    }

    private void directory(Path path, TarEntry e) throws IOException {
        if (Files.exists(path, NOFOLLOW)) {
            if (!Files.isDirectory(path, NOFOLLOW)) {
                throw new IOException("cannot overwrite non-directory \"" + path + "\" with directory \"" + e.name() + "\"");
            }
        } else {
            Files.createDirectory(path);
        }
        // Owner-writable until the end, whatever the archive says, so its contents can be written.
        Files.setAttribute(path, "unix:mode", 0700 | e.mode(), NOFOLLOW);
        directoryFixups.add(() -> {
            try {
                Files.setAttribute(path, "unix:mode", e.mode(), NOFOLLOW);
                times(path, e);
            } catch (IOException ignored) {
                // metadata only: the contents are in place
            }
        });
    }

    private void file(Path path, TarEntry e, InputStream content) throws IOException {
        replace(path, e);
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            content.transferTo(out);
        }
        Files.setAttribute(path, "unix:mode", e.mode(), NOFOLLOW);
        times(path, e);
    }

    /** Makes room for a non-directory: an existing file or link goes; an existing directory stays and is an error. */
    private static void replace(Path path, TarEntry e) throws IOException {
        if (Files.isDirectory(path, NOFOLLOW)) {
            throw new IOException("cannot overwrite directory \"" + path + "\" with non-directory \"" + e.name() + "\"");
        }
        Files.deleteIfExists(path); // a symbolic link is removed itself, never followed
    }

    /** The entry's path under the destination, renamed; refuses names that leave the copied tree. */
    private List<String> destination(String name) throws UnsafeArchiveException {
        List<String> parts = parts(name);
        if (!sourceRoot.isEmpty()) {
            if (parts.isEmpty() || !parts.getFirst().equals(sourceRoot)) {
                throw new UnsafeArchiveException("refusing to extract \"" + name + "\": it is outside the copied path \""
                        + sourceRoot + "\"");
            }
            parts = parts.subList(1, parts.size());
        }
        List<String> target = new ArrayList<>(parts.size() + 1);
        if (!root.isEmpty()) {
            target.add(root);
        }
        target.addAll(parts);
        return target;
    }

    /** Creates missing parent directories of {@code target}, refusing any step that is a symbolic link. */
    private Path parents(List<String> target) throws IOException {
        Path p = dir;
        for (int i = 0; i < target.size() - 1; i++) {
            p = p.resolve(target.get(i));
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeArchiveException("refusing to write \"" + String.join("/", target)
                        + "\" through the symbolic link \"" + p + "\"");
            }
            if (!Files.exists(p, NOFOLLOW)) {
                try {
                    Files.createDirectory(p);
                } catch (FileAlreadyExistsException raced) {
                    // fine: checked again below
                }
            }
            if (!Files.isDirectory(p, NOFOLLOW)) {
                throw new IOException("cannot extract \"" + String.join("/", target) + "\": " + p + " is not a directory");
            }
        }
        return p.resolve(target.getLast());
    }

    /** A hard link's source: already extracted, inside the tree, reached without symbolic links, not a directory. */
    private Path existing(List<String> source, TarEntry e) throws IOException {
        if (source.isEmpty()) {
            throw new UnsafeArchiveException("refusing hard link \"" + e.name() + "\" to the destination itself");
        }
        Path p = dir;
        for (int i = 0; i < source.size(); i++) {
            p = p.resolve(source.get(i));
            if (i < source.size() - 1 && Files.isSymbolicLink(p)) {
                throw new UnsafeArchiveException("refusing hard link \"" + e.name() + "\" through the symbolic link \"" + p + "\"");
            }
        }
        if (!Files.exists(p, NOFOLLOW) || Files.isDirectory(p, NOFOLLOW)) {
            throw new IOException("hard link \"" + e.name() + "\" points to \"" + e.linkName() + "\", which is not a file of the archive");
        }
        return p;
    }

    private static void times(Path path, TarEntry e) {
        try {
            FileTime t = FileTime.from(e.modified());
            Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
        } catch (IOException | UnsupportedOperationException ignored) {
            // a time that cannot be set on a link is not worth failing the copy
        }
    }

    /** The name's steps, without "." and empty ones; absolute names and ".." are refused. */
    static List<String> parts(String name) throws UnsafeArchiveException {
        if (name.startsWith("/")) {
            throw new UnsafeArchiveException("refusing to extract \"" + name + "\": absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnsafeArchiveException("refusing to extract \"" + name + "\": it contains \"..\"");
            }
            parts.add(part);
        }
        return parts;
    }
}
