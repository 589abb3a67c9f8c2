package dev.hako.containers;

import dev.hako.archive.NonClosingOutputStream;
import dev.hako.archive.TarEntry;
import dev.hako.archive.TarReader;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.spec.user.RootPath;
import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code hako cp} through the container's mounted root filesystem, as tar streams. Paths inside
 * the container are resolved the way the container would (symlinks stay inside its root); what is
 * copied in never leaves the destination directory and is never written through a symlink.
 */
final class Copier {
    private final ContainerService service;

    Copier(ContainerService service) {
        this.service = service;
    }

    /** A tar of {@code path} (a file, or a directory and everything in it) named by its last component. */
    void copyFrom(String ref, String path, OutputStream out) throws IOException {
        ContainerRecord r = service.resolve(ref);
        RootPath root = RootPath.of(service.paths().rootfs(r.id()));
        // As docker cp: symlinks on the way are followed (inside the root), the last component is copied as it is.
        String trimmed = path.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        Path source = trimmed.isEmpty() || trimmed.endsWith("/.") || trimmed.endsWith("/..") || trimmed.equals(".")
                ? root.resolve(path)
                : root.resolve(slash < 0 ? "/" : trimmed.substring(0, slash + 1)).resolve(trimmed.substring(slash + 1));
        if (!source.normalize().startsWith(root.root())) {
            throw HakoException.invalid("copy: %s is outside the container", path);
        }
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw HakoException.notFound("Could not find the file %s in container %s", path, ref);
        }
        String top = source.equals(root.root()) ? "." : source.getFileName().toString();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    add(tar, dir, name(source, top, dir) + "/", attrs);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    add(tar, file, name(source, top, file), attrs);
                    return FileVisitResult.CONTINUE;
                }
            });
            tar.finish();
        }
    }

    private static String name(Path source, String top, Path p) {
        String rel = source.relativize(p).toString();
        return rel.isEmpty() ? top : top + "/" + rel;
    }

    private static void add(TarArchiveOutputStream tar, Path p, String name, BasicFileAttributes attrs) throws IOException {
        var unix = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry e;
        if (attrs.isSymbolicLink()) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (attrs.isDirectory()) {
            e = new TarArchiveEntry(name);
        } else if (attrs.isRegularFile()) {
            e = new TarArchiveEntry(name);
            e.setSize(attrs.size());
        } else {
            return; // devices, FIFOs and sockets are not copied out
        }
        e.setMode((int) unix.get("mode") & 07777);
        e.setUserId((int) unix.get("uid"));
        e.setGroupId((int) unix.get("gid"));
        e.setModTime(attrs.lastModifiedTime().toMillis());
        tar.putArchiveEntry(e);
        if (attrs.isRegularFile()) {
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    /** Extracts a tar into directory {@code path} of the container. */
    void copyTo(String ref, String path, InputStream in) throws IOException {
        ContainerRecord r = service.resolve(ref);
        RootPath root = RootPath.of(service.paths().rootfs(r.id()));
        Path destination = root.resolve(path);
        if (!Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
            throw HakoException.notFound("Could not find the directory %s in container %s", path, ref);
        }
        String destinationInRoot = "/" + root.root().relativize(destination);
        TarReader tar = new TarReader(in);
        List<Runnable> directoryTimes = new ArrayList<>();
        TarEntry entry;
        while ((entry = tar.next()) != null) {
            String name = clean(entry.name());
            if (name.isEmpty()) {
                continue;
            }
            Path parent = root.resolve(destinationInRoot + "/" + parentOf(name));
            if (!parent.startsWith(destination) || !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                throw HakoException.invalid("copy: entry \"%s\" would be written outside %s or through a symbolic link",
                        entry.name(), path);
            }
            Path target = parent.resolve(lastOf(name));
            switch (entry.type()) {
                case DIRECTORY -> {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(target);
                        Files.createDirectory(target);
                    }
                    Syscalls.chmod(target, entry.mode());
                    Path dir = target;
                    FileTime mtime = FileTime.from(entry.modified());
                    directoryTimes.add(() -> {
                        try {
                            Files.setLastModifiedTime(dir, mtime);
                        } catch (IOException ignored) {
                            // times are best effort
                        }
                    });
                }
                case FILE -> {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw HakoException.invalid("copy: cannot overwrite directory %s with file \"%s\"", path, entry.name());
                    }
                    Files.deleteIfExists(target);
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        tar.content().transferTo(out);
                    }
                    Syscalls.chmod(target, entry.mode());
                    Files.setLastModifiedTime(target, FileTime.from(entry.modified()));
                }
                case SYMLINK -> {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.linkName()));
                }
                default -> {
                    // hard links, devices and FIFOs are not copied in
                }
            }
        }
        directoryTimes.reversed().forEach(Runnable::run);
    }

    /** Removes "./" and empty components; an absolute name or one climbing out with ".." is refused. */
    private static String clean(String name) {
        if (name.startsWith("/")) {
            throw HakoException.invalid("copy: entry \"%s\" has an absolute name", name);
        }
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw HakoException.invalid("copy: entry \"%s\" climbs out of the destination", name);
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    private static String lastOf(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
